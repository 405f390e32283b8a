import type { UnitKind } from '../../core/types';
import type { FolderResult } from '../../shared/protocol';

/** How one result reads in a picker, a hover or a tool answer. Pure: tested without VS Code. */
export interface ResultPresentation {
  /** A codicon id. */
  icon: string;
  label: string;
  /** `path:line`, then the folder in a multi-root workspace, then the score when shown. */
  description: string;
  /** The first line of the snippet that says something. */
  detail: string;
}

const KIND_ICONS: Record<UnitKind, string> = {
  function: 'symbol-function',
  method: 'symbol-method',
  class: 'symbol-class',
  file: 'file-code',
  block: 'symbol-snippet',
};

const DETAIL_MAX = 120;

export function kindIcon(kind: UnitKind): string {
  return KIND_ICONS[kind] ?? 'symbol-misc';
}

export function location(result: Pick<FolderResult, 'file' | 'startLine'>): string {
  return `${result.file}:${result.startLine}`;
}

/** A similarity (cosine) as two decimals; other scores are ranks in disguise and are not shown. */
export function formatScore(score: number): string {
  return score.toFixed(2);
}

export function presentResult(result: FolderResult, options: { folderName?: string; showScore?: boolean } = {}): ResultPresentation {
  const parts = [location(result)];
  if (options.folderName) parts.push(options.folderName);
  if (options.showScore) parts.push(formatScore(result.score));
  return {
    icon: kindIcon(result.kind),
    label: result.kind === 'file' ? (result.file.split('/').pop() ?? result.file) : result.name || `${result.kind} at line ${result.startLine}`,
    description: parts.join('  ·  '),
    detail: signatureLine(result.snippet, result.name),
  };
}

/** The line that declares `name` when the snippet has one (units start at their doc comment), else the first meaningful line. */
export function signatureLine(snippet: string, name: string): string {
  const word = name.split(/[.:#]/).pop() ?? '';
  const declaring = word && new RegExp(`\\b${escapeRegExp(word)}\\b`);
  const line = declaring ? snippet.split('\n').map((l) => l.trim()).find((l) => declaring.test(l) && !isComment(l)) : undefined;
  return line !== undefined ? cut(line) : firstMeaningfulLine(snippet);
}

/** `lines` lines of the snippet from the line that declares `name` (skipping the doc comment above it). */
export function snippetFromDeclaration(snippet: string, name: string, lines: number): string {
  const all = snippet.split('\n');
  const declaration = signatureLine(snippet, name);
  const start = Math.max(0, all.findIndex((l) => l.trim() !== '' && declaration.startsWith(l.trim().slice(0, DETAIL_MAX - 1))));
  const kept = all.slice(start, start + lines);
  const indent = Math.min(...kept.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)![0].length));
  return kept.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n').trimEnd();
}

/** Skips blank lines, lone braces and bare comment delimiters; cuts long lines with an ellipsis. */
export function firstMeaningfulLine(snippet: string): string {
  const line = snippet.split('\n').map((l) => l.trim()).find((l) => l !== '' && !/^[{}()[\];,/*#"'`]+$/.test(l)) ?? '';
  // A doc comment's text reads better without its `/**` or ` * ` lead.
  return cut(line.replace(/^(\/\*+|\*)\s*/, ''));
}

function isComment(line: string): boolean {
  return /^(\/\/|\/\*|\*|#|--)/.test(line);
}

function cut(line: string): string {
  return line.length > DETAIL_MAX ? `${line.slice(0, DETAIL_MAX - 1)}…` : line;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
