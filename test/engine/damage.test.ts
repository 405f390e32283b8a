// Damaged index files: the engine repairs what it can recompute and says what it cannot.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CodeIndex } from '../../src/core/engine/codeIndex';
import { sampleWorkspace, TEST_MODEL } from '../helpers/sampleRepo';

async function open(root: string, indexDir: string): Promise<CodeIndex> {
  return CodeIndex.open({ root, indexDir, modelDir: TEST_MODEL, device: 'cpu', threads: 1 });
}

test('junk inside the vector file (size and header intact) is caught by its checksum and rebuilt from the store', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const first = await open(root, indexDir);
  await first.update();
  const expected = (await first.search('levenshtein distance', { k: 5, mode: 'semantic' })).results.map((r) => `${r.file}:${r.startLine}`);
  await first.close();

  // Overwrite the vectors inside the file (hnswlib's layout: a 96-byte header, then one fixed-size record
  // per element holding its links, its vector and its label) and keep links, labels and size intact, so
  // nothing but the bytes' checksum can tell.
  const file = join(indexDir, 'vectors.hnsw');
  const size = statSync(file).size;
  const bytes = readFileSync(file);
  const count = Number(bytes.readBigUInt64LE(16));
  const recordBytes = Number(bytes.readBigUInt64LE(24));
  const dataOffset = Number(bytes.readBigUInt64LE(40));
  const vectorBytes = recordBytes - dataOffset - 8;
  let junked = 0;
  for (let i = 0; i < count && junked < 8192; i++, junked += vectorBytes) bytes.fill(0x3c, 96 + i * recordBytes + dataOffset, 96 + i * recordBytes + dataOffset + vectorBytes);
  writeFileSync(file, bytes);
  assert.equal(statSync(file).size, size);

  const repaired = await open(root, indexDir);
  t.after(() => repaired.close());
  const results = (await repaired.search('levenshtein distance', { k: 5, mode: 'semantic' })).results.map((r) => `${r.file}:${r.startLine}`);
  assert.deepEqual(results, expected);
  assert.deepEqual(repaired.checkConsistency().problems, []);
  const report = await repaired.update();
  assert.ok(report.recovered.some((n) => /Rebuilt the vector index.*checksum/.test(n)), report.recovered.join('\n'));
  assert.equal(report.vectors.embedded, 0, 'nothing is re-embedded: the vectors are in the store');
});

test('temporary vector files left by a crashed save are removed by the next index run', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const index = await open(root, indexDir);
  t.after(() => index.close());
  await index.update();
  const leftovers = ['vectors.hnsw.tmp-999999', 'vectors.hnsw.tmp-1', 'vectors.hnsw.json.tmp'].map((n) => join(indexDir, n));
  for (const f of leftovers) writeFileSync(f, 'partial');
  await index.update();
  assert.deepEqual(leftovers.filter((f) => existsSync(f)), []);
});
