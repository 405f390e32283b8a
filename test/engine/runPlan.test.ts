import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideAfterRead, planIndexRun, RACY_WINDOW_MS } from '../../src/core/engine/runPlan';
import type { StoredFile } from '../../src/core/store/storedTypes';
import type { ScannedFile } from '../../src/core/types';

const scanned = (path: string, size = 10, mtimeMs = 1, change: Partial<ScannedFile> = {}): ScannedFile => ({ path, absPath: `/r/${path}`, size, mtimeMs, ctimeMs: 1, ino: 7, ...change });
const stored = (path: string, size = 10, mtimeMs = 1, chunkKey = 'k1', change: Partial<StoredFile> = {}): StoredFile => ({
  path, size, mtimeMs, ctimeMs: 1, ino: 7, statAtMs: 1 + RACY_WINDOW_MS + 1, hash: `h-${path}`, chunkKey, language: 'typescript', parseStatus: 'parsed', ...change,
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

test('same size and mtime but another ctime or inode is read (cp -p, rsync -a, tar x, touch -r, atomic saves)', () => {
  const plan = planIndexRun(
    [scanned('cp-p.ts', 10, 1, { ctimeMs: 5000 }), scanned('replaced.ts', 10, 1, { ino: 8 }), scanned('same.ts')],
    [stored('cp-p.ts'), stored('replaced.ts'), stored('same.ts')],
    'k1',
  );
  assert.deepEqual(plan.toRead.map((f) => f.path), ['cp-p.ts', 'replaced.ts']);
  assert.deepEqual(plan.unchanged, ['same.ts']);
});

test('a stamp taken within the racy window of the last change is not trusted: the file is read (and hashed) again', () => {
  const changedAt = 1_000_000;
  const racy = stored('racy.ts', 10, changedAt, 'k1', { ctimeMs: changedAt, statAtMs: changedAt + RACY_WINDOW_MS - 1 });
  const settled = stored('settled.ts', 10, changedAt, 'k1', { ctimeMs: changedAt, statAtMs: changedAt + RACY_WINDOW_MS + 1 });
  const plan = planIndexRun(
    [scanned('racy.ts', 10, changedAt, { ctimeMs: changedAt }), scanned('settled.ts', 10, changedAt, { ctimeMs: changedAt })],
    [racy, settled],
    'k1',
  );
  assert.deepEqual(plan.toRead.map((f) => f.path), ['racy.ts']);
  assert.deepEqual(plan.unchanged, ['settled.ts']);
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
