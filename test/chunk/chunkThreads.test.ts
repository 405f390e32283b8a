import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CancellationSource } from '../../src/core/cancellation';
import { Chunker, type ChunkOutcome } from '../../src/core/chunk/chunker';
import { ChunkThreadPool, defaultChunkThreads } from '../../src/core/chunk/threads/chunkThreadPool';
import { ESTIMATED_CHARS_PER_TOKEN, loadTokenCounter, type TokenCounting } from '../../src/core/chunk/tokenCounting';
import { isCancelled } from '../../src/core/errors';
import type { ChunkRequest, UnitChunker } from '../../src/core/engine/ports';
import { TEST_MODEL_DIR } from '../embed/helpers/modelCopy';
import { MemoryLogger } from '../helpers/memoryLogger';
import { fixture, FIXTURES } from './chunkHelpers';

const CRASHING_THREAD = join(__dirname, '..', 'fixtures', 'chunkThreads', 'exitOnCrashMarker.ts');

let chunker: Chunker;
before(async () => {
  chunker = await Chunker.create();
});
after(() => chunker.dispose());

/** The calling thread's chunker behind the port the pool implements. */
const inProcess = (): UnitChunker => ({ chunk: (file, request, token) => chunker.chunk(file, request, token) });

async function requestFor(counting: TokenCounting, maxTokens: number): Promise<ChunkRequest> {
  return { maxTokens, ...(await loadTokenCounter(counting)), counting };
}

/** Every fixture file, and one long enough to be cut into windows. */
function files(): { path: string; text: string }[] {
  const all = readdirSync(FIXTURES)
    .filter((name) => name !== 'NOTES.md')
    .map(fixture);
  const long = Array.from({ length: 120 }, (_, i) => `  const value${i} = compute(${i}, "item ${i}") + offset;`).join('\n');
  all.push({ path: 'src/long.ts', text: `export function longOne(offset: number) {\n${long}\n  return offset;\n}\n` });
  all.push({ path: 'notes/readme.txt', text: 'no grammar for this one\n'.repeat(40) });
  return all;
}

const withoutTiming = ({ chunkMs: _chunkMs, ...outcome }: ChunkOutcome & { chunkMs?: number }): ChunkOutcome => outcome;

for (const [name, counting, maxTokens] of [
  ['the model tokenizer', { kind: 'tokenizer', tokenizerPath: join(TEST_MODEL_DIR, 'tokenizer.json') }, 128],
  ['the length estimate', { kind: 'estimate', charsPerToken: ESTIMATED_CHARS_PER_TOKEN }, 96],
] as const) {
  test(`files chunked on threads get the units the calling thread makes, counted with ${name}`, async (t) => {
    const request = await requestFor(counting, maxTokens);
    const pool = new ChunkThreadPool({ threads: 2, fallback: inProcess(), logger: new MemoryLogger() });
    t.after(() => pool.dispose());
    const inputs = files();
    pool.warmUp(request, inputs.map((f) => f.path));
    const threaded = await Promise.all(inputs.map((f) => pool.chunk(f, request)));
    for (const [i, file] of inputs.entries()) {
      const expected = await chunker.chunk(file, request);
      assert.deepEqual(withoutTiming(threaded[i]!), expected, file.path);
      assert.ok((threaded[i]!.chunkMs ?? -1) >= 0, 'the thread measures its own time');
    }
    assert.ok(threaded.some((o) => o.units.some((u) => u.window !== undefined)), 'some unit was cut into windows');
    assert.equal(pool.stoppedBecause, undefined);
  });
}

test('the calling thread can take files no thread has started, waiting or handed over, the last first, small ones only, with the same units', async (t) => {
  const request = await requestFor({ kind: 'tokenizer', tokenizerPath: join(TEST_MODEL_DIR, 'tokenizer.json') }, 128);
  const here: string[] = [];
  const fallback: UnitChunker = { chunk: (file, req, token) => (here.push(file.path), chunker.chunk(file, req, token)) };
  const pool = new ChunkThreadPool({ threads: 1, fallback, logger: new MemoryLogger() });
  t.after(() => pool.dispose());
  assert.equal(await pool.helpOnce(), false, 'nothing handed over, nothing to take');
  const renamed = (n: number, tag: string) => Array.from({ length: n }, () => files()).flat().map((f, i) => ({ ...f, path: f.path.replace(/(\.\w+)$/, `${tag}${i}$1`) }));
  const huge = { path: 'src/huge.ts', text: `export const big = 1;\n${'// filler line of a large file\n'.repeat(4000)}` };
  const check = async (all: { path: string; text: string }[], pending: Promise<ChunkOutcome>[]) => {
    const outcomes = await Promise.all(pending);
    for (const [i, file] of all.entries()) assert.deepEqual(withoutTiming(outcomes[i]!), await chunker.chunk(file, request), file.path);
  };
  await pool.chunk(files()[0]!, request); // the thread is up and has its counter and grammars
  assert.deepEqual(here, []);

  // Everything handed over to the thread (fewer jobs than it holds ahead), the large file first: while the
  // thread parses it, the calling thread takes the small ones from the back, and the thread skips them.
  const few = renamed(1, 'few');
  const handedOver = [huge, ...few];
  const pendingFew = handedOver.map((f) => pool.chunk(f, request));
  let taken = 0;
  while (await pool.helpOnce()) taken++;
  assert.ok(taken > 0, 'the calling thread took files handed over to the busy thread');
  assert.deepEqual(here, few.slice(-taken).map((f) => f.path).reverse(), 'the last small files, last first; never the large one');
  await check(handedOver, pendingFew);

  // More files than the thread holds: the rest wait in the pool and are taken the same way.
  here.length = 0;
  const many = [...renamed(8, 'many'), huge];
  const pendingMany = many.map((f) => pool.chunk(f, request));
  taken = 0;
  while (await pool.helpOnce()) taken++;
  assert.ok(taken > 0);
  assert.deepEqual(here, many.slice(0, -1).slice(-taken).map((f) => f.path).reverse());
  await check(many, pendingMany);

  // The thread goes on with new files after some were taken back from it.
  here.length = 0;
  assert.deepEqual(withoutTiming(await pool.chunk(few[0]!, request)), await chunker.chunk(few[0]!, request));
  assert.deepEqual(here, [], 'chunked by the thread');
  assert.equal(pool.stoppedBecause, undefined);
});

test('threads warmed up with the calling thread\'s counter rebuild it from its tables, without reading the tokenizer', async (t) => {
  const request = await requestFor({ kind: 'tokenizer', tokenizerPath: join(TEST_MODEL_DIR, 'tokenizer.json') }, 128);
  // The spec names a file that is not there: a thread that read it would fail and leave the file to the calling thread.
  const unreadable: ChunkRequest = { ...request, counting: { kind: 'tokenizer', tokenizerPath: join(TEST_MODEL_DIR, 'no-such-tokenizer.json') } };
  const here: string[] = [];
  const fallback: UnitChunker = { chunk: (file, req, token) => (here.push(file.path), chunker.chunk(file, req, token)) };
  const logger = new MemoryLogger();
  const pool = new ChunkThreadPool({ threads: 1, fallback, logger });
  t.after(() => pool.dispose());
  const inputs = files();
  pool.warmUp(unreadable, inputs.map((f) => f.path));
  for (const file of inputs) assert.deepEqual(withoutTiming(await pool.chunk(file, unreadable)), await chunker.chunk(file, request), file.path);
  assert.deepEqual(here, [], 'every file chunked on the thread');
  assert.deepEqual(logger.lines, []);
});

test('a thread that dies costs time, not units: its file is chunked on the calling thread, and after three deaths the pool stops using threads', async (t) => {
  const request = await requestFor({ kind: 'estimate', charsPerToken: ESTIMATED_CHARS_PER_TOKEN }, 96);
  const logger = new MemoryLogger();
  const pool = new ChunkThreadPool({ threads: 1, fallback: inProcess(), logger, entry: CRASHING_THREAD });
  t.after(() => pool.dispose());
  const inputs = files().slice(0, 6);
  const crashing = (i: number): { path: string; text: string } => ({ path: `src/crash${i}.py`, text: `def crash_${i}():\n    return "CRASH_HERE"\n` });

  const first = await pool.chunk(crashing(1), request);
  assert.deepEqual(withoutTiming(first), await chunker.chunk(crashing(1), request));
  assert.equal(pool.stoppedBecause, undefined, 'one death does not stop the pool');
  assert.match(logger.lines.find((l) => l.level === 'warn')?.message ?? '', /src\/crash1\.py.*exited with code 3.*main thread/);
  // A new thread takes the next files.
  for (const file of inputs.slice(0, 2)) assert.deepEqual(withoutTiming(await pool.chunk(file, request)), await chunker.chunk(file, request));
  assert.equal(pool.stoppedBecause, undefined);

  await pool.chunk(crashing(2), request);
  await pool.chunk(crashing(3), request);
  assert.match(pool.stoppedBecause ?? '', /src\/crash3\.py/);
  assert.match(logger.lines.at(-1)?.message ?? '', /after 3 failures, files are chunked on the main thread from now on/);
  for (const file of inputs) {
    const outcome = await pool.chunk(file, request);
    assert.equal(outcome.chunkMs, undefined, `${file.path} was chunked on the calling thread`);
    assert.deepEqual(outcome, await chunker.chunk(file, request));
  }
});

test('a missing thread script is reported and every file is still chunked, on the calling thread', async (t) => {
  const request = await requestFor({ kind: 'estimate', charsPerToken: ESTIMATED_CHARS_PER_TOKEN }, 96);
  const logger = new MemoryLogger();
  const pool = new ChunkThreadPool({ threads: 2, fallback: inProcess(), logger, entry: join(FIXTURES, 'no-such-thread.js') });
  t.after(() => pool.dispose());
  for (const file of files().slice(0, 4)) assert.deepEqual(withoutTiming(await pool.chunk(file, request)), await chunker.chunk(file, request));
  assert.ok(logger.lines.some((l) => l.level === 'warn' && l.message.includes('no-such-thread.js')), JSON.stringify(logger.lines));
});

test('a request without a portable token counting is chunked on the calling thread', async (t) => {
  const pool = new ChunkThreadPool({ threads: 1, fallback: inProcess(), logger: new MemoryLogger() });
  t.after(() => pool.dispose());
  const file = fixture('cache.ts');
  const outcome = await pool.chunk(file, { maxTokens: 64, countTokens: (s) => s.length });
  assert.equal(outcome.chunkMs, undefined);
  assert.deepEqual(outcome, await chunker.chunk(file, { maxTokens: 64, countTokens: (s) => s.length }));
});

test('a job cancelled after it was handed to a thread is not chunked, and the thread goes on with the next', async (t) => {
  const request = await requestFor({ kind: 'estimate', charsPerToken: ESTIMATED_CHARS_PER_TOKEN }, 96);
  const pool = new ChunkThreadPool({ threads: 1, fallback: inProcess(), logger: new MemoryLogger() });
  t.after(() => pool.dispose());
  const source = new CancellationSource();
  const pending = pool.chunk(fixture('server.go'), request, source.token);
  // The thread has not read its message yet: it finds the job cancelled in the shared flag.
  source.cancel();
  await assert.rejects(pending, (err: unknown) => isCancelled(err));
  await assert.rejects(pool.chunk(fixture('server.go'), request, source.token), (err: unknown) => isCancelled(err));
  const next = await pool.chunk(fixture('shapes.rs'), request, new CancellationSource().token);
  assert.deepEqual(withoutTiming(next), await chunker.chunk(fixture('shapes.rs'), request));
  assert.equal(pool.stoppedBecause, undefined, 'a cancellation is no failure');
});

test('one chunk thread per core but one, at most 4, unless CODELOUPE_CHUNK_THREADS says otherwise', () => {
  assert.equal(defaultChunkThreads({}, 1), 1);
  assert.equal(defaultChunkThreads({}, 2), 1);
  assert.equal(defaultChunkThreads({}, 4), 3);
  assert.equal(defaultChunkThreads({}, 16), 4);
  assert.equal(defaultChunkThreads({ CODELOUPE_CHUNK_THREADS: '0' }, 16), 0);
  assert.equal(defaultChunkThreads({ CODELOUPE_CHUNK_THREADS: ' 6 ' }, 2), 6);
  assert.equal(defaultChunkThreads({ CODELOUPE_CHUNK_THREADS: 'many' }, 8), 4);
});
