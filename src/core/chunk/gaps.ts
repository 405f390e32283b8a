import { isBlank, type SourceText } from './sourceText';
import type { BlockLabel, RowRange, UnitDraft } from './unitDraft';

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

/** A block of uncovered code and what it is named after. */
export interface NamedRange {
  range: RowRange;
  /** The label of the one named value it holds, or the names of the values it holds ('a, b, c, …'), or undefined. */
  name?: string;
}

const MAX_LISTED_NAMES = 3;

function codeChars(source: SourceText, from: number, to: number): number {
  let chars = 0;
  for (let r = from; r <= to; r++) {
    const trimmed = source.row(r).trim();
    if (!CLOSING_ONLY.test(trimmed)) chars += trimmed.replace(/\s+/g, '').length;
  }
  return chars;
}

/**
 * Splits an uncovered range into blocks by the named values its rows belong to (the outermost label of
 * each row): a large `const locales = {...}` is a block of its own, named after it, whatever it nests. Named values too small
 * for a block of their own stay with the code around them, which is named after the values it holds.
 * Blocks whose content is trivial (as in uncoveredRanges) are left out.
 */
export function namedBlocks(source: SourceText, range: RowRange, labels: readonly BlockLabel[]): NamedRange[] {
  const outermost = (row: number): BlockLabel | undefined => {
    let best: BlockLabel | undefined;
    for (const l of labels) {
      if (l.range.from <= row && row <= l.range.to && (best === undefined || l.range.to - l.range.from > best.range.to - best.range.from)) best = l;
    }
    return best;
  };
  // Runs of rows with one outermost label; blank rows go with the run before them.
  const runs: { from: number; to: number; label: BlockLabel | undefined }[] = [];
  for (let r = range.from; r <= range.to; r++) {
    const last = runs.at(-1);
    const label = isBlank(source.row(r)) && last !== undefined ? last.label : outermost(r);
    if (last !== undefined && last.label === label) last.to = r;
    else runs.push({ from: r, to: r, label });
  }
  // Small named runs join the unnamed code around them.
  const groups: { from: number; to: number; label: BlockLabel | undefined; names: string[] }[] = [];
  for (const run of runs) {
    const named = run.label !== undefined && codeChars(source, run.from, run.to) >= MIN_GAP_CHARS;
    const label = named ? run.label : undefined;
    const last = groups.at(-1);
    if (last !== undefined && last.label === undefined && label === undefined) {
      last.to = run.to;
      if (run.label !== undefined) last.names.push(run.label.name);
    } else {
      groups.push({ from: run.from, to: run.to, label, names: run.label === undefined || named ? [] : [run.label.name] });
    }
  }
  const out: NamedRange[] = [];
  for (const g of groups) {
    let { from, to } = g;
    while (from <= to && isBlank(source.row(from))) from++;
    while (to >= from && isBlank(source.row(to))) to--;
    if (from > to || codeChars(source, from, to) < MIN_GAP_CHARS) continue;
    const names = [...new Set(g.names.map((n) => n.replace(/ \(.*\)$/, '')))];
    const listed = names.length > MAX_LISTED_NAMES ? `${names.slice(0, MAX_LISTED_NAMES).join(', ')}, …` : names.join(', ');
    const name = g.label?.name ?? (listed === '' ? undefined : listed);
    out.push(name === undefined ? { range: { from, to } } : { range: { from, to }, name });
  }
  return out;
}
