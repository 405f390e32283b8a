/**
 * The model's own tokenizer (tokenizer.json, pure JS). The chunker counts tokens with it in the main
 * process and the worker encodes with it, so this module must not load onnxruntime.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { CodeloupeError } from '../errors';
import type { ModelInfo } from './modelInfo';
import { ByteLevelBpe, type BpeTables } from './byteLevelBpe';
import { PieceCounter, supportsPieceCounting, type TokenizerJson } from './pieceCounter';
import type { PieceWindows } from './pieceWindows';

/** Where the special tokens of a single sequence sit: [CLS] text [SEP] has one on each side. */
export interface SpecialLayout {
  prefix: number;
  suffix: number;
}

/**
 * A very long text is first tokenized only up to this many characters per allowed token; if that prefix
 * does not yield comfortably more tokens than allowed (the margin keeps the cut word away from what is
 * kept), the whole text is tokenized.
 */
const MAX_CHARS_PER_TOKEN = 8;
const CUT_MARGIN_TOKENS = 16;

/**
 * How `ModelTokenizer.load` builds the whole tokenizer: 'now' (it encodes: the embedding worker, the main
 * process) or 'when-needed' (it only counts: a chunk thread, where counting goes piece by piece and the
 * whole tokenizer, half the load time, is built only for the rare text that needs it).
 */
export type WholeTokenizer = 'now' | 'when-needed';

/** What counting piece by piece needs, as plain data: a chunk thread gets it instead of reading tokenizer.json. */
export interface CountingTables {
  bpe: BpeTables;
  layout: SpecialLayout;
  addedTokens: string[];
}

export class ModelTokenizer {
  /** Exact counts piece by piece (byte-level BPE only); undefined: every count runs the whole tokenizer. */
  private readonly pieces: PieceCounter | undefined;
  private whole: { tokenizer: Tokenizer; padId: number } | undefined;
  private tables: CountingTables | undefined;

  private constructor(
    /** What the whole tokenizer is built from while it is not: the files as read, or their path (read then). */
    private source: TokenizerSource | string | undefined,
    private readonly layout: SpecialLayout,
    /** How to count piece by piece, where the tokenizer allows it. */
    private readonly byPiece: { bpe: ByteLevelBpe | undefined; addedTokens: string[] } | undefined,
  ) {
    if (byPiece !== undefined) {
      const { bpe, addedTokens } = byPiece;
      this.pieces = new PieceCounter(
        (piece) => bpe?.count(piece) ?? this.tokenizer.encode(piece, { add_special_tokens: false }).ids.length,
        layout.prefix + layout.suffix,
        addedTokens,
        (text) => this.tokenizer.encode(text).ids.length,
      );
    }
  }

  static async load(model: Pick<ModelInfo, 'tokenizerPath'>, build: WholeTokenizer = 'now'): Promise<ModelTokenizer> {
    const source = readSource(model.tokenizerPath);
    const json = parseJson(source.path, source.text);
    const byPiece = pieceCounting(json);
    const layout = build === 'when-needed' && byPiece !== undefined ? layoutFromJson(json) : undefined;
    if (layout !== undefined) return new ModelTokenizer(source, layout, byPiece);
    const whole = buildTokenizer(source, json);
    const tokenizer = new ModelTokenizer(undefined, specialLayout(whole.tokenizer), byPiece);
    tokenizer.whole = whole;
    return tokenizer;
  }

  /**
   * A counting tokenizer rebuilt from another's `countingTables()` (a chunk thread's, from the main thread's),
   * counting exactly as that one does; the whole tokenizer is read from `tokenizerPath` only if needed.
   */
  static fromCountingTables(tokenizerPath: string, tables: CountingTables): ModelTokenizer {
    return new ModelTokenizer(tokenizerPath, tables.layout, { bpe: ByteLevelBpe.fromTables(tables.bpe), addedTokens: tables.addedTokens });
  }

  /** What `fromCountingTables` needs; undefined where counting is not piece by piece with merges read here. */
  countingTables(): CountingTables | undefined {
    const bpe = this.byPiece?.bpe;
    if (bpe === undefined) return undefined;
    return (this.tables ??= { bpe: bpe.toTables(), layout: { ...this.layout }, addedTokens: [...this.byPiece!.addedTokens] });
  }

  /** The whole tokenizer, built on first use where the load left it for later. */
  private get tokenizer(): Tokenizer {
    return this.built().tokenizer;
  }

  /** The id padded positions carry (the attention mask hides them). */
  get padId(): number {
    return this.built().padId;
  }

  private built(): { tokenizer: Tokenizer; padId: number } {
    if (this.whole === undefined) {
      const source = typeof this.source === 'string' ? readSource(this.source) : this.source!;
      this.whole = buildTokenizer(source, parseJson(source.path, source.text));
      this.source = undefined;
    }
    return this.whole;
  }

  /** Tokens the model sees for `text`, special tokens included. */
  count(text: string): number {
    return this.pieces ? this.pieces.count(text) : this.tokenizer.encode(text).ids.length;
  }

  /**
   * Whether `text` fits in `maxTokens` (special tokens included). With a byte-level BPE, where every token
   * holds at least one byte, a text with no more bytes than the room left by the special tokens fits
   * without counting (that decides most lines and short units at once), and counting stops as soon as
   * the answer is known (see PieceCounter.fits).
   */
  fits(text: string, maxTokens: number): boolean {
    return this.pieces ? this.pieces.fits(text, maxTokens) : this.count(text) <= maxTokens;
  }

  /**
   * Exact counts of windows of whole lines of one text (`count(header, from, to)` as `count` of that window
   * under its header), each without recounting the lines; undefined where counting goes by whole texts.
   */
  lineWindows(lines: readonly string[]): PieceWindows | undefined {
    return this.pieces?.lineWindows(lines);
  }

  /** Token ids with special tokens, cut to `maxTokens` while keeping the closing special token(s). */
  encode(text: string, maxTokens: number): number[] {
    return this.encodeCapped(text, maxTokens).ids;
  }

  /** Like `encode`, and whether the text was cut to the cap (its tail is then not in the vector). */
  encodeCapped(text: string, maxTokens: number): { ids: number[]; truncated: boolean } {
    const limit = Math.max(maxTokens, this.layout.prefix + this.layout.suffix + 1);
    const cutAt = limit * MAX_CHARS_PER_TOKEN;
    let ids = text.length > cutAt ? this.tokenizer.encode(text.slice(0, cutAt)).ids : undefined;
    if (ids === undefined || ids.length < limit + CUT_MARGIN_TOKENS) ids = this.tokenizer.encode(text).ids;
    if (ids.length <= limit) return { ids, truncated: false };
    const suffix = this.layout.suffix;
    return { ids: [...ids.slice(0, limit - suffix), ...ids.slice(ids.length - suffix)], truncated: true };
  }

  /**
   * `text` itself when it fits in `maxTokens` (special tokens included), else the text of its first
   * tokens that fit, decoded back: what to hand the model so that a long input costs no more than a short one.
   */
  truncate(text: string, maxTokens: number): string {
    const ids = this.encode(text, maxTokens + 1);
    if (ids.length <= maxTokens) return text;
    return this.tokenizer.decode(ids.slice(this.layout.prefix, maxTokens - this.layout.suffix), { skip_special_tokens: true });
  }
}

/** A tokenizer.json (as read: parsed again only if the whole tokenizer is built later) and its tokenizer_config.json. */
interface TokenizerSource {
  path: string;
  text: string;
  config: Record<string, unknown>;
}

/**
 * Reads tokenizer.json and tokenizer_config.json beside it (a missing config is none). Blocking: the files
 * are read once per load, and the lazy build (`ModelTokenizer.built`) needs them from a synchronous count.
 */
function readSource(tokenizerPath: string): TokenizerSource {
  const text = readText(tokenizerPath);
  if (text === undefined) {
    throw new CodeloupeError('E_MODEL_INVALID', `Tokenizer file ${tokenizerPath} is missing.`, { hint: 'Download the model folder again.' });
  }
  const configPath = path.join(path.dirname(tokenizerPath), 'tokenizer_config.json');
  const configText = readText(configPath);
  return { path: tokenizerPath, text, config: configText === undefined ? {} : parseJson(configPath, configText) };
}

/** Counting piece by piece, where the tokenizer allows it: its merges (when plain byte-level BPE) and added tokens. */
function pieceCounting(json: TokenizerJson): { bpe: ByteLevelBpe | undefined; addedTokens: string[] } | undefined {
  if (!supportsPieceCounting(json)) return undefined;
  const addedTokens = Array.isArray(json.added_tokens)
    ? json.added_tokens.flatMap((t: unknown) => (typeof t === 'object' && t !== null && 'content' in t && typeof t.content === 'string' && t.content !== '' ? [t.content] : []))
    : [];
  return { bpe: ByteLevelBpe.fromModel(json.model), addedTokens };
}

function buildTokenizer(source: TokenizerSource, json: Record<string, unknown>): { tokenizer: Tokenizer; padId: number } {
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(json, source.config);
  } catch (err) {
    throw new CodeloupeError('E_MODEL_INVALID', `Could not load tokenizer ${source.path}: ${err instanceof Error ? err.message : String(err)}`, {
      hint: 'Download the model folder again; codeloupe needs a Hugging Face tokenizer.json.',
      cause: err,
    });
  }
  return { tokenizer, padId: padTokenId(tokenizer, json, source.config) };
}

/**
 * The special tokens around a single sequence, read from the post-processor as the tokenizer applies it:
 * a template's special tokens before and after its sequence, one on each side for BERT's and RoBERTa's.
 * Undefined for anything else (the whole tokenizer is then built to see).
 */
export function layoutFromJson(json: Record<string, unknown>): SpecialLayout | undefined {
  const post = json['post_processor'];
  if (typeof post !== 'object' || post === null) return undefined;
  const p = post as Record<string, unknown>;
  if (p['type'] === 'BertProcessing' || p['type'] === 'RobertaProcessing') return { prefix: 1, suffix: 1 };
  if (p['type'] !== 'TemplateProcessing' || !Array.isArray(p['single'])) return undefined;
  const specials = p['special_tokens'];
  const layout: SpecialLayout = { prefix: 0, suffix: 0 };
  let sequences = 0;
  for (const piece of p['single'] as unknown[]) {
    if (typeof piece !== 'object' || piece === null) return undefined;
    if ('Sequence' in piece) {
      sequences++;
      continue;
    }
    const special = 'SpecialToken' in piece ? (piece.SpecialToken as Record<string, unknown> | null) : null;
    const id = special?.['id'];
    const entry = typeof id === 'string' && typeof specials === 'object' && specials !== null ? (specials as Record<string, unknown>)[id] : undefined;
    const ids = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['ids'] : undefined;
    if (!Array.isArray(ids)) return undefined;
    if (sequences === 0) layout.prefix += ids.length;
    else layout.suffix += ids.length;
  }
  return sequences === 1 ? layout : undefined;
}

function specialLayout(tokenizer: Tokenizer): SpecialLayout {
  const bare = tokenizer.encode('a', { add_special_tokens: false }).ids;
  const full = tokenizer.encode('a').ids;
  for (let start = 0; start + bare.length <= full.length; start++) {
    if (bare.every((id, i) => full[start + i] === id)) return { prefix: start, suffix: full.length - start - bare.length };
  }
  return { prefix: 0, suffix: 0 };
}

function padTokenId(tokenizer: Tokenizer, json: Record<string, unknown>, config: Record<string, unknown>): number {
  const padding = json['padding'];
  if (typeof padding === 'object' && padding !== null && 'pad_id' in padding && typeof padding.pad_id === 'number') return padding.pad_id;
  const padToken = typeof config['pad_token'] === 'string' ? config['pad_token'] : '[PAD]';
  return tokenizer.token_to_id(padToken) ?? 0;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CodeloupeError('E_MODEL_INVALID', `Could not read ${file}: ${(err as Error).message}`, { hint: 'Check the file permissions of the model folder.', cause: err });
  }
}

function parseJson(file: string, text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch (err) {
    throw new CodeloupeError('E_MODEL_INVALID', `${file} is not valid JSON.`, { hint: 'Download the model folder again.', cause: err });
  }
  throw new CodeloupeError('E_MODEL_INVALID', `${file} does not hold a JSON object.`, { hint: 'Download the model folder again.' });
}
