/**
 * What to do when the worker process dies while embedding a chunk of texts: retry once on a fresh
 * worker; if it dies again, split the chunk in halves recursively so that the input(s) that kill it fail
 * alone and the others still get vectors.
 *
 * Crash charging (the caller's budget stops a worker that dies whatever it is given): the first crash and
 * the retry's crash are charged. While bisecting, a crashing half is expected (it holds the bad input) and
 * is not charged, unless its sibling crashed too: both halves dying points at the worker, not the input.
 */
import type { SerializedError } from '../errors';
import type { EmbedTimings } from './batchEmbedder';

export interface ChunkResult {
  /** One per text; null where the text failed. */
  vectors: (Float32Array | null)[];
  /** Indices are positions in the texts given. */
  failures: { index: number; error: SerializedError }[];
  /** Summed over the worker requests that produced this result. */
  timings?: EmbedTimings;
}

/** A crash is the worker dying (E_WORKER_CRASHED) or being killed after it stopped answering (E_WORKER_TIMEOUT). */
export interface Crash {
  kind: 'crashed';
  code: 'E_WORKER_CRASHED' | 'E_WORKER_TIMEOUT';
  reason: string;
}

export type AttemptOutcome = { kind: 'done'; result: ChunkResult } | Crash;

export interface RecoveryHooks {
  /** Runs texts on a live worker (starting one when needed); throws on cancellation or fatal errors. */
  attempt(texts: string[]): Promise<AttemptOutcome>;
  /** Records a crash against the budget; throws when the budget is spent. */
  chargeCrash(reason: string): void;
}

export async function embedWithCrashRecovery(texts: string[], hooks: RecoveryHooks): Promise<ChunkResult> {
  const first = await hooks.attempt(texts);
  if (first.kind === 'done') return first.result;
  hooks.chargeCrash(first.reason);
  const retry = await hooks.attempt(texts);
  if (retry.kind === 'done') return retry.result;
  hooks.chargeCrash(retry.reason);
  return isolate(texts, retry, hooks);
}

/** `texts` is known to crash the worker. */
async function isolate(texts: string[], crash: Crash, hooks: RecoveryHooks): Promise<ChunkResult> {
  if (texts.length === 1) return { vectors: [null], failures: [{ index: 0, error: crashedOnInput(crash) }] };
  const mid = Math.ceil(texts.length / 2);
  const left = texts.slice(0, mid);
  const right = texts.slice(mid);
  const leftOutcome = await hooks.attempt(left);
  const leftResult = leftOutcome.kind === 'done' ? leftOutcome.result : await isolate(left, leftOutcome, hooks);
  const rightOutcome = await hooks.attempt(right);
  if (rightOutcome.kind === 'crashed' && leftOutcome.kind === 'crashed') hooks.chargeCrash(rightOutcome.reason);
  const rightResult = rightOutcome.kind === 'done' ? rightOutcome.result : await isolate(right, rightOutcome, hooks);
  return {
    vectors: [...leftResult.vectors, ...rightResult.vectors],
    failures: [...leftResult.failures, ...rightResult.failures.map((f) => ({ index: f.index + mid, error: f.error }))],
    timings: addTimings(leftResult.timings, rightResult.timings),
  };
}

export function addTimings(a: EmbedTimings | undefined, b: EmbedTimings | undefined): EmbedTimings {
  const sum = (key: keyof EmbedTimings): number => (a?.[key] ?? 0) + (b?.[key] ?? 0);
  return { tokenizeMs: sum('tokenizeMs'), inferMs: sum('inferMs'), tokens: sum('tokens'), paddedTokens: sum('paddedTokens'), truncated: sum('truncated') };
}

function crashedOnInput(crash: Crash): SerializedError {
  const what = crash.code === 'E_WORKER_TIMEOUT' ? 'stopped answering' : 'crashed';
  return {
    code: crash.code,
    message: `The embedding worker ${what} on this input (${crash.reason}).`,
    hint: 'The input is skipped; the rest of the index is unaffected. Please report it with the codeloupe log.',
  };
}
