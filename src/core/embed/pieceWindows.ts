/**
 * Exact token counts of line windows of one text, each in constant time after one pass over the text.
 *
 * The chunker cuts a long unit into windows of whole lines that must each fit the model's budget with a
 * header above them. Counting every candidate window afresh re-tokenizes the same lines again and again;
 * this pre-tokenizes the joined lines once and answers a window from prefix sums, recounting only its two
 * edges. That is exact because of how the byte-level pre-tokenizer splits (see PieceCounter): a piece never
 * spans whitespace except for one leading space, and a match depends only on the text from where it
 * starts. So at a "sync point", a piece boundary with non-space characters on both sides, the split of any
 * window that contains the point agrees with the split of the whole text:
 *
 *   count(header + '\n' + lines i..j) = special tokens
 *     + pieces(header + '\n' + text from line i's start to its first sync point s)
 *     + (tokens of the whole text's pieces from s to the last sync point y before line j's end)
 *     + pieces(text from y to line j's end)
 *
 * The edges are counted with the real splitter and memoised per line. A window without a sync point
 * (a line like `}`) is counted whole.
 */

/** What the windows need from a piece-wise counter. */
export interface PieceSplitter {
  /** Tokens the tokenizer adds around every text ([CLS] … [SEP]). */
  readonly specialTokens: number;
  /** The full count of a text, special tokens included (as `ModelTokenizer.count`). */
  count(text: string): number;
  /** Whether the tokenizer would match one of its added tokens (written-out special tokens) in `text`. */
  holdsAddedToken(text: string): boolean;
  /** `text` normalised as the tokenizer does before it splits (NFC). */
  normalized(text: string): string;
  /** Each piece of an NFC-normalised text, in order: where it starts and its token count. */
  forEachPiece(text: string, visit: (start: number, tokens: number) => void): void;
}

/** Line breaks between the windows' lines; a piece never spans one except as whitespace. */
const WHITESPACE = /\s/u;

/** Whether the character at `i` is whitespace as the splitter's `\s` sees it (ASCII decided without a regex). */
function isSpaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 128 ? c === 32 || (c >= 9 && c <= 13) : WHITESPACE.test(text[i]!);
}

export class PieceWindows {
  /** Where each line starts and ends in `text` (end: the index of its line break, or the text's end). */
  private readonly starts: number[];
  private readonly ends: number[];
  /** Sync points in order: position in `text`, and tokens of all pieces before it. */
  private readonly syncAt: number[] = [];
  private readonly tokensBefore: number[] = [];
  /** Per line: index (into syncAt) of the first sync point at or after its start; of the last one before its end. */
  private readonly firstSync: number[];
  private readonly lastSync: number[];
  private readonly heads = new Map<string, Map<number, number>>();
  private readonly tails = new Map<number, number>();
  private readonly text: string;

  private constructor(
    lines: readonly string[],
    private readonly splitter: PieceSplitter,
  ) {
    // NFC never composes across a line break, so normalising line by line normalises every window.
    const normal = lines.map((l) => splitter.normalized(l));
    this.text = normal.join('\n');
    this.starts = [];
    this.ends = [];
    let at = 0;
    for (const l of normal) {
      this.starts.push(at);
      this.ends.push(at + l.length);
      at += l.length + 1;
    }
    const text = this.text;
    let tokens = 0;
    splitter.forEachPiece(text, (start, count) => {
      if (start > 0 && !isSpaceAt(text, start - 1) && !isSpaceAt(text, start)) {
        this.syncAt.push(start);
        this.tokensBefore.push(tokens);
      }
      tokens += count;
    });
    this.firstSync = this.starts.map((s) => this.syncIndexFrom(s));
    this.lastSync = this.ends.map((e) => this.syncIndexFrom(e) - 1);
  }

  /** Windows over `lines`, or undefined when they hold an added token (the tokenizer then splits differently). */
  static of(lines: readonly string[], splitter: PieceSplitter): PieceWindows | undefined {
    if (splitter.holdsAddedToken(lines.join('\n'))) return undefined;
    return new PieceWindows(lines, splitter);
  }

  /**
   * Exactly `count(compose(header, lines[from..to].join('\n')))`: the tokens of lines `from`..`to`
   * (inclusive, 0-based) under `header` (nothing above them when it is empty), special tokens included.
   */
  count(header: string, from: number, to: number): number {
    const start = this.starts[from];
    const end = this.ends[to];
    const s = this.firstSync[from];
    const y = this.lastSync[to];
    if (start === end || s > y || this.splitter.holdsAddedToken(`${header}\n`)) {
      const code = this.text.slice(start, end);
      return this.splitter.count(header === '' ? code : code === '' ? header : `${header}\n${code}`);
    }
    return this.splitter.specialTokens + this.head(header, from, s) + (this.tokensBefore[y] - this.tokensBefore[s]) + this.tail(to, y);
  }

  /** Tokens of the pieces before sync point `s` of a window that starts at line `from` under `header`. */
  private head(header: string, from: number, s: number): number {
    let byLine = this.heads.get(header);
    if (!byLine) this.heads.set(header, (byLine = new Map()));
    let tokens = byLine.get(from);
    if (tokens === undefined) {
      const code = this.text.slice(this.starts[from], this.syncAt[s]);
      tokens = this.pieceTokens(header === '' ? code : `${header}\n${code}`);
      byLine.set(from, tokens);
    }
    return tokens;
  }

  /** Tokens of the pieces from sync point `y` to the end of line `to`, where a window ends. */
  private tail(to: number, y: number): number {
    let tokens = this.tails.get(to);
    if (tokens === undefined) {
      tokens = this.pieceTokens(this.text.slice(this.syncAt[y], this.ends[to]));
      this.tails.set(to, tokens);
    }
    return tokens;
  }

  private pieceTokens(text: string): number {
    return this.splitter.count(text) - this.splitter.specialTokens;
  }

  /** The index of the first sync point at or after `position` (syncAt.length when there is none). */
  private syncIndexFrom(position: number): number {
    let lo = 0;
    let hi = this.syncAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.syncAt[mid] < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
