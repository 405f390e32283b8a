/**
 * Exact token counts for byte-level BPE tokenizers (ModernBERT's and GPT-2's kind), without running the
 * whole tokenizer on every text. Such a tokenizer normalises (NFC), splits the text into pieces with a
 * fixed regex, and runs BPE on each piece alone; so a text's token count is the sum of its pieces' counts,
 * and each distinct piece needs BPE once. Code repeats its words endlessly, so the chunker's many counts
 * (every line, every candidate window) become map lookups.
 */

import { PieceWindows, type PieceSplitter } from './pieceWindows';

/** The ByteLevel pre-tokenizer's split with `use_regex: true` (GPT-2's pattern). */
const BYTE_LEVEL_PIECES = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/**
 * The same split of an ASCII text, where `\p{L}` is `[A-Za-z]`, `\p{N}` is `[0-9]` and `\s` the six ASCII
 * spaces: the same pieces, found about twice as fast as by the Unicode pattern (most code is ASCII).
 */
const ASCII_PIECES = /'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+/g;

/** The splits walked one piece at a time (`exec`, from lastIndex) where counting may stop early. */
const PIECE_SCANNER = new RegExp(BYTE_LEVEL_PIECES);
const ASCII_PIECE_SCANNER = new RegExp(ASCII_PIECES);

/** NFC leaves ASCII as it is. */
const ASCII = /^[\x00-\x7f]*$/;

/** Distinct pieces remembered; past this the cache starts over (a bound on memory, not on correctness). */
const MAX_CACHED_PIECES = 200_000;

export interface TokenizerJson {
  normalizer?: unknown;
  pre_tokenizer?: unknown;
  model?: unknown;
  added_tokens?: unknown;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Whether counting piece by piece gives exactly the tokenizer's count: a BPE model behind a ByteLevel
 * pre-tokenizer that splits with its regex and adds no prefix space, and at most NFC normalisation.
 */
export function supportsPieceCounting(json: TokenizerJson): boolean {
  const normalizer = json.normalizer;
  const pre = json.pre_tokenizer;
  return (
    field(json.model, 'type') === 'BPE' &&
    (normalizer === null || normalizer === undefined || field(normalizer, 'type') === 'NFC') &&
    field(pre, 'type') === 'ByteLevel' &&
    field(pre, 'use_regex') !== false &&
    field(pre, 'add_prefix_space') !== true
  );
}

export class PieceCounter implements PieceSplitter {
  private readonly cache = new Map<string, number>();

  /**
   * @param countPiece the tokenizer's own count of one piece, without special tokens
   * @param specialTokens tokens the tokenizer adds around every text ([CLS] … [SEP])
   * @param addedTokens texts the tokenizer matches before splitting (special tokens written out): a text
   *   holding one is counted by `countWhole`, as the tokenizer would treat it
   */
  constructor(
    private readonly countPiece: (piece: string) => number,
    readonly specialTokens: number,
    private readonly addedTokens: readonly string[],
    private readonly countWhole: (text: string) => number,
  ) {}

  holdsAddedToken(text: string): boolean {
    return this.addedTokens.some((t) => text.includes(t));
  }

  /** `text` as the tokenizer splits it: NFC (which leaves ASCII as it is). */
  normalized(text: string): string {
    return ASCII.test(text) ? text : text.normalize('NFC');
  }

  count(text: string): number {
    if (this.holdsAddedToken(text)) return this.countWhole(text);
    let n = this.specialTokens;
    const ascii = ASCII.test(text);
    const pieces = ascii ? text.match(ASCII_PIECES) : text.normalize('NFC').match(BYTE_LEVEL_PIECES);
    if (pieces === null) return n;
    for (const piece of pieces) n += this.pieceCount(piece);
    return n;
  }

  /**
   * `count(text) <= maxTokens`, counting only as far as needed. Every piece is at least one token and a
   * byte-level token holds at least one byte, so the count so far plus the bytes left (at most 3 per UTF-16
   * unit; 1 for ASCII) bounds the total from above: the answer is known as soon as the count passes
   * `maxTokens` or that bound falls to it. A text far over budget costs about `maxTokens` pieces, not its
   * length, and a short one none.
   */
  fits(text: string, maxTokens: number): boolean {
    if (this.holdsAddedToken(text)) return this.countWhole(text) <= maxTokens;
    let n = this.specialTokens;
    const ascii = ASCII.test(text);
    const normal = ascii ? text : text.normalize('NFC');
    const bytesPerUnit = ascii ? 1 : 3;
    if (n + normal.length * bytesPerUnit <= maxTokens) return true;
    const pieces = ascii ? ASCII_PIECE_SCANNER : PIECE_SCANNER;
    pieces.lastIndex = 0;
    for (let m = pieces.exec(normal); m !== null; m = pieces.exec(normal)) {
      n += this.pieceCount(m[0]);
      if (n > maxTokens) return false;
      if (n + (normal.length - pieces.lastIndex) * bytesPerUnit <= maxTokens) return true;
    }
    return n <= maxTokens;
  }

  forEachPiece(text: string, visit: (start: number, tokens: number) => void): void {
    const pieces = ASCII.test(text) ? ASCII_PIECE_SCANNER : PIECE_SCANNER;
    pieces.lastIndex = 0;
    for (let m = pieces.exec(text); m !== null; m = pieces.exec(text)) visit(m.index, this.pieceCount(m[0]));
  }

  /** Exact counts of windows of whole lines (see PieceWindows); undefined when the lines hold an added token. */
  lineWindows(lines: readonly string[]): PieceWindows | undefined {
    return PieceWindows.of(lines, this);
  }

  private pieceCount(piece: string): number {
    let c = this.cache.get(piece);
    if (c === undefined) {
      c = this.countPiece(piece);
      if (this.cache.size >= MAX_CACHED_PIECES) this.cache.clear();
      this.cache.set(piece, c);
    }
    return c;
  }
}
