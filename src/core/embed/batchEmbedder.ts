/**
 * Embeds a list of texts: tokenize, pack by token length, run each batch, pool, and put the vectors back
 * in input order. An input that makes ONNX Runtime throw fails alone; the rest of its batch still succeeds.
 */
import { CodeloupeError, type SerializedError } from '../errors';
import { yieldToEventLoop } from '../eventLoop';
import { packBatches, type BatchLimits } from './batching';
import type { Device } from './devices';
import type { ModelInfo } from './modelInfo';
import type { OnnxEncoder } from './onnxEncoder';
import type { ModelTokenizer } from './tokenizer';

export interface BatchEmbedResult {
  /** texts.length × dimension values; rows of failed inputs are zeros. */
  vectors: Float32Array;
  failures: { index: number; error: SerializedError }[];
  tokens: number;
  timings: EmbedTimings;
}

/** Where a request's time went inside the worker, and what it ran. */
export interface EmbedTimings {
  tokenizeMs: number;
  /** ONNX Runtime runs, pooling included. */
  inferMs: number;
  /** Real tokens run through the model, and the padded positions it computed (rows × padded length). */
  tokens?: number;
  paddedTokens?: number;
  /** Inputs cut to the token cap (`ModelInfo.maxTokens`). */
  truncated?: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxTokens: 2048, maxBatchSize: 64 };

/**
 * On the CPU, small padded batches are fastest: with the test model, 1-2k tokens per batch embedded
 * 500 code chunks of ~490 tokens 2-3x faster than 32k (attention memory grows with batch × length²).
 * GPUs want larger batches to fill the device.
 */
export function batchLimitsFor(device: Device, batchTokens?: number): BatchLimits {
  const maxTokens = batchTokens ?? (device === 'cpu' ? DEFAULT_BATCH_LIMITS.maxTokens : 16_384);
  return { maxTokens, maxBatchSize: DEFAULT_BATCH_LIMITS.maxBatchSize };
}

export class BatchEmbedder {
  constructor(
    private readonly model: ModelInfo,
    private readonly tokenizer: ModelTokenizer,
    private readonly encoder: Pick<OnnxEncoder, 'encode'>,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
  ) {}

  /** Resolves 'cancelled' when `isCancelled` turns true between two batches; `onBatch` follows progress. */
  async embed(texts: readonly string[], isCancelled: () => boolean, onBatch?: (done: number) => void): Promise<BatchEmbedResult | 'cancelled'> {
    const dimension = this.model.dimension;
    const vectors = new Float32Array(texts.length * dimension);
    const failures: BatchEmbedResult['failures'] = [];
    const tokenizeStart = performance.now();
    let truncated = 0;
    const ids: number[][] = texts.map((text, index) => {
      try {
        const encoded = this.tokenizer.encodeCapped(text, this.model.maxTokens);
        if (encoded.truncated) truncated++;
        if (encoded.ids.length === 0) failures.push({ index, error: embedFailure(`Input #${index} has no tokens`, 'the tokenizer produced none') });
        return encoded.ids;
      } catch (err) {
        failures.push({ index, error: embedFailure(`Tokenizing input #${index} failed`, err) });
        return [];
      }
    });
    const tokenizeMs = performance.now() - tokenizeStart;
    let inferMs = 0;
    const tokenizable = ids.map((_, i) => i).filter((i) => ids[i].length > 0);
    const lengths = tokenizable.map((i) => ids[i].length);
    let tokens = 0;
    let paddedTokens = 0;
    let done = texts.length - tokenizable.length;
    for (const batch of packBatches(lengths, this.limits)) {
      await yieldToEventLoop();
      if (isCancelled()) return 'cancelled';
      const members = batch.indices.map((k) => tokenizable[k]);
      const inferStart = performance.now();
      const rows = await this.encodeIsolatingFailures(members.map((i) => ids[i]), batch.paddedLength);
      inferMs += performance.now() - inferStart;
      paddedTokens += batch.paddedLength * members.length;
      rows.forEach((row, k) => {
        const index = members[k];
        if (row instanceof Float32Array) {
          vectors.set(row, index * dimension);
          tokens += ids[index].length;
        } else {
          failures.push({ index, error: row });
        }
      });
      done += members.length;
      onBatch?.(done);
    }
    failures.sort((a, b) => a.index - b.index);
    return { vectors, failures, tokens, timings: { tokenizeMs, inferMs, tokens, paddedTokens, truncated } };
  }

  /** Runs the batch; if ONNX Runtime throws, runs each input alone so only the bad ones fail. */
  private async encodeIsolatingFailures(batch: number[][], paddedLength: number): Promise<(Float32Array | SerializedError)[]> {
    try {
      return await this.encoder.encode(batch, paddedLength, this.tokenizer.padId);
    } catch (err) {
      if (batch.length === 1) return [embedFailure(`ONNX Runtime failed on an input of ${batch[0].length} tokens`, err)];
    }
    const rows: (Float32Array | SerializedError)[] = [];
    for (const ids of batch) {
      try {
        const [row] = await this.encoder.encode([ids], ids.length, this.tokenizer.padId);
        rows.push(row);
      } catch (err) {
        rows.push(embedFailure(`ONNX Runtime failed on an input of ${ids.length} tokens`, err));
      }
    }
    return rows;
  }
}

function embedFailure(what: string, err: unknown): SerializedError {
  if (err instanceof CodeloupeError) return err.serialize();
  const detail = err instanceof Error ? err.message : String(err);
  return { code: 'E_EMBED_FAILED', message: `${what}: ${detail}`, hint: 'The input is skipped; the rest of the index is unaffected.' };
}
