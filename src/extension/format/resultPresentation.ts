import type { UnitKind } from '../../core/types';
import type { FolderResult } from '../../shared/protocol';

/** How one result reads in a picker, the results view, a hover or a tool answer. Pure: tested without VS Code. */
export interface ResultPresentation {
  /** A codicon id. */
  icon: string;
  /** The unit's name (`Class.method` for methods), or the file's for a file unit. */
  label: string;
  /** `path:line` (the declaration), which part of a long unit, the folder, why it matched, the score. */
  description: string;
  /** The line that matched best, else the declaration, else the first line that says something. */
  detail: string;
}

export interface PresentOptions {
  /** The folder's name, in a multi-root workspace. */
  folderName?: string;
  /** Show the similarity (find similar: cosines mean something; fused ranks do not). */
  showScore?: boolean;
  /** Say why the result is there ("keywords and meaning"): for hybrid searches, where it differs. */
  showWhy?: boolean;
}

const KIND_ICONS: Record<UnitKind, string> = {
  function: 'symbol-function',
  method: 'symbol-method',
  class: 'symbol-class',
  file: 'file-code',
  block: 'symbol-snippet',
};

const DETAIL_MAX = 120;
const SEPARATOR = '  ·  ';

export function kindIcon(kind: UnitKind): string {
  return KIND_ICONS[kind] ?? 'symbol-misc';
}

/** `path:line` of where the result opens: the unit's start for a part of a long unit. */
export function location(result: Pick<FolderResult, 'file' | 'startLine'> & { window?: FolderResult['window'] }): string {
  return `${result.file}:${declarationLineOf(result)}`;
}

/** The line a result opens at: the start of its unit (a part of a long unit opens at the unit's declaration). */
export function declarationLineOf(result: Pick<FolderResult, 'startLine'> & { window?: FolderResult['window'] }): number {
  return result.window?.unitStartLine ?? result.startLine;
}

/** "part 2 of 3, lines 199–214" for a window of a long unit; undefined for a whole unit. */
export function partText(result: Pick<FolderResult, 'startLine' | 'endLine' | 'window'>): string | undefined {
  const w = result.window;
  if (!w || w.count <= 1) return undefined;
  return `part ${w.index + 1} of ${w.count}, lines ${result.startLine}–${result.endLine}`;
}

/** Why a result is there, in words. */
export function whyText(matchedBy: FolderResult['matchedBy']): string {
  const semantic = matchedBy.includes('semantic');
  const lexical = matchedBy.includes('lexical');
  return semantic && lexical ? 'keywords and meaning' : semantic ? 'meaning only' : 'keywords only';
}

/** A similarity (cosine) as two decimals; other scores are ranks in disguise and are not shown. */
export function formatScore(score: number): string {
  return score.toFixed(2);
}

export function presentResult(result: FolderResult, options: PresentOptions = {}): ResultPresentation {
  const parts = [location(result)];
  const part = partText(result);
  if (part) parts.push(part);
  if (options.folderName) parts.push(options.folderName);
  if (options.showWhy) parts.push(whyText(result.matchedBy));
  if (options.showScore) parts.push(formatScore(result.score));
  return { icon: kindIcon(result.kind), label: labelOf(result), description: parts.join(SEPARATOR), detail: detailOf(result) };
}

export function labelOf(result: Pick<FolderResult, 'kind' | 'file' | 'name' | 'startLine' | 'container'>): string {
  if (result.kind === 'file') return result.file.split('/').pop() ?? result.file;
  if (!result.name) return `${result.kind} at line ${result.startLine}`;
  return result.container && result.kind === 'method' && !result.name.includes('.') ? `${result.container}.${result.name}` : result.name;
}

function detailOf(result: FolderResult): string {
  if (result.bestLine) return cut(result.bestLine.text.trim());
  // A later part of a long unit does not hold the declaration: its first line that says something.
  if (result.window && result.window.index > 0) return firstMeaningfulLine(result.snippet);
  return signatureLine(result.snippet, result.name);
}

/** The line that declares `name` when the snippet has one (units start at their doc comment), else the first meaningful line. */
export function signatureLine(snippet: string, name: string): string {
  const word = name.split(/[.:#]/).pop() ?? '';
  const declaring = word && new RegExp(`\\b${escapeRegExp(word)}\\b`);
  const line = declaring ? snippet.split('\n').map((l) => l.trim()).find((l) => declaring.test(l) && !isComment(l)) : undefined;
  return line !== undefined ? cut(line) : firstMeaningfulLine(snippet);
}

/** `lines` lines of the snippet from the line that declares `name`, never from a comment (doc comment, licence header). */
export function snippetFromDeclaration(snippet: string, name: string, lines: number): string {
  const all = snippet.split('\n');
  const word = name.split(/[.:#]/).pop() ?? '';
  const declaring = word ? new RegExp(`\\b${escapeRegExp(word)}\\b`) : undefined;
  let start = declaring ? all.findIndex((l) => declaring.test(l) && !isComment(l.trim())) : -1;
  // No declaration in the snippet (a file unit, a later part): from the first line that is code.
  if (start < 0) start = firstCodeLine(all);
  if (start < 0) return '';
  const kept = all.slice(start, start + lines);
  const indent = Math.min(...kept.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)![0].length));
  return kept.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n').trimEnd();
}

/** The first line that says something: not blank, not lone punctuation or a bare keyword (`) {`, `if (`, `} else {`). */
export function firstMeaningfulLine(snippet: string): string {
  const lines = snippet.split('\n').map((l) => l.trim());
  const line = lines.find((l) => l !== '' && saysSomething(l)) ?? lines.find((l) => l !== '' && !/^[{}()[\];,/*#"'`]+$/.test(l)) ?? '';
  // A doc comment's text reads better without its `/**` or ` * ` lead.
  return cut(line.replace(/^(\/\*+|\*)\s*/, ''));
}

const BARE = new Set(['if', 'else', 'for', 'while', 'do', 'try', 'catch', 'finally', 'return', 'switch', 'case', 'default', 'break', 'continue', 'end', 'then', 'fi', 'done', 'begin']);

function saysSomething(line: string): boolean {
  const words = line.match(/[A-Za-z_$][\w$]*/g) ?? [];
  return words.some((w) => w.length > 1 && !BARE.has(w));
}

function isComment(line: string): boolean {
  return /^(\/\/|\/\*|\*|#|--|""")/.test(line);
}

/** The index of the first line that is code: not blank, not a comment, not inside a block comment (licence headers). */
function firstCodeLine(lines: readonly string[]): number {
  let inBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (inBlock) {
      if (text.includes('*/')) inBlock = false;
      continue;
    }
    if (text.startsWith('/*')) {
      inBlock = !text.includes('*/');
      continue;
    }
    if (text !== '' && !isComment(text)) return i;
  }
  return -1;
}

function cut(line: string): string {
  return line.length > DETAIL_MAX ? `${line.slice(0, DETAIL_MAX - 1)}…` : line;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
