import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { CancellationSource, neverCancelled } from '../../src/core/cancellation';
import { PARALLEL_FROM_FILES, runChunkStage, type ChunkStageInput } from '../../src/core/engine/chunkStage';
import { CancelledError, isCancelled } from '../../src/core/errors';
import { emptyReport } from '../../src/core/engine/indexReport';
import type { SourceRead, UnitChunker } from '../../src/core/engine/ports';
import { sha256 } from '../../src/core/hash';
import { IndexStore } from '../../src/core/store/store';
import type { ScannedFile } from '../../src/core/types';
import { MemoryLogger } from '../helpers/memoryLogger';
import { tempDir } from '../helpers/tempDir';

const scanned = (i: number): ScannedFile => ({ path: `f${String(i).padStart(3, '0')}.ts`, absPath: `/r/f${i}.ts`, size: 1, mtimeMs: 1, ctimeMs: 1, ino: i });

/** One unit per file, its text the file's text. */
const chunker: UnitChunker = {
  chunk: async ({ path, text }) => ({
    units: [{ file: path, startLine: 1, endLine: 1, name: path, kind: 'file', language: 'typescript', text, fields: { name: path, signature: '', doc: '', body: text }, contentHash: sha256(text) }],
    language: 'typescript',
    status: 'parsed',
  }),
};

function ok(text: string): SourceRead {
  return { ok: true, text, hash: sha256(text), stamp: { size: text.length, mtimeMs: 1, ctimeMs: 1, ino: 1, statAtMs: 1 } };
}

function stageInput(t: TestContext, files: ScannedFile[], readSource: (f: ScannedFile) => Promise<SourceRead>): ChunkStageInput {
  const { store } = IndexStore.open(join(tempDir(t), 'index.sqlite'), new MemoryLogger());
  t.after(() => store.close());
  return {
    store,
    chunker,
    readSource,
    chunkRequest: { maxTokens: 512, countTokens: (s: string) => s.length },
    chunkKey: 'k',
    toRead: files,
    toRemove: [],
    report: emptyReport(),
    token: neverCancelled,
    onProgress: () => undefined,
  };
}

test('reads run ahead of chunking, a bounded number at a time, and each file keeps its own read whatever order they finish in', async (t) => {
  const files = Array.from({ length: 150 }, (_, i) => scanned(i));
  let inFlight = 0;
  let most = 0;
  // Later files finish first: a read completes only after the ones started after it.
  const readSource = async (f: ScannedFile): Promise<SourceRead> => {
    inFlight++;
    most = Math.max(most, inFlight);
    const i = Number(f.path.slice(1, 4));
    await new Promise((resolve) => setTimeout(resolve, 20 - (i % 20)));
    inFlight--;
    if (i % 7 === 3) return { ok: false, skipped: { path: f.path, reason: 'binary', detail: 'NUL byte' } };
    return ok(`text of ${f.path}`);
  };
  const input = stageInput(t, files, readSource);
  await runChunkStage(input);
  assert.ok(most > 1, 'reads overlap');
  assert.ok(most <= 16, `at most a bounded number of reads in flight (saw ${most})`);
  const skipped = files.filter((_, i) => i % 7 === 3).length;
  assert.equal(input.report.files.read, files.length);
  assert.equal(input.report.files.rechunked, files.length - skipped);
  const stored = input.store.listFiles();
  assert.equal(stored.length, files.length - skipped);
  for (const file of stored) assert.equal(input.store.chunksOfFile(file.path)[0]?.text, `text of ${file.path}`);
});

test('a read that throws fails the stage, and the reads already started leave no unhandled rejection', async (t) => {
  const files = Array.from({ length: 40 }, (_, i) => scanned(i));
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  process.on('unhandledRejection', onUnhandled);
  t.after(() => process.off('unhandledRejection', onUnhandled));
  const readSource = async (f: ScannedFile): Promise<SourceRead> => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (f.path >= 'f005') throw new Error(`disk gone at ${f.path}`);
    return ok(f.path);
  };
  await assert.rejects(runChunkStage(stageInput(t, files, readSource)), /disk gone at f005/);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(unhandled, []);
});

test('a round of reads completes before its first file is chunked: reads advance only while the stage waits', async (t) => {
  const files = Array.from({ length: 40 }, (_, i) => scanned(i));
  let completed = 0;
  const completedAtChunk = new Map<string, number>();
  const readSource = async (f: ScannedFile): Promise<SourceRead> => {
    const i = Number(f.path.slice(1, 4));
    // Later files of a round take longer: chunking at the first completed read would find them unfinished.
    await new Promise((resolve) => setTimeout(resolve, 1 + (i % 16)));
    completed++;
    return ok(`text of ${f.path}`);
  };
  const input = stageInput(t, files, readSource);
  input.chunker = {
    chunk: async (file, request) => {
      completedAtChunk.set(file.path, completed);
      return chunker.chunk(file, request);
    },
  };
  await runChunkStage(input);
  assert.equal(completedAtChunk.get('f000.ts'), 16, 'the first round of 16 reads is complete when file 0 is chunked');
  assert.equal(completedAtChunk.get('f016.ts'), 32, 'the second round is read after the first is chunked');
  assert.equal(completedAtChunk.get('f039.ts'), 40);
  assert.equal(input.report.files.rechunked, files.length);
});

test('a large run is chunked by the parallel chunker, all of a batch at once, each file stored with its own units whatever order they finish in', async (t) => {
  const files = Array.from({ length: 150 }, (_, i) => scanned(i));
  const input = stageInput(t, files, async (f) => ok(`text of ${f.path}`));
  let inFlight = 0;
  let most = 0;
  let warmedWith: readonly string[] = [];
  input.chunker = { chunk: () => Promise.reject(new Error('the calling thread chunked a file of a large run')) };
  input.parallelChunker = {
    warmUp: (_request, paths) => {
      warmedWith = paths;
    },
    chunk: async (file, request) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Later files finish first.
      await new Promise((resolve) => setTimeout(resolve, 20 - (Number(file.path.slice(1, 4)) % 20)));
      inFlight--;
      return { ...(await chunker.chunk(file, request)), chunkMs: 5 };
    },
  };
  await runChunkStage(input);
  assert.equal(warmedWith.length, files.length, 'the parallel chunker was warmed up with the paths to come');
  assert.ok(most > 16, `many files were being chunked at once (saw ${most})`);
  assert.ok(most <= 128, `at most two batches at once (saw ${most})`);
  assert.equal(input.report.files.rechunked, files.length);
  assert.equal(input.report.timings.chunkMs, files.length * 5, 'chunk time is what the chunker measured');
  for (const file of input.store.listFiles()) assert.equal(input.store.chunksOfFile(file.path)[0]?.text, `text of ${file.path}`);
  assert.equal(input.store.listFiles().length, files.length);
});

test('while it waits for a batch, the calling thread chunks files the parallel chunker has not started, one at a time', { timeout: 30_000 }, async (t) => {
  const files = Array.from({ length: 150 }, (_, i) => scanned(i));
  const input = stageInput(t, files, async (f) => ok(`text of ${f.path}`));
  // A chunker whose "threads" never get to anything: every file is left waiting until the caller helps.
  const waiting: (() => Promise<void>)[] = [];
  let helping = 0;
  let mostHelping = 0;
  input.chunker = { chunk: () => Promise.reject(new Error('the calling thread chunked a file of a large run itself')) };
  input.parallelChunker = {
    chunk: (file, request) =>
      new Promise((resolve, reject) => {
        waiting.push(async () => {
          await chunker.chunk(file, request).then((o) => resolve({ ...o, chunkMs: 1 }), reject);
        });
      }),
    helpOnce: async () => {
      const job = waiting.pop();
      if (job === undefined) return false;
      mostHelping = Math.max(mostHelping, ++helping);
      await job();
      helping--;
      return true;
    },
  };
  await runChunkStage(input);
  assert.equal(waiting.length, 0);
  assert.equal(mostHelping, 1, 'one file at a time');
  assert.equal(input.report.files.rechunked, files.length);
  for (const file of input.store.listFiles()) assert.equal(input.store.chunksOfFile(file.path)[0]?.text, `text of ${file.path}`);
});

test('a small run (a save) is chunked on the calling thread even when a parallel chunker is there', async (t) => {
  const files = Array.from({ length: PARALLEL_FROM_FILES - 1 }, (_, i) => scanned(i));
  const input = stageInput(t, files, async (f) => ok(`text of ${f.path}`));
  input.parallelChunker = {
    warmUp: () => assert.fail('warmed up for a small run'),
    chunk: () => Promise.reject(new Error('the parallel chunker chunked a file of a small run')),
  };
  await runChunkStage(input);
  assert.equal(input.report.files.rechunked, files.length);
});

test('cancelling a parallel run stops it, and the batches stored before stay', async (t) => {
  const files = Array.from({ length: 200 }, (_, i) => scanned(i));
  const input = stageInput(t, files, async (f) => ok(`text of ${f.path}`));
  const source = new CancellationSource();
  input.token = source.token;
  // Cancelled once the first batch is stored, while the second is being chunked.
  input.onProgress = (p) => {
    if (p.done === 64) source.cancel();
  };
  input.parallelChunker = {
    chunk: async (file, request, token) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (token?.isCancellationRequested) throw new CancelledError();
      return chunker.chunk(file, request);
    },
  };
  await assert.rejects(runChunkStage(input), (err: unknown) => isCancelled(err));
  const stored = input.store.listFiles().map((f) => f.path);
  assert.deepEqual(stored, files.slice(0, 64).map((f) => f.path), 'the first batch was stored, nothing after the cancellation');
});
