import assert from 'node:assert/strict';
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { CodeIndex } from '../../src/core/engine/codeIndex';
import { PARALLEL_FROM_FILES } from '../../src/core/engine/chunkStage';
import { IndexStore } from '../../src/core/store/store';
import { FIXTURES } from '../chunk/chunkHelpers';
import { MemoryLogger } from '../helpers/memoryLogger';
import { TEST_MODEL } from '../helpers/sampleRepo';
import { tempDir } from '../helpers/tempDir';

/** Every chunk of an index, file by file, as stored. */
function storedChunks(indexDir: string): unknown[] {
  const { store } = IndexStore.open(join(indexDir, 'index.sqlite'), new MemoryLogger());
  try {
    return store.listFiles().map((f) => ({ file: f.path, language: f.language, parseStatus: f.parseStatus, chunkKey: f.chunkKey, chunks: store.chunksOfFile(f.path) }));
  } finally {
    store.close();
  }
}

async function indexWith(t: TestContext, root: string, chunkThreads: number): Promise<{ indexDir: string; chunkMs: number }> {
  const indexDir = tempDir(t);
  const index = await CodeIndex.open({ root, indexDir, modelDir: TEST_MODEL, device: 'cpu', threads: 1, chunkThreads });
  try {
    const report = await index.update({ embed: false });
    assert.equal(report.files.rechunked, readdirSync(root, { recursive: true }).filter((p) => String(p).includes('.')).length);
    return { indexDir, chunkMs: report.timings.chunkMs };
  } finally {
    await index.close();
  }
}

test('an index chunked on threads holds exactly the chunks of one chunked on the calling thread', async (t) => {
  // Every fixture language, three times over: a run large enough to go to the threads.
  const root = tempDir(t);
  for (const copy of ['a', 'b', 'c']) cpSync(FIXTURES, join(root, copy), { recursive: true });
  // Long enough to be cut into windows by the model's token counts, which the threads must count alike.
  const body = Array.from({ length: 160 }, (_, i) => `  const value${i} = compute(${i}, "item ${i}") + offset;`).join('\n');
  writeFileSync(join(root, 'long.ts'), `export function longOne(offset: number) {\n${body}\n  return offset;\n}\n`);
  assert.ok(readdirSync(root, { recursive: true }).length > PARALLEL_FROM_FILES);
  const threaded = await indexWith(t, root, 2);
  const inProcess = await indexWith(t, root, 0);
  const chunks = storedChunks(threaded.indexDir);
  assert.deepEqual(chunks, storedChunks(inProcess.indexDir));
  assert.ok(/"windowCount":[1-9]/.test(JSON.stringify(chunks)), 'the long function was cut into windows');
  assert.ok(threaded.chunkMs > 0 && inProcess.chunkMs > 0);
});
