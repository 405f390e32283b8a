/** One line of a file: its 1-based number and its text without the line break. */
export interface SourceLine {
  line: number;
  text: string;
}

/**
 * A file's text split into lines the way tree-sitter counts rows: at '\n', with a trailing '\r' removed.
 * Rows are 0-based (tree-sitter), lines 1-based (units).
 */
export class SourceText {
  readonly lines: readonly string[];

  constructor(readonly text: string) {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
    }
    // A final line break ends the last line; it does not start an empty one.
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    this.lines = lines;
  }

  /** Number of lines, at least 1 (an empty file has one empty line). */
  get lineCount(): number {
    return this.lines.length;
  }

  row(row: number): string {
    return this.lines[row] ?? '';
  }

  /** Rows `from`..`to` (inclusive, 0-based) as numbered lines. */
  sourceLines(from: number, to: number): SourceLine[] {
    const out: SourceLine[] = [];
    for (let r = Math.max(0, from); r <= Math.min(to, this.lines.length - 1); r++) out.push({ line: r + 1, text: this.lines[r] });
    return out;
  }

  /** Given rows (0-based, any order, no duplicates expected) as numbered lines in order. */
  pickRows(rows: Iterable<number>): SourceLine[] {
    return [...new Set(rows)]
      .filter((r) => r >= 0 && r < this.lines.length)
      .sort((a, b) => a - b)
      .map((r) => ({ line: r + 1, text: this.lines[r] }));
  }
}

export function isBlank(text: string): boolean {
  return text.trim() === '';
}

/** Joins numbered lines back into code. */
export function joinLines(lines: readonly SourceLine[]): string {
  return lines.map((l) => l.text).join('\n');
}
