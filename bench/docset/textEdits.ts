/**
 * Removing doc comments from a source while keeping track of where everything moved: the targets of a
 * doc-comment set are line ranges in the stripped text.
 */

export interface TextEdit {
  start: number;
  end: number;
  /** What replaces [start, end); default nothing. */
  replacement?: string;
}

export interface EditedText {
  text: string;
  /** Where an offset of the original text lands in the edited one. */
  newOffset(offset: number): number;
  /** 1-based line of an offset of the edited text. */
  lineOf(offset: number): number;
}

/** The span to delete for a comment: its whole lines when nothing else is on them, else the comment alone. */
export function removalSpan(text: string, start: number, end: number): TextEdit {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  const aloneBefore = text.slice(lineStart, start).trim() === '';
  const aloneAfter = text.slice(end, newline < 0 ? text.length : newline).trim() === '';
  return aloneBefore && aloneAfter ? { start: lineStart, end: lineEnd } : { start, end };
}

/** Applies non-overlapping edits (overlapping ones are merged, the first replacement kept). */
export function applyEdits(text: string, edits: readonly TextEdit[]): EditedText {
  const merged: TextEdit[] = [];
  for (const e of [...edits].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const last = merged[merged.length - 1];
    if (last && e.start < last.end) last.end = Math.max(last.end, e.end);
    else merged.push({ ...e });
  }
  let out = '';
  let cursor = 0;
  for (const e of merged) {
    out += text.slice(cursor, e.start) + (e.replacement ?? '');
    cursor = e.end;
  }
  out += text.slice(cursor);

  const newOffset = (offset: number): number => {
    let shift = 0;
    for (const e of merged) {
      if (e.start >= offset) break;
      const removed = Math.min(e.end, offset) - e.start;
      shift += removed - (offset >= e.end ? (e.replacement ?? '').length : 0);
    }
    return offset - shift;
  };
  const lineStarts = [0];
  for (let i = 0; i < out.length; i++) if (out[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  return { text: out, newOffset, lineOf };
}
