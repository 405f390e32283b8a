import type { SerializedError } from '../../errors';
import type { ChunkOutcome } from '../chunker';
import type { TokenCounting } from '../tokenCounting';
import type { CountingTables } from '../../embed/tokenizer';

/** What a chunk thread is started with (its `workerData`). */
export interface ChunkThreadSetup {
  grammarDir?: string;
  parseTimeoutMs?: number;
  /**
   * One Int32 the pool writes and the thread reads while it parses: every job whose id is at most this
   * value is cancelled. A thread busy in a parse cannot read messages; it reads this between parse steps.
   */
  cancelledUpTo: SharedArrayBuffer;
  /**
   * Int32 claims, one per job slot (`claimSlot(id)`): the pool resets a job's slot when it hands the job
   * over; whichever of the thread and the calling thread first swaps it from UNCLAIMED chunks the file.
   */
  claims: SharedArrayBuffer;
}

/** Job slots in `claims`: far more than jobs a pool ever has handed over at once. */
export const CLAIM_SLOTS = 4096;
export const UNCLAIMED = 0;
export const CLAIMED_BY_THREAD = 1;
export const CLAIMED_HERE = 2;

export function claimSlot(jobId: number): number {
  return jobId % CLAIM_SLOTS;
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
  /** The calling thread's counter for `counting` as data: rebuilt from it, not read from disk. */
  tables?: CountingTables;
  paths: string[];
}

export type ChunkThreadMessage = ChunkJob | WarmUp;

export type ChunkJobReply =
  /** `chunkMs`: the thread's time on this file, from its message to its reply. */
  | { type: 'chunked'; id: number; outcome: ChunkOutcome; chunkMs: number }
  | { type: 'failed'; id: number; error: SerializedError }
  /** The calling thread claimed the job first (see ChunkThreadSetup.claims): nothing was done. */
  | { type: 'taken'; id: number };
