import assert from 'node:assert/strict';
import { cpSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { CancellationSource } from '../../src/core/cancellation';
import { CodeIndex } from '../../src/core/engine/codeIndex';
import { KEYWORD_FIRST_FROM_FILES } from '../../src/core/engine/indexRun';
import type { IndexPhase } from '../../src/core/engine/ports';
import { ModelTokenizer } from '../../src/core/embed/tokenizer';
import { IndexStore } from '../../src/core/store/store';
import { FIXTURES } from '../chunk/chunkHelpers';
import { MemoryLogger } from '../helpers/memoryLogger';
import { TEST_MODEL } from '../helpers/sampleRepo';
import { tempDir } from '../helpers/tempDir';

/** Every fixture language three times over, and a function long enough to be cut into windows. */
function largeFolder(t: TestContext): { root: string; files: string[] } {
  const root = tempDir(t);
  for (const copy of ['a', 'b', 'c']) cpSync(FIXTURES, join(root, copy), { recursive: true });
  const body = Array.from({ length: 160 }, (_, i) => `  const value${i} = compute(${i}, "item ${i}") + offset;`).join('\n');
  writeFileSync(join(root, 'long.ts'), `export function longOne(offset: number) {\n${body}\n  return offset;\n}\n`);
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1));
  assert.ok(files.length >= KEYWORD_FIRST_FROM_FILES);
  return { root, files };
}

/** Every chunk of an index (row ids aside), file by file, with the key it was chunked under. */
function storedChunks(indexDir: string): { file: string; chunkKey: string; chunks: unknown[] }[] {
  const { store } = IndexStore.open(join(indexDir, 'index.sqlite'), new MemoryLogger());
  try {
    return store.listFiles().map((f) => ({ file: f.path, chunkKey: f.chunkKey, chunks: store.chunksOfFile(f.path).map(({ id: _id, ...chunk }) => chunk) }));
  } finally {
    store.close();
  }
}

async function open(root: string, indexDir: string, chunkThreads = 0): Promise<CodeIndex> {
  return CodeIndex.open({ root, indexDir, modelDir: TEST_MODEL, device: 'cpu', threads: 1, chunkThreads });
}

/** The same folder indexed by runs of a few saved paths each: every run small enough to count tokens as it chunks. */
async function indexedFewAtATime(t: TestContext, root: string, files: readonly string[]): Promise<string> {
  const indexDir = tempDir(t);
  const index = await open(root, indexDir);
  try {
    for (let i = 0; i < files.length; i += 10) {
      const report = await index.update({ paths: files.slice(i, i + 10), embed: false });
      assert.equal(report.timings.windowsMs, 0, 'a small run cuts exact windows as it chunks');
    }
  } finally {
    await index.close();
  }
  return indexDir;
}

/** Records the phase each token count happened in (the counter in this process: chunkThreads 0). */
function countsByPhase(t: TestContext, phase: () => IndexPhase | undefined): Map<string, number> {
  const counted = new Map<string, number>();
  for (const method of ['count', 'fits', 'lineWindows'] as const) {
    const original = ModelTokenizer.prototype[method] as (...args: unknown[]) => unknown;
    (ModelTokenizer.prototype as unknown as Record<string, unknown>)[method] = function (this: ModelTokenizer, ...args: unknown[]) {
      const at = phase() ?? 'outside a run';
      counted.set(at, (counted.get(at) ?? 0) + 1);
      return original.apply(this, args);
    };
    t.after(() => ((ModelTokenizer.prototype as unknown as Record<string, unknown>)[method] = original));
  }
  return counted;
}

test('a large run writes the keyword index without counting tokens, then cuts exact windows: the index one exact pass makes', async (t) => {
  const { root, files } = largeFolder(t);
  const reference = storedChunks(await indexedFewAtATime(t, root, files));

  const indexDir = tempDir(t);
  const index = await open(root, indexDir);
  t.after(() => index.close());
  const phases: IndexPhase[] = [];
  const counted = countsByPhase(t, () => phases.at(-1));
  const report = await index.update({ onProgress: (p) => (phases.at(-1) === p.phase ? undefined : phases.push(p.phase)) });

  assert.deepEqual(phases, ['scan', 'chunk', 'windows', 'embed', 'save']);
  assert.equal(counted.get('chunk'), undefined, 'no token was counted for the keyword index');
  assert.ok((counted.get('windows') ?? 0) > 0, 'the windows pass counts');
  assert.deepEqual(storedChunks(indexDir), reference, 'the same chunks, under the same (exact) key');
  assert.ok(/"windowCount":[1-9]/.test(JSON.stringify(reference)), 'the long function was cut into windows');
  assert.ok(report.timings.lexicalMs > 0 && report.timings.windowsMs > 0 && report.timings.lexicalMs + report.timings.windowsMs <= report.timings.totalMs);
  assert.equal(report.files.rechunked, files.length, 'each file counted once');
  assert.equal(report.files.read, files.length);
  assert.equal(report.chunks.written, report.chunks.total, 'the chunks that stay, not those the first pass wrote');
  assert.equal(report.parse.parsed + report.parse.noGrammar + report.parse.failed, files.length);
  assert.equal(report.vectors.pending, 0);
  assert.equal(report.vectors.truncated, 0, 'every embedded text was cut by exact counts');
});

test('a run stopped in its windows pass leaves a keyword index that works; the next run cuts what is left exactly', async (t) => {
  const { root, files } = largeFolder(t);
  const reference = storedChunks(await indexedFewAtATime(t, root, files));
  const indexDir = tempDir(t);
  const index = await open(root, indexDir, 2);
  t.after(() => index.close());

  const stop = new CancellationSource();
  const stopped = await index.update({ token: stop.token, embed: false, onProgress: (p) => p.phase === 'windows' && stop.cancel() });
  assert.equal(stopped.cancelled, true);
  const keys = new Set(storedChunks(indexDir).map((f) => f.chunkKey));
  assert.ok([...keys].some((k) => k.endsWith('|keyword-first')), 'some files still hold keyword-first chunks');
  assert.equal((await index.search('longOne', { k: 3, mode: 'lexical' })).results[0]?.name, 'longOne', 'keyword search works meanwhile');
  const waiting = await index.embedPending();
  assert.equal(waiting.embedded, 0, 'texts cut by the estimate are not embedded');
  assert.ok(waiting.pending > 0);

  const resumed = await index.update({ embed: false });
  assert.equal(resumed.cancelled, false);
  assert.equal(resumed.files.rechunked, files.length, 'the files left with keyword-first chunks, each counted once');
  assert.equal(resumed.chunks.written, resumed.chunks.total);
  assert.deepEqual(storedChunks(indexDir), reference);
  const embedded = await index.embedPending();
  assert.ok(embedded.embedded > 0 && embedded.pending === 0, 'then every text is embedded');

  // Touched, not changed: read and hashed, never chunked again (their exact key serves a keyword-first run).
  const later = new Date(Date.now() + 5000);
  for (const file of files) utimesSync(join(root, file), later, later);
  const touched = await index.update({ embed: false });
  assert.equal(touched.files.read, files.length);
  assert.equal(touched.files.rechunked, 0);
  assert.equal(touched.chunks.written, 0);
  assert.deepEqual(storedChunks(indexDir), reference);
});
