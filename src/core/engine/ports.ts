import type { CancellationToken } from '../cancellation';
import type { LineWindows } from '../chunk/splitLines';
import type { TokenCounting } from '../chunk/tokenCounting';
import type { CountingTables } from '../embed/tokenizer';
import type { EmbedTimings } from '../embed/batchEmbedder';
import type { SerializedError } from '../errors';
import type { CodeUnit } from '../types';

/**
 * The narrow interfaces an index run needs from the chunker and the embedder. The real implementations
 * (src/core/chunk, src/core/embed) satisfy them; the run knows nothing else about them.
 */
export interface ChunkRequest {
  maxTokens: number;
  countTokens: (text: string) => number;
  /** `countTokens(text) <= limit` (limit: maxTokens, or less), decided by a cheap bound when it can be. */
  fits?: (text: string, limit: number) => boolean;
  /** Exact counts of windows of whole lines of one text (long units are cut by them); none: each window is counted. */
  windows?: (lines: readonly string[]) => LineWindows | undefined;
  /** The same counting as data: a chunker on other threads builds its counter from it (none: in-process only). */
  counting?: TokenCounting;
  /** The loaded counter as data, so that other threads need not load it again (see CountingTables). */
  countingTables?: () => CountingTables | undefined;
}

export interface ChunkResult {
  units: CodeUnit[];
  language: string;
  status: 'parsed' | 'no-grammar' | 'parse-failed';
  error?: string;
  /** Time spent chunking this file where it was chunked (a chunk thread measures its own). */
  chunkMs?: number;
}

export interface UnitChunker {
  chunk(file: { path: string; text: string }, request: ChunkRequest, token?: CancellationToken): Promise<ChunkResult>;
  /** Gets ready to chunk files like these (starts threads, loads grammars) before the first is handed over. */
  warmUp?(request: ChunkRequest, paths: readonly string[]): void;
  /** Chunks one of the files already handed over on the calling thread, while it would wait; false: none left. */
  helpOnce?(): Promise<boolean>;
}

export interface EmbedResult {
  /** One per input text, in input order; null where that text failed. */
  vectors: (Float32Array | null)[];
  failures: { index: number; error: SerializedError }[];
  /** Worker time spent tokenizing and running the model, when the embedder measures it. */
  timings?: EmbedTimings;
}

/** Queries and documents may get different prefixes (see ModelInfo). */
export type EmbedKind = 'query' | 'document';

/** The one embedder interface: WorkerEmbedder implements it, index runs and search use it. */
export interface TextEmbedder {
  readonly dimension: number;
  embed(texts: string[], kind: EmbedKind, token?: CancellationToken, onProgress?: (done: number, total: number) => void): Promise<EmbedResult>;
}

/**
 * 'windows': a run that wrote its keyword index with windows cut by an estimate (lexical search needs no
 * token counts) cuts long units again at exact token counts, before anything is embedded.
 */
export type IndexPhase = 'scan' | 'chunk' | 'windows' | 'embed' | 'save';

export interface IndexProgress {
  phase: IndexPhase;
  done: number;
  total: number;
  /** Embed phase: texts embedded per second over the last minute, once measured. */
  textsPerSecond?: number;
  /** Embed phase: seconds until every pending text is embedded at that rate. */
  etaSeconds?: number;
}

export type SourceRead =
  | { ok: true; text: string; hash: string; stamp: import('../types').FileStamp & { statAtMs: number } }
  | { ok: false; skipped: import('../types').SkippedFile };

/** Reads a scanned file with its content-level checks (binary, minified, encoding). */
export type SourceReader = (file: import('../types').ScannedFile) => Promise<SourceRead>;
