// A model load that hangs must not block the folder: the run can be cancelled and the index closed.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CancellationSource } from '../../src/core/cancellation';
import { CodeIndex } from '../../src/core/engine/codeIndex';
import { bundleWorkers, type WorkerBundles } from '../embed/helpers/workerBundles';
import { sampleWorkspace, TEST_MODEL } from '../helpers/sampleRepo';

let bundles: WorkerBundles;
before(async () => {
  bundles = await bundleWorkers();
});
after(() => bundles.dispose());

test('an index run waiting for a worker that never loads the model is cancelled at once, and close stops the worker', { timeout: 30_000 }, async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const pidFile = join(indexDir, '..', 'worker.pid');
  process.env.HANG_PID_FILE = pidFile;
  t.after(() => delete process.env.HANG_PID_FILE);
  const index = await CodeIndex.open({ root, indexDir, modelDir: TEST_MODEL, device: 'cpu', threads: 1, workerPath: bundles.hangOnInit });
  const cancellation = new CancellationSource();
  const running = index.update({ token: cancellation.token });
  while (!existsSync(pidFile)) await new Promise((resolve) => setTimeout(resolve, 50));
  const pid = Number(readFileSync(pidFile, 'utf8'));
  cancellation.cancel();
  const report = await running;
  assert.equal(report.cancelled, true);
  assert.ok(report.chunks.total > 0, 'the lexical index was built before the run waited for the model');
  assert.doesNotThrow(() => process.kill(pid, 0), 'the start goes on (the next run may use it)');
  const closing = Date.now();
  await index.close();
  assert.ok(Date.now() - closing < 3000, `close took ${Date.now() - closing} ms`);
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
});
