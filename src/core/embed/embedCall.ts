/**
 * One `embed()` call: its texts divided into chunks (one worker message each), the vectors gathered so
 * far, progress, and how it settles (done, failed, or cancelled).
 */
import type { CancellationToken } from '../cancellation';
import { CancelledError } from '../errors';
import type { EmbedTimings } from './batchEmbedder';
import { addTimings, type ChunkResult } from './crashRecovery';
import type { EmbedResult } from '../engine/ports';


export type ProgressListener = (done: number, total: number) => void;

export interface TextChunk {
  /** Position of texts[0] in the call's input. */
  offset: number;
  texts: string[];
}

export interface ChunkLimits {
  maxTexts: number;
  maxChars: number;
}

/** Fewer texts per message make progress and crash isolation finer; more make fewer round trips. */
export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { maxTexts: 64, maxChars: 512 * 1024 };

export function chunkTexts(texts: readonly string[], limits: ChunkLimits): TextChunk[] {
  const chunks: TextChunk[] = [];
  let current: TextChunk | undefined;
  let chars = 0;
  texts.forEach((text, i) => {
    if (current === undefined || current.texts.length >= limits.maxTexts || chars + text.length > limits.maxChars) {
      current = { offset: i, texts: [] };
      chunks.push(current);
      chars = 0;
    }
    current.texts.push(text);
    chars += text.length;
  });
  return chunks;
}

export class EmbedCall {
  readonly promise: Promise<EmbedResult>;
  private readonly vectors: (Float32Array | null)[];
  private readonly failures: EmbedResult['failures'] = [];
  private timings: EmbedTimings = { tokenizeMs: 0, inferMs: 0 };
  private remainingChunks: number;
  private done = 0;
  private settled = false;
  private resolve!: (outcome: EmbedResult) => void;
  private reject!: (err: Error) => void;
  private readonly subscription: { dispose(): void } | undefined;
  /** Set while one of this call's chunks runs in the worker: cancels it there. */
  cancelInFlight: (() => void) | undefined;

  constructor(
    readonly total: number,
    chunkCount: number,
    private readonly onProgress: ProgressListener | undefined,
    token: CancellationToken | undefined,
    onCancelled: (call: EmbedCall) => void,
  ) {
    this.vectors = new Array<Float32Array | null>(total).fill(null);
    this.remainingChunks = chunkCount;
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.subscription = token?.onCancellationRequested(() => {
      if (this.settled) return;
      this.cancelInFlight?.();
      this.fail(new CancelledError());
      onCancelled(this);
    });
    if (chunkCount === 0) this.finish();
  }

  get isSettled(): boolean {
    return this.settled;
  }

  complete(chunk: TextChunk, result: ChunkResult): void {
    if (this.settled) return;
    result.vectors.forEach((v, i) => (this.vectors[chunk.offset + i] = v));
    for (const f of result.failures) this.failures.push({ index: chunk.offset + f.index, error: f.error });
    this.timings = addTimings(this.timings, result.timings);
    this.done += chunk.texts.length;
    this.onProgress?.(this.done, this.total);
    if (--this.remainingChunks === 0) this.finish();
  }

  fail(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.subscription?.dispose();
    this.reject(err);
  }

  private finish(): void {
    this.settled = true;
    this.subscription?.dispose();
    this.failures.sort((a, b) => a.index - b.index);
    this.resolve({ vectors: this.vectors, failures: this.failures, timings: this.timings });
  }
}
