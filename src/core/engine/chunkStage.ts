import { throwIfCancelled, type CancellationToken } from '../cancellation';
import { yieldToEventLoop } from '../eventLoop';
import { decideAfterRead } from './runPlan';
import type { FileUpsert, IndexStore } from '../store/store';
import type { StoredFile } from '../store/storedTypes';
import type { ScannedFile } from '../types';
import { countSkip, type IndexReport } from './indexReport';
import type { ChunkRequest, ChunkResult, IndexProgress, SourceRead, SourceReader, UnitChunker } from './ports';

export interface ChunkStageInput {
  store: IndexStore;
  chunker: UnitChunker;
  /** Chunks many files at once (on threads): used when the run has at least PARALLEL_FROM_FILES files. */
  parallelChunker?: UnitChunker;
  readSource: SourceReader;
  chunkRequest: ChunkRequest;
  chunkKey: string;
  /** A stored key that counts as current too: an unchanged file under it is only touched (see decideAfterRead). */
  alsoCurrentKey?: string;
  /** The phase progress reports: 'chunk', or 'windows' for the pass that cuts exact windows. */
  phase?: 'chunk' | 'windows';
  /** Whether the files read count in the report (not when an earlier pass of the run read them); default true. */
  countReads?: boolean;
  /** Whether a file's outcome (re-chunked, parsed) counts in the report; default: every file's. */
  countsOutcome?: (path: string) => boolean;
  toRead: readonly ScannedFile[];
  toRemove: readonly string[];
  report: IndexReport;
  token: CancellationToken;
  onProgress: (p: IndexProgress) => void;
}

export interface ChunkStageResult {
  /** Content hashes of the chunks written. */
  writtenHashes: Set<string>;
  /** Paths of the files chunked (not only touched). */
  rechunked: Set<string>;
  /** Chunks written. */
  written: number;
}

/**
 * Files per transaction: small enough that an interruption loses little and that the threads get the next
 * batch soon after the calling thread starts writing one (64 left the chunk thread idle a fifth of an
 * ESLint run: the keyword index 5% slower), large enough to be fast.
 */
const FILES_PER_BATCH = 32;

/**
 * Files read one after the other (blocking calls: see readSourceFileNow), then handed to the chunker
 * together: between two rounds the run checks for cancellation and the threads' replies come in.
 */
const READ_ROUND = 16;

/**
 * Runs this small (a save, a few edited files) chunk on this thread: its chunker is warm, where threads
 * started for them would first load grammars and a tokenizer of their own.
 */
export const PARALLEL_FROM_FILES = 32;

/** A file of a batch: how it was read, and (unless it is skipped or only touched) its units to come. */
interface BatchFile {
  file: ScannedFile;
  read: SourceRead;
  previous: StoredFile | undefined;
  outcome?: Promise<ChunkResult>;
}

/**
 * Reads, chunks and stores the planned files, one transaction per batch. A file that cannot be read or
 * parsed is counted, never fatal; a file that is now skipped (turned binary, say) leaves the index.
 *
 * With a parallel chunker, a batch's files are chunked all at once on other threads while this one reads
 * the next round, and the next batch is read and chunked while this one is stored. Its stage times then
 * overlap: chunkMs adds up the threads' time; lexicalMs (the run's) stays the wall time.
 */
export async function runChunkStage(input: ChunkStageInput): Promise<ChunkStageResult> {
  const writtenHashes = new Set<string>();
  const rechunked = new Set<string>();
  let written = 0;
  const countsOutcome = input.countsOutcome ?? (() => true);
  const { store, report, token } = input;
  const stored = new Map(store.listFiles().map((f) => [f.path, f]));
  const total = input.toRead.length;
  const parallel = input.parallelChunker !== undefined && total >= PARALLEL_FROM_FILES;
  const chunker = parallel ? input.parallelChunker! : input.chunker;
  if (parallel) chunker.warmUp?.(input.chunkRequest, input.toRead.map((f) => f.path));
  let done = 0;
  input.onProgress({ phase: input.phase ?? 'chunk', done, total });

  if (input.toRemove.length > 0) {
    const t0 = performance.now();
    store.apply({ upserts: [], touches: [], removals: input.toRemove });
    report.timings.storeMs += performance.now() - t0;
    report.files.removed += input.toRemove.length;
  }

  const chunkFile = async (file: ScannedFile, text: string): Promise<ChunkResult> => {
    const t0 = performance.now();
    const outcome = await chunker.chunk({ path: file.path, text }, input.chunkRequest, token);
    report.timings.chunkMs += outcome.chunkMs ?? performance.now() - t0;
    return outcome;
  };

  // Reads in rounds; each round's files are chunked once the round has settled: in turn on this thread, all
  // at once with a parallel chunker. A read or chunk that fails is marked handled when started, so that an
  // early exit (cancellation, an error) leaves no unhandled rejection behind; the batch still sees the error.
  const prepare = async (start: number): Promise<BatchFile[]> => {
    const end = Math.min(total, start + FILES_PER_BATCH);
    const batch: BatchFile[] = [];
    for (let round = start; round < end; round += READ_ROUND) {
      throwIfCancelled(token);
      const files = input.toRead.slice(round, Math.min(end, round + READ_ROUND));
      const t0 = performance.now();
      const reads = files.map((file) => {
        const pending = input.readSource(file);
        pending.catch(() => undefined);
        return pending;
      });
      await Promise.allSettled(reads);
      report.timings.readMs += performance.now() - t0;
      for (const [i, file] of files.entries()) {
        const read = await reads[i]!;
        const previous = stored.get(file.path);
        const entry: BatchFile = { file, read, previous };
        if (read.ok && decideAfterRead(previous, read.hash, input.chunkKey, input.alsoCurrentKey) === 'rechunk') {
          entry.outcome = chunkFile(file, read.text);
          entry.outcome.catch(() => undefined);
          if (!parallel) await entry.outcome;
        }
        batch.push(entry);
      }
    }
    return batch;
  };

  let next: Promise<BatchFile[]> | undefined = total > 0 ? prepare(0) : undefined;
  next?.catch(() => undefined);
  for (let start = 0; start < total; start += FILES_PER_BATCH) {
    throwIfCancelled(token);
    const batch = await next!;
    const following = start + FILES_PER_BATCH;
    const prepareNext = (): void => {
      next = following < total ? prepare(following) : undefined;
      next?.catch(() => undefined);
    };
    // With a parallel chunker the next batch is read and handed to the threads while they chunk this one; this
    // thread then helps chunk until this batch's units are in, and stores them. On this thread alone the next
    // batch is read once this one is stored (a read started earlier would stall).
    if (parallel) {
      prepareNext();
      await next?.catch(() => undefined);
    }
    const upserts: FileUpsert[] = [];
    const touches: StoredFile[] = [];
    const removals: string[] = [];
    for (const { file, read, previous, outcome: pending } of batch) {
      if (input.countReads !== false) report.files.read++;
      if (!read.ok) {
        countSkip(report, read.skipped);
        if (previous) removals.push(file.path);
        continue;
      }
      if (pending === undefined) {
        touches.push({ ...previous!, ...read.stamp });
        continue;
      }
      const outcome = await (parallel ? helpUntilSettled(chunker, pending) : pending);
      // A file an earlier pass of this run chunked is counted already.
      if (countsOutcome(file.path)) countOutcome(report, file.path, outcome);
      rechunked.add(file.path);
      for (const unit of outcome.units) writtenHashes.add(unit.contentHash);
      upserts.push({
        file: {
          path: file.path,
          ...read.stamp,
          hash: read.hash,
          chunkKey: input.chunkKey,
          language: outcome.language,
          parseStatus: outcome.status,
        },
        units: outcome.units,
      });
    }
    const t2 = performance.now();
    const batchWritten = store.apply({ upserts, touches, removals });
    written += batchWritten;
    report.chunks.written += batchWritten;
    report.timings.storeMs += performance.now() - t2;
    report.files.removed += removals.length;
    if (!parallel) prepareNext();
    done = Math.min(total, following);
    input.onProgress({ phase: input.phase ?? 'chunk', done, total });
  }
  return { writtenHashes, rechunked, written };
}

function countOutcome(report: IndexReport, path: string, outcome: ChunkResult): void {
  report.files.rechunked++;
  if (outcome.status === 'parsed') report.parse.parsed++;
  else if (outcome.status === 'no-grammar') report.parse.noGrammar++;
  else {
    report.parse.failed++;
    report.parse.failures.push({ file: path, error: outcome.error ?? 'parse failed' });
  }
}

/**
 * Waits for `pending`, meanwhile chunking files handed over to `chunker` that no thread has started, one at a
 * time; between two, the event loop runs, so that the threads' replies come in and they get new files.
 */
async function helpUntilSettled<T>(chunker: UnitChunker, pending: Promise<T>): Promise<T> {
  if (chunker.helpOnce === undefined) return pending;
  let settled = false;
  pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  await yieldToEventLoop();
  while (!settled && (await chunker.helpOnce())) await yieldToEventLoop();
  return pending;
}
