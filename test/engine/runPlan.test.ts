import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideAfterRead, planIndexRun } from '../../src/core/engine/runPlan';
import type { StoredFile } from '../../src/core/store/storedTypes';
import type { ScannedFile } from '../../src/core/types';

const scanned = (path: string, size = 10, mtimeMs = 1): ScannedFile => ({ path, absPath: `/r/${path}`, size, mtimeMs });
const stored = (path: string, size = 10, mtimeMs = 1, chunkKey = 'k1'): StoredFile => ({
  path, size, mtimeMs, hash: `h-${path}`, chunkKey, language: 'typescript', parseStatus: 'parsed',
});

test('unchanged metadata is not read; changed, new and re-keyed files are; vanished files are removed', () => {
  const plan = planIndexRun(
    [scanned('same.ts'), scanned('edited.ts', 11), scanned('touched.ts', 10, 2), scanned('new.ts'), scanned('rekeyed.ts')],
    [stored('same.ts'), stored('edited.ts'), stored('touched.ts'), stored('gone.ts'), stored('rekeyed.ts', 10, 1, 'k0')],
    'k1',
  );
  assert.deepEqual(plan.unchanged, ['same.ts']);
  assert.deepEqual(plan.toRead.map((f) => f.path), ['edited.ts', 'touched.ts', 'new.ts', 'rekeyed.ts']);
  assert.deepEqual(plan.toRemove, ['gone.ts']);
});

test('a scoped plan neither checks nor removes files outside its scope', () => {
  const plan = planIndexRun([scanned('a.ts', 99), scanned('b.ts', 99)], [stored('a.ts'), stored('b.ts'), stored('c.ts'), stored('d.ts')], 'k1', new Set(['a.ts', 'c.ts']));
  assert.deepEqual(plan.toRead.map((f) => f.path), ['a.ts']);
  assert.deepEqual(plan.toRemove, ['c.ts']);
});

test('identical bytes under the same chunk key only update metadata', () => {
  assert.equal(decideAfterRead(stored('a.ts'), 'h-a.ts', 'k1'), 'touch');
  assert.equal(decideAfterRead(stored('a.ts'), 'other', 'k1'), 'rechunk');
  assert.equal(decideAfterRead(stored('a.ts'), 'h-a.ts', 'k2'), 'rechunk');
  assert.equal(decideAfterRead(undefined, 'h', 'k1'), 'rechunk');
});
