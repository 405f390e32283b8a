import { throwIfCancelled, type CancellationToken } from '../cancellation';
import { decideAfterRead } from './runPlan';
import type { FileUpsert, IndexStore } from '../store/store';
import type { StoredFile } from '../store/storedTypes';
import type { ScannedFile } from '../types';
import { countSkip, type IndexReport } from './indexReport';
import type { ChunkRequest, IndexProgress, SourceRead, SourceReader, UnitChunker } from './ports';

export interface ChunkStageInput {
  store: IndexStore;
  chunker: UnitChunker;
  readSource: SourceReader;
  chunkRequest: ChunkRequest;
  chunkKey: string;
  toRead: readonly ScannedFile[];
  toRemove: readonly string[];
  report: IndexReport;
  token: CancellationToken;
  onProgress: (p: IndexProgress) => void;
}

/** Files per transaction: small enough that an interruption loses little, large enough to be fast. */
const FILES_PER_BATCH = 64;

/**
 * Files read together, before any of them is chunked. A read is several file-system round trips (open,
 * fstat, the link check, read, close) that cost little CPU but wait on the thread pool, and a round trip
 * only completes while this thread waits: reads started ahead of a file being chunked stall until the next
 * wait. Read in rounds, while the thread is idle, they complete together, the pool kept busy.
 */
const READ_ROUND = 16;

/**
 * Reads, chunks and stores the planned files, one transaction per batch. A file that cannot be read or
 * parsed is counted, never fatal; a file that is now skipped (turned binary, say) leaves the index.
 */
export async function runChunkStage(input: ChunkStageInput): Promise<{ writtenHashes: Set<string> }> {
  const writtenHashes = new Set<string>();
  const { store, report, token } = input;
  const stored = new Map(store.listFiles().map((f) => [f.path, f]));
  const total = input.toRead.length;
  let done = 0;
  input.onProgress({ phase: 'chunk', done, total });

  if (input.toRemove.length > 0) {
    const t0 = performance.now();
    store.apply({ upserts: [], touches: [], removals: input.toRemove });
    report.timings.storeMs += performance.now() - t0;
    report.files.removed += input.toRemove.length;
  }

  // Reads in file order, READ_ROUND at a time, each taken (and let go of) once. A read that fails is marked
  // handled when started, so that an early exit (cancellation, an error) leaves no unhandled rejection
  // behind; the file that awaits it still sees the error.
  const reads = new Map<number, Promise<SourceRead>>();
  let nextRead = 0;
  const takeRead = async (index: number): Promise<SourceRead> => {
    if (!reads.has(index)) {
      const round: Promise<SourceRead>[] = [];
      for (; nextRead < total && nextRead < index + READ_ROUND; nextRead++) {
        const pending = input.readSource(input.toRead[nextRead]);
        pending.catch(() => undefined);
        reads.set(nextRead, pending);
        round.push(pending);
      }
      await Promise.allSettled(round);
    }
    const read = reads.get(index)!;
    reads.delete(index);
    return read;
  };

  for (let start = 0; start < total; start += FILES_PER_BATCH) {
    throwIfCancelled(token);
    const upserts: FileUpsert[] = [];
    const touches: StoredFile[] = [];
    const removals: string[] = [];
    for (let index = start; index < Math.min(total, start + FILES_PER_BATCH); index++) {
      const file = input.toRead[index];
      const previous = stored.get(file.path);
      const t0 = performance.now();
      const read = await takeRead(index);
      report.timings.readMs += performance.now() - t0;
      report.files.read++;
      if (!read.ok) {
        countSkip(report, read.skipped);
        if (previous) removals.push(file.path);
        continue;
      }
      if (decideAfterRead(previous, read.hash, input.chunkKey) === 'touch') {
        touches.push({ ...previous!, ...read.stamp });
        continue;
      }
      const t1 = performance.now();
      const outcome = await input.chunker.chunk({ path: file.path, text: read.text }, input.chunkRequest);
      report.timings.chunkMs += performance.now() - t1;
      if (outcome.status === 'parsed') report.parse.parsed++;
      else if (outcome.status === 'no-grammar') report.parse.noGrammar++;
      else {
        report.parse.failed++;
        report.parse.failures.push({ file: file.path, error: outcome.error ?? 'parse failed' });
      }
      report.files.rechunked++;
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
    report.chunks.written += store.apply({ upserts, touches, removals });
    report.timings.storeMs += performance.now() - t2;
    report.files.removed += removals.length;
    done = Math.min(total, start + FILES_PER_BATCH);
    input.onProgress({ phase: 'chunk', done, total });
  }
  return { writtenHashes };
}
