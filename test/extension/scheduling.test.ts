import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Debouncer } from '../../src/extension/util/debouncer';
import { PathBatcher, type Batch } from '../../src/shared/pathBatcher';
import { FakeScheduler } from './doubles/fakeScheduler';

test('the debouncer runs once with the latest value after the typing stops', () => {
  const clock = new FakeScheduler();
  const calls: string[] = [];
  const d = new Debouncer<string>(200, (v) => calls.push(v), clock);
  d.trigger('r');
  clock.advance(100);
  d.trigger('re');
  clock.advance(150);
  d.trigger('retry');
  clock.advance(199);
  assert.deepEqual(calls, []);
  clock.advance(1);
  assert.deepEqual(calls, ['retry']);
  d.trigger('x');
  d.cancel();
  clock.advance(1000);
  assert.deepEqual(calls, ['retry'], 'a cancelled trigger never fires');
});

test('saves and file events batch per folder, deduplicated, once the folder is quiet', () => {
  const clock = new FakeScheduler();
  const batches: Batch[] = [];
  const b = new PathBatcher(500, (batch) => batches.push(batch), 100, clock);
  b.add('A', 'src/b.ts');
  b.add('B', 'lib/x.py');
  clock.advance(300);
  b.add('A', 'src/a.ts');
  b.add('A', 'src/b.ts');
  clock.advance(300);
  assert.deepEqual(batches, [{ folderId: 'B', paths: ['lib/x.py'] }], 'folder A is still busy: its timer restarted');
  clock.advance(200);
  assert.deepEqual(batches[1], { folderId: 'A', paths: ['src/a.ts', 'src/b.ts'] });
  assert.equal(clock.pending, 0);
});

test('a burst larger than the limit becomes one whole-folder update', () => {
  const clock = new FakeScheduler();
  const batches: Batch[] = [];
  const b = new PathBatcher(500, (batch) => batches.push(batch), 3, clock);
  for (const p of ['a', 'b', 'c', 'd', 'e']) b.add('A', p);
  clock.advance(500);
  assert.deepEqual(batches, [{ folderId: 'A', all: true }]);
});

test('dropping a folder forgets its pending paths; flushAll hands over the rest at once', () => {
  const clock = new FakeScheduler();
  const batches: Batch[] = [];
  const b = new PathBatcher(500, (batch) => batches.push(batch), 100, clock);
  b.add('A', 'a.ts');
  b.add('B', 'b.ts');
  b.drop('A');
  b.flushAll();
  assert.deepEqual(batches, [{ folderId: 'B', paths: ['b.ts'] }]);
  clock.advance(1000);
  assert.equal(batches.length, 1);
});
