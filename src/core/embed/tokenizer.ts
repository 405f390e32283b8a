/**
 * The model's own tokenizer (tokenizer.json, pure JS). The chunker counts tokens with it in the main
 * process and the worker encodes with it, so this module must not load onnxruntime.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { CodeloupeError } from '../errors';
import type { ModelInfo } from './modelInfo';
import { ByteLevelBpe } from './byteLevelBpe';
import { PieceCounter, supportsPieceCounting, type TokenizerJson } from './pieceCounter';
import type { PieceWindows } from './pieceWindows';

/** Where the special tokens of a single sequence sit: [CLS] text [SEP] has one on each side. */
interface SpecialLayout {
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

export class ModelTokenizer {
  /** Exact counts piece by piece (byte-level BPE only); undefined: every count runs the whole tokenizer. */
  private readonly pieces: PieceCounter | undefined;

  private constructor(
    private readonly tokenizer: Tokenizer,
    private readonly layout: SpecialLayout,
    /** The id padded positions carry (the attention mask hides them). */
    readonly padId: number,
    json: TokenizerJson,
  ) {
    if (supportsPieceCounting(json)) {
      const added = Array.isArray(json.added_tokens) ? json.added_tokens.flatMap((t: unknown) => (typeof t === 'object' && t !== null && 'content' in t && typeof t.content === 'string' && t.content !== '' ? [t.content] : [])) : [];
      const bpe = ByteLevelBpe.fromModel(json.model);
      this.pieces = new PieceCounter(
        (piece) => bpe?.count(piece) ?? tokenizer.encode(piece, { add_special_tokens: false }).ids.length,
        layout.prefix + layout.suffix,
        added,
        (text) => tokenizer.encode(text).ids.length,
      );
    }
  }

  static async load(model: Pick<ModelInfo, 'tokenizerPath'>): Promise<ModelTokenizer> {
    const json = await readJson(model.tokenizerPath);
    if (json === undefined) {
      throw new CodeloupeError('E_MODEL_INVALID', `Tokenizer file ${model.tokenizerPath} is missing.`, { hint: 'Download the model folder again.' });
    }
    const config = (await readJson(path.join(path.dirname(model.tokenizerPath), 'tokenizer_config.json'))) ?? {};
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(json, config);
    } catch (err) {
      throw new CodeloupeError('E_MODEL_INVALID', `Could not load tokenizer ${model.tokenizerPath}: ${err instanceof Error ? err.message : String(err)}`, {
        hint: 'Download the model folder again; codeloupe needs a Hugging Face tokenizer.json.',
        cause: err,
      });
    }
    return new ModelTokenizer(tokenizer, specialLayout(tokenizer), padTokenId(tokenizer, json, config), json);
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

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CodeloupeError('E_MODEL_INVALID', `Could not read ${file}: ${(err as Error).message}`, { hint: 'Check the file permissions of the model folder.', cause: err });
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch (err) {
    throw new CodeloupeError('E_MODEL_INVALID', `${file} is not valid JSON.`, { hint: 'Download the model folder again.', cause: err });
  }
  throw new CodeloupeError('E_MODEL_INVALID', `${file} does not hold a JSON object.`, { hint: 'Download the model folder again.' });
}
