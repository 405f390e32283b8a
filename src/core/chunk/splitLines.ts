import { joinLines, type SourceLine } from './sourceText';

/** The model's limit and how to count against it. */
export interface TokenBudget {
  /** Most tokens in one piece's text, header included, as counted by `countTokens`. */
  maxTokens: number;
  countTokens: (text: string) => number;
  /** `countTokens(text) <= limit`, for any limit, answered without counting when a cheap bound decides it. */
  fits?: (text: string, limit: number) => boolean;
  /** Counts of windows of whole lines of one text; without it, each window's text is composed and counted. */
  windows?: (lines: readonly string[]) => LineWindows | undefined;
}

/** Token counts of windows of whole lines of one text, answered without counting each window's text afresh. */
export interface LineWindows {
  /** Exactly `countTokens(compose(header, lines[from..to].join('\n')))` (from, to: 0-based, inclusive). */
  count(header: string, from: number, to: number): number;
}

/** Whether `text` is within the budget; the budget's own test when it has one (it may skip counting). */
export function withinBudget(budget: TokenBudget, text: string): boolean {
  return withinTokens(budget, text, budget.maxTokens);
}

/** Whether `text` counts at most `limit` tokens; the budget's own test when it has one (it may skip counting). */
export function withinTokens(budget: TokenBudget, text: string, limit: number): boolean {
  return budget.fits ? budget.fits(text, limit) : budget.countTokens(text) <= limit;
}

/** A run of whole lines, or (`cut`) a piece of one line too long for the budget on its own. */
export interface LinePiece {
  startLine: number;
  endLine: number;
  code: string;
  cut: boolean;
}

export interface SplitOptions {
  /** Put above the code of the first (or only) piece. */
  header: string;
  /** Put above the code of the other pieces; budgets are planned with it, so it should not be shorter. */
  continuationHeader: string;
  /** Most lines in one piece. */
  maxLines: number;
  /** Lines a piece repeats from the one before. */
  overlap: number;
}

/** The text of a piece: header line(s), then code. */
export function compose(header: string, code: string): string {
  if (header === '') return code;
  return code === '' ? header : `${header}\n${code}`;
}

function fits(budget: TokenBudget, header: string, code: string): boolean {
  return withinBudget(budget, compose(header, code));
}

/**
 * The length of the longest prefix of `text` that fits the budget under `header`, at least 1 (a budget
 * smaller than one character cannot be met). Grows the guess exponentially, then bisects, so that the
 * tokenizer never sees much more than twice the answer.
 */
export function fittingPrefixLength(text: string, header: string, budget: TokenBudget): number {
  if (text.length <= 1 || fits(budget, header, text)) return text.length;
  let good = 0;
  let bad = text.length;
  for (let guess = Math.max(1, budget.maxTokens * 2); guess < bad; guess *= 2) {
    if (!fits(budget, header, text.slice(0, guess))) {
      bad = guess;
      break;
    }
    good = guess;
  }
  while (bad - good > 1) {
    const mid = good + Math.floor((bad - good) / 2);
    if (fits(budget, header, text.slice(0, mid))) good = mid;
    else bad = mid;
  }
  let length = Math.max(1, good);
  // Never cut a surrogate pair in two.
  const code = text.charCodeAt(length - 1);
  if (length > 1 && length < text.length && code >= 0xd800 && code <= 0xdbff) length--;
  return length;
}

function cutLine(line: SourceLine, header: string, budget: TokenBudget): LinePiece[] {
  const pieces: LinePiece[] = [];
  for (let pos = 0; pos < line.text.length; ) {
    const rest = line.text.slice(pos);
    const length = fittingPrefixLength(rest, header, budget);
    pieces.push({ startLine: line.line, endLine: line.line, code: rest.slice(0, length), cut: true });
    pos += length;
  }
  return pieces;
}

function piece(lines: readonly SourceLine[], from: number, to: number): LinePiece {
  return { startLine: lines[from].line, endLine: lines[to].line, code: joinLines(lines.slice(from, to + 1)), cut: false };
}

/** Counts `compose(header, lines[from..to] joined)` by composing it: for budgets without their own windows. */
function composedWindows(lines: readonly SourceLine[], budget: TokenBudget): LineWindows {
  return { count: (header, from, to) => budget.countTokens(compose(header, joinLines(lines.slice(from, to + 1)))) };
}

/**
 * The last line `to` (from `from` up to `last`) such that lines `from`..`to` fit under `header`, given that
 * line `from` alone fits: doubles the step while windows fit, then bisects, so that a budget that counts
 * each window afresh needs only a logarithmic number of counts.
 */
function lastFitting(windows: LineWindows, header: string, maxTokens: number, from: number, last: number): number {
  const fitsTo = (to: number): boolean => windows.count(header, from, to) <= maxTokens;
  let good = from;
  let bad = last + 1;
  for (let step = 1; good + step < bad; step *= 2) {
    if (!fitsTo(good + step)) {
      bad = good + step;
      break;
    }
    good += step;
  }
  while (bad - good > 1) {
    const mid = good + Math.floor((bad - good) / 2);
    if (fitsTo(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

/**
 * Splits lines into pieces that each fit the token budget with their header and hold at most `maxLines`
 * lines; consecutive pieces overlap by `overlap` lines. A line that alone is over budget is cut into
 * character pieces (without overlap). Nothing is dropped. Every piece is checked against the budget as the
 * whole text it will be (the budget's `windows` count those texts without re-reading every line).
 */
export function splitLines(lines: readonly SourceLine[], budget: TokenBudget, options: SplitOptions): LinePiece[] {
  const n = lines.length;
  if (n === 0) return [];
  // A text no longer than the budget in characters is tested whole: a cheap bound often decides it. A longer
  // one is counted once for its windows, which then also say whether it fits whole.
  const code = joinLines(lines);
  const short = compose(options.header, code).length <= budget.maxTokens;
  if (short && n <= options.maxLines && fits(budget, options.header, code)) return [piece(lines, 0, n - 1)];
  const windows = budget.windows?.(lines.map((l) => l.text)) ?? composedWindows(lines, budget);
  if (!short && n <= options.maxLines && windows.count(options.header, 0, n - 1) <= budget.maxTokens) return [piece(lines, 0, n - 1)];
  const header = options.continuationHeader;
  const fitsWindow = (from: number, to: number): boolean => windows.count(header, from, to) <= budget.maxTokens;
  const pieces: LinePiece[] = [];
  let i = 0;
  while (i < n) {
    if (!fitsWindow(i, i)) {
      pieces.push(...cutLine(lines[i], header, budget));
      i++;
      continue;
    }
    const j = lastFitting(windows, header, budget.maxTokens, i, Math.min(n - 1, i + options.maxLines - 1));
    pieces.push(piece(lines, i, j));
    if (j === n - 1) break;
    // Repeat up to `overlap` lines, as many as leave room for the next line.
    let next = Math.max(i + 1, j + 1 - options.overlap);
    while (next <= j && !fitsWindow(next, j + 1)) next++;
    i = next;
  }
  return pieces;
}
