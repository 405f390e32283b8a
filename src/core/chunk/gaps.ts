import { isBlank, type SourceText } from './sourceText';
import type { RowRange, UnitDraft } from './unitDraft';

/** Uncovered code shorter than this (non-blank characters) is not worth a block: `package main`, `'use strict';`. */
export const MIN_GAP_CHARS = 24;
/** Lines that only close something: `}`, `});`, `end`, `fi`. */
const CLOSING_ONLY = /^(?:[{}()[\];,]+|end|fi|done|esac)?$/;

const UNCOVERED = 0;
const COVERED = 1;
/** Imports, namespace headers, the file's doc: shown by the file unit or not worth showing. */
const TRIVIA = 2;

/**
 * The row ranges that no unit shows (top-level script code, a class's multi-line field initializers,
 * stray comments), trimmed of blank and trivia rows at their edges. Ranges whose content is trivial
 * (trivia, blank lines, closing braces, fewer than MIN_GAP_CHARS characters) are left out.
 */
export function uncoveredRanges(source: SourceText, drafts: readonly UnitDraft[], triviaRows: readonly RowRange[]): RowRange[] {
  const n = source.lineCount;
  const state = new Uint8Array(n);
  for (const r of triviaRows) state.fill(TRIVIA, r.from, Math.min(n, r.to + 1));
  for (const d of drafts) {
    if (d.summaryRows === undefined) state.fill(COVERED, d.range.from, Math.min(n, d.range.to + 1));
    else for (const r of d.summaryRows) if (r < n) state[r] = COVERED;
  }
  const edge = (r: number): boolean => state[r] === TRIVIA || isBlank(source.row(r));
  const ranges: RowRange[] = [];
  for (let r = 0; r < n; ) {
    if (state[r] === COVERED) {
      r++;
      continue;
    }
    let end = r;
    let chars = 0;
    while (end < n && state[end] !== COVERED) {
      const trimmed = source.row(end).trim();
      if (state[end] === UNCOVERED && !CLOSING_ONLY.test(trimmed)) chars += trimmed.replace(/\s+/g, '').length;
      end++;
    }
    let from = r;
    let to = end - 1;
    while (from <= to && edge(from)) from++;
    while (to >= from && edge(to)) to--;
    if (chars >= MIN_GAP_CHARS && from <= to) ranges.push({ from, to });
    r = end;
  }
  return ranges;
}
