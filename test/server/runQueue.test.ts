import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancellationSource, type CancellationToken } from '../../src/core/cancellation';
import { emptyReport, type IndexReport } from '../../src/core/engine/indexReport';
import { isCancelled } from '../../src/core/errors';
import { RunQueue, type RunInfo } from '../../src/server/runQueue';

/** An executor whose runs end when the test says so; a cancelled run ends with a cancelled report. */
function controlledQueue() {
  const runs: { info: RunInfo; paths: string[] | undefined; token: CancellationToken; finish: () => void }[] = [];
  const finished: number[] = [];
  const queue = new RunQueue(
    (info, token) =>
      new Promise<IndexReport>((resolve) => {
        const report = emptyReport();
        const finish = () => resolve(report);
        token.onCancellationRequested(() => {
          report.cancelled = true;
          finish();
        });
        runs.push({ info, paths: info.paths && [...info.paths].sort(), token, finish });
      }),
    { started: () => undefined, finished: (run) => finished.push(run.id), changed: () => undefined },
  );
  return { queue, runs, finished };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('requests that arrive during a run merge into one next run; a whole-folder request absorbs paths', async () => {
  const { queue, runs } = controlledQueue();
  const first = queue.request(['a.ts']);
  const second = queue.request(['b.ts']);
  const third = queue.request(['c.ts']);
  await tick();
  assert.equal(runs.length, 1);
  assert.deepEqual(runs[0]!.paths, ['a.ts']);
  runs[0]!.finish();
  await first;
  await tick();
  assert.equal(runs.length, 2);
  assert.deepEqual(runs[1]!.paths, ['b.ts', 'c.ts']);
  const whole = queue.request(undefined);
  const more = queue.request(['d.ts']);
  runs[1]!.finish();
  await Promise.all([second, third]);
  await tick();
  assert.equal(runs[2]!.paths, undefined, 'the whole-folder request absorbed d.ts');
  runs[2]!.finish();
  await Promise.all([whole, more]);
});

test('pause cancels the active run and re-queues it with its waiters; resume runs it again', async () => {
  const { queue, runs } = controlledQueue();
  let settled = false;
  const waiting = queue.request(undefined).then((r) => {
    settled = true;
    return r;
  });
  await tick();
  queue.pause();
  assert.equal(runs[0]!.token.isCancellationRequested, true);
  await tick();
  assert.equal(settled, false, 'the waiter moved to the remembered run instead of getting a cancelled report');
  assert.equal(queue.isPaused, true);
  assert.equal(queue.hasPending, true);
  queue.request(['x.ts']).catch(() => undefined);
  await tick();
  assert.equal(runs.length, 1, 'nothing runs while paused');
  queue.resume();
  await tick();
  assert.equal(runs.length, 2);
  assert.equal(runs[1]!.paths, undefined);
  runs[1]!.finish();
  const report = await waiting;
  assert.equal(report.cancelled, false);
});

test('stop cancels the active run for good and rejects queued requests with CancelledError', async () => {
  const { queue, runs } = controlledQueue();
  const active = queue.request(undefined);
  await tick();
  const queued = queue.request(['q.ts']);
  queue.stop();
  await assert.rejects(queued, (err: unknown) => isCancelled(err));
  const report = await active;
  assert.equal(report.cancelled, true);
  await tick();
  assert.equal(runs.length, 1, 'nothing was re-queued');
  assert.equal(queue.hasPending, false);
});

test('cancelling the only waiter of the active run cancels the run; with another waiter it goes on', async () => {
  const { queue, runs } = controlledQueue();
  const a = new CancellationSource();
  const b = new CancellationSource();
  const pa = queue.request(undefined, a.token);
  await tick();
  a.cancel();
  await assert.rejects(pa, (err: unknown) => isCancelled(err));
  assert.equal(runs[0]!.token.isCancellationRequested, true);
  await tick();

  // Two requests gathered while paused share one run.
  queue.pause();
  const pb = queue.request(['one.ts'], b.token);
  const pc = queue.request(['two.ts']);
  queue.resume();
  await tick();
  assert.equal(runs.length, 2);
  const second = runs[1]!;
  b.cancel();
  await assert.rejects(pb, (err: unknown) => isCancelled(err));
  assert.equal(second.token.isCancellationRequested, false, 'another request still waits for this run');
  second.finish();
  assert.equal((await pc).cancelled, false);
});

test('a run that fails rejects its waiters and the next run still starts', async () => {
  let calls = 0;
  const queue = new RunQueue(
    async () => {
      calls++;
      if (calls === 1) throw new Error('disk full');
      return emptyReport();
    },
    { started: () => undefined, finished: () => undefined, changed: () => undefined },
  );
  const failing = queue.request(undefined);
  const next = queue.request(['a.ts']);
  await assert.rejects(failing, /disk full/);
  await next;
  assert.equal(calls, 2);
});
