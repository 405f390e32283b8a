import { ModelTokenizer, type CountingTables } from '../embed/tokenizer';
import type { LineWindows } from './splitLines';

/**
 * How the chunker counts tokens, as plain data, so that a chunk thread can build the very counter the
 * main thread would: the model's own tokenizer (loaded from its tokenizer.json), or an estimate by length
 * when there is no model.
 */
export type TokenCounting = { kind: 'tokenizer'; tokenizerPath: string } | { kind: 'estimate'; charsPerToken: number };

export interface TokenCounter {
  countTokens: (text: string) => number;
  /** `countTokens(text) <= limit`, decided by a cheap bound when it can be. */
  fits?: (text: string, limit: number) => boolean;
  /** Exact counts of windows of whole lines of one text (see LineWindows). */
  windows?: (lines: readonly string[]) => LineWindows | undefined;
  /** The counter as data another thread rebuilds it from without reading the tokenizer (see CountingTables). */
  countingTables?: () => CountingTables | undefined;
}

/** Without a tokenizer: code averages about 3.5 characters per BPE token. */
export const ESTIMATED_CHARS_PER_TOKEN = 3.5;

export function estimateCounter(charsPerToken: number): TokenCounter {
  return { countTokens: (t) => Math.ceil(t.length / charsPerToken), windows: (lines) => estimateWindows(lines, charsPerToken) };
}

/** The estimate of a window from its length alone: line lengths summed once, each window by subtraction. */
function estimateWindows(lines: readonly string[], charsPerToken: number): LineWindows {
  const before = [0];
  for (const l of lines) before.push(before[before.length - 1] + l.length);
  return {
    count: (header, from, to) => {
      const code = before[to + 1] - before[from] + (to - from);
      const length = header === '' ? code : code === 0 ? header.length : header.length + 1 + code;
      return Math.ceil(length / charsPerToken);
    },
  };
}

export function tokenizerCounter(tokenizer: ModelTokenizer): TokenCounter {
  return {
    countTokens: (t) => tokenizer.count(t),
    fits: (t, limit) => tokenizer.fits(t, limit),
    windows: (lines) => tokenizer.lineWindows(lines),
    countingTables: () => tokenizer.countingTables(),
  };
}

/**
 * The counter a spec describes: rebuilt from `tables` (another thread's counter as data) when given, else
 * read from disk (throws E_MODEL_INVALID when it cannot be).
 */
export async function loadTokenCounter(spec: TokenCounting, tables?: CountingTables): Promise<TokenCounter> {
  if (spec.kind === 'estimate') return estimateCounter(spec.charsPerToken);
  if (tables !== undefined) return tokenizerCounter(ModelTokenizer.fromCountingTables(spec.tokenizerPath, tables));
  return tokenizerCounter(await ModelTokenizer.load({ tokenizerPath: spec.tokenizerPath }, 'when-needed'));
}

/** One string per distinct spec: the cache key of a loaded counter. */
export function countingKey(spec: TokenCounting): string {
  return spec.kind === 'estimate' ? `estimate:${spec.charsPerToken}` : `tokenizer:${spec.tokenizerPath}`;
}
