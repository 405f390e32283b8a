import type { UnitKind } from '../../core/types';
import type { FolderResult } from '../../server/protocol';

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
    detail: firstMeaningfulLine(result.snippet),
  };
}

/** Skips blank lines and lone braces or decorators' noise; cuts long lines with an ellipsis. */
export function firstMeaningfulLine(snippet: string): string {
  const line = snippet.split('\n').map((l) => l.trim()).find((l) => l !== '' && !/^[{}()[\];,]+$/.test(l)) ?? '';
  return line.length > DETAIL_MAX ? `${line.slice(0, DETAIL_MAX - 1)}…` : line;
}
