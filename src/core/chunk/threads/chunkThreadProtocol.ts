import type { SerializedError } from '../../errors';
import type { ChunkOutcome } from '../chunker';
import type { TokenCounting } from '../tokenCounting';

/** What a chunk thread is started with (its `workerData`). */
export interface ChunkThreadSetup {
  grammarDir?: string;
  parseTimeoutMs?: number;
  /**
   * One Int32 the pool writes and the thread reads while it parses: every job whose id is at most this
   * value is cancelled. A thread busy in a parse cannot read messages; it reads this between parse steps.
   */
  cancelledUpTo: SharedArrayBuffer;
}

export interface ChunkJob {
  type: 'chunk';
  id: number;
  path: string;
  text: string;
  maxTokens: number;
  counting: TokenCounting;
}

/** Start loading what jobs will need (the counter, the grammars of these paths); no reply. */
export interface WarmUp {
  type: 'warm';
  counting: TokenCounting;
  paths: string[];
}

export type ChunkThreadMessage = ChunkJob | WarmUp;

export type ChunkJobReply =
  /** `chunkMs`: the thread's time on this file, from its message to its reply. */
  | { type: 'chunked'; id: number; outcome: ChunkOutcome; chunkMs: number }
  | { type: 'failed'; id: number; error: SerializedError };
