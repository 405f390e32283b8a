import assert from 'node:assert/strict';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FULL_SCAN_MAX_VECTORS, VectorIndex } from '../../src/core/store/vectorIndex';
import { MemoryLogger } from '../helpers/memoryLogger';
import { tempDir } from '../helpers/tempDir';

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return new Float32Array(values.map((v) => v / norm));
}

test('nearest neighbours by cosine, removed ids never returned, growth past the initial capacity', () => {
  const index = VectorIndex.empty(3, 'm', 2);
  for (let i = 1; i <= 40; i++) index.add(i, unit([1, i / 40, 0.1]));
  index.add(100, unit([0, 0, 1]));
  assert.equal(index.search(unit([0, 0.05, 1]), 1)[0]!.id, 100);
  index.remove(100);
  assert.notEqual(index.search(unit([0, 0.05, 1]), 1)[0]!.id, 100);
  assert.equal(index.size, 40);
  const hit = index.search(unit([1, 1, 0.1]), 1)[0]!;
  assert.equal(hit.id, 40);
  assert.ok(hit.similarity > 0.999);
});

test('a saved index loads back with its live ids; a removed then re-added id is live again', (t) => {
  const path = join(tempDir(t), 'v.hnsw');
  const index = VectorIndex.empty(2, 'model-a');
  index.add(1, unit([1, 0]));
  index.add(2, unit([0, 1]));
  index.remove(2);
  index.save(path);
  const loaded = VectorIndex.load(path, 'model-a', 2, new MemoryLogger()).index!;
  assert.deepEqual([...loaded.ids()], [1]);
  loaded.add(2, unit([0, 1]));
  assert.equal(loaded.search(unit([0, 1]), 1)[0]!.id, 2);
});

test('missing, truncated, foreign-model and wrong-dimension files are refused with a reason', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'v.hnsw');
  const logger = new MemoryLogger();
  assert.match(VectorIndex.load(path, 'm', 2, logger).reason!, /missing/);
  const index = VectorIndex.empty(2, 'm');
  index.add(1, unit([1, 0]));
  index.save(path);
  assert.match(VectorIndex.load(path, 'other', 2, logger).reason!, /another model/);
  assert.match(VectorIndex.load(path, 'm', 3, logger).reason!, /dimension/);
  truncateSync(path, 40);
  assert.match(VectorIndex.load(path, 'm', 2, logger).reason!, /truncated/);
  writeFileSync(`${path}.json`, '{not json');
  assert.match(VectorIndex.load(path, 'm', 2, logger).reason!, /manifest/);
});

test('any sequence of adds and removes keeps the live set, and every live vector is found by an exhaustive search', () => {
  // Deleting a file's vectors, restoring them and removing one again used to fail with "Label not found"
  // (hnswlib's replace-deleted mode relabels slots behind the index's back).
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const vector = (id: number): Float32Array => unit([Math.sin(id), Math.cos(id * 3), Math.sin(id * 5) + 2, id % 7]);
  const index = VectorIndex.empty(4, 'm', 4);
  const model = new Set<number>();
  for (let step = 0; step < 600; step++) {
    const id = 1 + Math.floor(random() * 40);
    if (random() < 0.55) {
      index.add(id, vector(id));
      model.add(id);
    } else {
      index.remove(id);
      model.delete(id);
    }
    if (step % 25 === 0 || step === 599) {
      assert.deepEqual([...index.ids()].sort((a, b) => a - b), [...model].sort((a, b) => a - b), `step ${step}`);
      for (const id of model) assert.equal(index.search(vector(id), 1)[0]?.id, id, `vector ${id} finds itself at step ${step}`);
    }
  }
});

test('a save with deleted labels loads back with the same live set, and an edited byte is caught by the checksum', (t) => {
  const path = join(tempDir(t), 'v.hnsw');
  const index = VectorIndex.empty(2, 'm');
  for (let i = 1; i <= 5; i++) index.add(i, unit([1, i]));
  for (const i of [2, 3]) index.remove(i);
  index.add(2, unit([1, 2]));
  index.save(path);
  const loaded = VectorIndex.load(path, 'm', 2, new MemoryLogger());
  assert.deepEqual([...loaded.index!.ids()].sort(), [1, 2, 4, 5]);
  assert.equal(loaded.index!.deletedCount, 1);
  const bytes = readFileSync(path);
  bytes[bytes.length - 9] ^= 0xff;
  writeFileSync(path, bytes);
  assert.match(VectorIndex.load(path, 'm', 2, new MemoryLogger()).reason!, /checksum/);
});

test('up to the full-scan size, search is exact (ties by id), after removals and a reload too; above it, the graph answers', (t) => {
  let seed = 3;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
  // Clustered vectors, as an untrained model's are: the hard case for a graph.
  const base = [0.9, 0.3, 0.2, 0.1, 0.05, 0.2, 0.1, 0.3];
  const vectors = new Map<number, Float32Array>();
  const index = VectorIndex.empty(8, 'm');
  for (let id = 1; id <= 3000; id++) {
    const v = unit(base.map((b) => b + random() * 0.05));
    vectors.set(id, v);
    index.add(id, v);
  }
  for (let id = 1; id <= 3000; id += 3) {
    index.remove(id);
    vectors.delete(id);
  }
  const exact = (q: Float32Array, k: number) =>
    [...vectors]
      .map(([id, v]) => ({ id, s: v.reduce((n, x, i) => n + x * q[i]!, 0) }))
      .sort((a, b) => b.s - a.s || a.id - b.id)
      .slice(0, k)
      .map((h) => h.id);
  const path = join(tempDir(t), 'v.hnsw');
  index.save(path);
  const reloaded = VectorIndex.load(path, 'm', 8, new MemoryLogger()).index!;
  for (let q = 0; q < 20; q++) {
    const query = unit(base.map((b) => b + random() * 0.05));
    assert.deepEqual(index.search(query, 50).map((h) => h.id), exact(query, 50));
    assert.deepEqual(reloaded.search(query, 50).map((h) => h.id), exact(query, 50));
  }
  for (let id = 3001; id <= FULL_SCAN_MAX_VECTORS + 2100; id++) index.add(id, unit(base.map((b) => b + random() * 0.05)));
  assert.ok(index.size > FULL_SCAN_MAX_VECTORS);
  assert.equal(index.search(unit(base), 10).length, 10, 'the graph answers');
});
