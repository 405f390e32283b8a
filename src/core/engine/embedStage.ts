import { throwIfCancelled, type CancellationToken } from '../cancellation';
import type { IndexStore } from '../store/store';
import type { VectorIndex } from '../store/vectorIndex';
import { EmbedRate, etaSeconds } from './embedRate';
import type { EmbedFailure } from './indexReport';
import type { PendingText, PendingTextQueue, TakeLimits } from './pendingTexts';
import type { EmbedResult, IndexProgress, TextEmbedder } from './ports';
import { definedProps } from '../definedProps';

export interface EmbedStageInput {
  store: IndexStore;
  vectors: VectorIndex;
  embedder: TextEmbedder;
  /** The texts to embed, in priority order. */
  queue: PendingTextQueue;
  token: CancellationToken;
  onProgress: (p: IndexProgress) => void;
  /** Called every few thousand new vectors, so the caller can checkpoint the vector index. */
  onCheckpoint: () => void;
  /** The live rate (texts per second), for status and ETA. */
  rate?: EmbedRate;
  /** Filled as groups are stored, so that a cancelled stage still tells what it did. */
  tally?: EmbedTally;
}

/** What one embed stage did. */
export interface EmbedTally {
  embedded: number;
  failed: number;
  failures: EmbedFailure[];
  /** Wall time of the stage less storing; the worker's tokenizing and model time are parts of it. */
  embedMs: number;
  tokenizeMs: number;
  inferMs: number;
  storeMs: number;
  /** Real tokens embedded, padded positions computed, texts cut to the token cap. */
  tokens: number;
  paddedTokens: number;
  truncated: number;
}

/**
 * Texts per round trip to the worker. Small groups let a saved file's texts jump the queue soon (the
 * group after the next one); two groups are always in flight, so the worker never waits for the store.
 */
export const GROUP_LIMITS: TakeLimits = { texts: 64, chars: 64 * 1024 };
const GROUPS_IN_FLIGHT = 2;
/** Checkpoint the HNSW file after this many new vectors, so an interrupted run resumes cheaply. */
const CHECKPOINT_EVERY = 4096;
/** Recounting the backlog (for progress totals) costs a scan of the chunks: at most this often. */
const RECOUNT_INTERVAL_MS = 2000;

interface Flight {
  group: PendingText[];
  result: Promise<EmbedResult>;
  /** Texts of the group the worker has finished so far. */
  progress: number;
}

/**
 * Embeds the texts that have no vector yet, in the queue's order, until none is left. Each group's vectors
 * are committed to the store as it returns, so cancelling or crashing loses at most the groups in flight.
 * Lexical index runs may change the store between groups: a vector whose text no chunk uses any more is
 * kept in the cache but not added to the vector index.
 */
export async function runEmbedStage(input: EmbedStageInput): Promise<EmbedTally> {
  const { store, vectors, embedder, token } = input;
  const tally = input.tally ?? emptyTally();
  const rate = input.rate ?? new EmbedRate();
  const started = performance.now();
  const storeMsBefore = tally.storeMs;
  let done = 0;
  let backlog = store.countPendingTexts();
  let countedAt = performance.now();
  let sinceCheckpoint = 0;
  const progress = (inGroup = 0): void => {
    const textsPerSecond = rate.textsPerSecond();
    const total = done + backlog;
    const eta = etaSeconds(Math.max(0, backlog - inGroup), textsPerSecond);
    input.onProgress({
      phase: 'embed',
      done: Math.min(total, done + inGroup),
      total,
      ...definedProps({ textsPerSecond, etaSeconds: eta }),
    });
  };
  rate.record(0);
  progress();

  const flights: Flight[] = [];
  const launch = (): void => {
    while (flights.length < GROUPS_IN_FLIGHT) {
      const group = input.queue.take(GROUP_LIMITS);
      if (group.length === 0) return;
      const flight: Flight = { group, result: Promise.resolve({ vectors: [], failures: [] }), progress: 0 };
      flight.result = embedder.embed(
        group.map((g) => g.text),
        'document',
        token,
        (groupDone) => {
          flight.progress = groupDone;
          if (flights[0] === flight) progress(groupDone);
        },
      );
      // Settled here so that a flight abandoned by a cancellation never counts as an unhandled rejection.
      flight.result.catch(() => undefined);
      flights.push(flight);
    }
  };
  try {
    launch();
    while (flights.length > 0) {
      throwIfCancelled(token);
      const flight = flights[0]!;
      const result = await flight.result;
      flights.shift();
      launch();
      tally.tokenizeMs += result.timings?.tokenizeMs ?? 0;
      tally.inferMs += result.timings?.inferMs ?? 0;
      tally.tokens += result.timings?.tokens ?? 0;
      tally.paddedTokens += result.timings?.paddedTokens ?? 0;
      tally.truncated += result.timings?.truncated ?? 0;
      const t0 = performance.now();
      sinceCheckpoint += storeGroup(store, vectors, flight.group, result, tally);
      tally.storeMs += performance.now() - t0;
      done += flight.group.length;
      backlog = Math.max(0, backlog - flight.group.length);
      if (performance.now() - countedAt > RECOUNT_INTERVAL_MS) {
        // Runs since the last count may have added or removed texts; the ones in flight still count as pending.
        backlog = Math.max(0, store.countPendingTexts() - tally.failed);
        countedAt = performance.now();
      }
      rate.record(done);
      if (sinceCheckpoint >= CHECKPOINT_EVERY) {
        input.onCheckpoint();
        sinceCheckpoint = 0;
      }
      progress();
    }
  } finally {
    tally.embedMs += performance.now() - started - (tally.storeMs - storeMsBefore);
  }
  return tally;
}

export function emptyTally(): EmbedTally {
  return { embedded: 0, failed: 0, failures: [], embedMs: 0, tokenizeMs: 0, inferMs: 0, storeMs: 0, tokens: 0, paddedTokens: 0, truncated: 0 };
}

/** Stores one group's vectors and adds those still in use to the vector index; returns how many were added. */
function storeGroup(store: IndexStore, vectors: VectorIndex, group: readonly PendingText[], result: EmbedResult, tally: EmbedTally): number {
  const ok: { contentHash: string; vector: Float32Array }[] = [];
  result.vectors.forEach((vector, i) => {
    if (vector) ok.push({ contentHash: group[i]!.contentHash, vector });
  });
  for (const failure of result.failures) {
    const chunk = store.chunkOfText(group[failure.index]!.contentHash);
    tally.failures.push({ file: chunk?.file ?? '?', line: chunk?.startLine ?? 0, name: chunk?.name ?? '?', message: failure.error.message });
  }
  tally.failed += result.failures.length;
  const ids = store.putVectors(ok);
  const live = store.liveContentHashes(ok.map((o) => o.contentHash));
  let added = 0;
  ids.forEach((id, i) => {
    if (!live.has(ok[i]!.contentHash)) return;
    vectors.add(id, ok[i]!.vector);
    added++;
  });
  tally.embedded += ok.length;
  return added;
}
