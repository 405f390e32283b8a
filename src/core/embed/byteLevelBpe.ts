/**
 * Byte-level BPE token counts of single pieces, straight from a tokenizer.json's merges: the UTF-8 bytes
 * of the piece as GPT-2's byte symbols, then the lowest-ranked adjacent pair merged until none is left.
 * The count is the number of symbols at the end. Running the whole tokenizer on one piece costs tens of
 * microseconds of setup; this costs a few. Exactness is checked against the tokenizer in the tests.
 */

/** GPT-2's reversible map from bytes to printable characters (the byte-level alphabet). */
function byteSymbols(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const symbols = new Array<string>(256);
  for (const b of printable) symbols[b] = String.fromCharCode(b);
  let extra = 0;
  for (let b = 0; b < 256; b++) if (symbols[b] === undefined) symbols[b] = String.fromCharCode(256 + extra++);
  return symbols;
}

const BYTE_SYMBOLS = byteSymbols();
const encoder = new TextEncoder();

/** Pieces longer than this (long whitespace runs, say) go to the tokenizer: merging is quadratic. */
export const MAX_BPE_PIECE_BYTES = 256;

/** Symbol ids below this pack into one pair key (`a * PAIR_KEY + b`), exact as a double. */
const PAIR_KEY = 0x200000;

/**
 * A ByteLevelBpe as plain arrays (its merges' pair keys, ranks and merged ids), cheap to copy to another
 * thread, which rebuilds the same counter from them without reading and parsing tokenizer.json.
 */
export interface BpeTables {
  pairKeys: Float64Array;
  pairRanks: Int32Array;
  mergedIds: Int32Array;
}

export class ByteLevelBpe {
  /** Scratch for one piece: its bytes, then its symbol ids as they merge. */
  private readonly bytes = new Uint8Array(3 * MAX_BPE_PIECE_BYTES);
  private readonly symbols = new Int32Array(MAX_BPE_PIECE_BYTES);

  /**
   * Merges keyed by the pair of symbol ids: the merge's rank, and (by rank) the id of the merged symbol.
   * A symbol's id is its byte value for the 256 byte symbols, then one per distinct merged string, so that
   * merging compares and looks up numbers instead of building strings.
   */
  private constructor(
    private readonly ranks: Map<number, number>,
    private readonly mergedIds: Int32Array,
  ) {}

  /** The same counter, rebuilt from `toTables()` (in another thread, say). */
  static fromTables(tables: BpeTables): ByteLevelBpe {
    const ranks = new Map<number, number>();
    for (let i = 0; i < tables.pairKeys.length; i++) ranks.set(tables.pairKeys[i]!, tables.pairRanks[i]!);
    return new ByteLevelBpe(ranks, tables.mergedIds);
  }

  /** The counter of these merges, in rank order (the first merge of a pair counts). */
  private static fromMerges(merges: readonly (readonly [string, string])[]): ByteLevelBpe {
    const ids = new Map<string, number>(BYTE_SYMBOLS.map((symbol, byte) => [symbol, byte]));
    const idOf = (symbol: string): number => {
      let id = ids.get(symbol);
      if (id === undefined) {
        id = ids.size;
        ids.set(symbol, id);
      }
      return id;
    };
    const ranks = new Map<number, number>();
    const mergedIds = new Int32Array(merges.length);
    merges.forEach(([a, b], rank) => {
      const key = idOf(a) * PAIR_KEY + idOf(b);
      mergedIds[rank] = idOf(a + b);
      if (!ranks.has(key)) ranks.set(key, rank);
    });
    return new ByteLevelBpe(ranks, mergedIds);
  }

  toTables(): BpeTables {
    const pairKeys = new Float64Array(this.ranks.size);
    const pairRanks = new Int32Array(this.ranks.size);
    let i = 0;
    for (const [key, rank] of this.ranks) {
      pairKeys[i] = key;
      pairRanks[i++] = rank;
    }
    return { pairKeys, pairRanks, mergedIds: this.mergedIds.slice() };
  }

  /**
   * From a tokenizer.json `model` section, when it is a plain byte-level BPE this class reproduces: no
   * dropout, no subword prefix or word suffix, merges kept (not ignored for words in the vocabulary).
   */
  static fromModel(model: unknown): ByteLevelBpe | undefined {
    if (typeof model !== 'object' || model === null) return undefined;
    const m = model as Record<string, unknown>;
    if (m['type'] !== 'BPE' || !Array.isArray(m['merges'])) return undefined;
    if ((m['dropout'] ?? null) !== null || (m['continuing_subword_prefix'] ?? null) !== null || (m['end_of_word_suffix'] ?? null) !== null) return undefined;
    if (m['ignore_merges'] === true || m['byte_fallback'] === true) return undefined;
    const merges: [string, string][] = [];
    for (const entry of m['merges'] as unknown[]) {
      if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'string') merges.push([entry[0], entry[1]]);
      else if (typeof entry === 'string' && entry.indexOf(' ') > 0) merges.push([entry.slice(0, entry.indexOf(' ')), entry.slice(entry.indexOf(' ') + 1)]);
      else return undefined;
    }
    // Each merge names at most three new symbols; their ids must stay below PAIR_KEY.
    if (256 + 3 * merges.length >= PAIR_KEY) return undefined;
    return ByteLevelBpe.fromMerges(merges);
  }

  /** Tokens for one pre-tokenized piece, or undefined for a piece too long to merge here. */
  count(piece: string): number | undefined {
    // A UTF-16 unit is at most 3 UTF-8 bytes, so the scratch holds any piece short enough to be let in.
    if (piece.length > MAX_BPE_PIECE_BYTES) return undefined;
    let length = encoder.encodeInto(piece, this.bytes).written;
    if (length > MAX_BPE_PIECE_BYTES) return undefined;
    const symbols = this.symbols;
    for (let i = 0; i < length; i++) symbols[i] = this.bytes[i]!;
    for (;;) {
      let best = -1;
      let bestRank = Number.POSITIVE_INFINITY;
      for (let i = 0; i + 1 < length; i++) {
        const rank = this.ranks.get(symbols[i]! * PAIR_KEY + symbols[i + 1]!);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) return length;
      const a = symbols[best]!;
      const b = symbols[best + 1]!;
      const merged = this.mergedIds[bestRank]!;
      let out = 0;
      for (let i = 0; i < length; i++) {
        if (i + 1 < length && symbols[i] === a && symbols[i + 1] === b) {
          symbols[out++] = merged;
          i++;
        } else {
          symbols[out++] = symbols[i]!;
        }
      }
      length = out;
    }
  }
}
