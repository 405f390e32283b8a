import { sha256 } from '../hash';
import type { CodeUnit } from '../types';
import { isBlank } from './sourceText';
import { compose, fittingPrefixLength, withinBudget } from './splitLines';
import type { FileContext } from './unitBuilder';

/** Doc lines shown in the file unit (its `doc` field keeps more). */
const MAX_DOC_LINES = 6;
/** Each listed import or declaration is one line of at most this length. */
const MAX_ENTRY_CHARS = 200;
/** A file without a grammar is summarised by its first non-blank lines. */
const PREVIEW_LINES = 12;

export interface FileOutline {
  doc: string;
  /** Import statements and namespace headers, one line each. */
  imports: readonly string[];
  /** Signatures of the top-level declarations, in file order. */
  declarations: readonly string[];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_ENTRY_CHARS);
}

/** The longest prefix of `lines` whose join fits the budget (bisected: the tokenizer runs O(log n) times). */
function fittingLines(file: FileContext, header: string, lines: readonly string[]): string[] {
  const { budget } = file;
  const fits = (k: number): boolean => withinBudget(budget, compose(header, lines.slice(0, k).join('\n')));
  if (fits(lines.length)) return [...lines];
  let good = 0;
  let bad = lines.length;
  while (bad - good > 1) {
    const mid = good + Math.floor((bad - good) / 2);
    if (fits(mid)) good = mid;
    else bad = mid;
  }
  return lines.slice(0, good);
}

/**
 * The one 'file' unit of a file: its path, its top doc, imports and top-level declaration signatures (or,
 * without a grammar, its first lines), cut to the token budget. Name and `fields.name` are the path.
 */
export function fileUnit(file: FileContext, outline: FileOutline | undefined): CodeUnit {
  let header = `file: ${file.path}`;
  if (!withinBudget(file.budget, header)) header = header.slice(0, fittingPrefixLength(header, '', file.budget));
  const entries =
    outline === undefined
      ? file.source.lines.filter((l) => !isBlank(l)).slice(0, PREVIEW_LINES).map(oneLine)
      : [...outline.doc.split('\n').filter((l) => !isBlank(l)).slice(0, MAX_DOC_LINES), ...outline.imports.map(oneLine), ...outline.declarations.map(oneLine)];
  const shown = fittingLines(file, header, entries);
  const body = shown.join('\n');
  const text = compose(header, body);
  return {
    file: file.path,
    startLine: 1,
    endLine: file.source.lineCount,
    name: file.path,
    kind: 'file',
    language: file.language,
    text,
    fields: { name: file.path, signature: '', doc: outline?.doc ?? '', body },
    contentHash: sha256(text),
  };
}
