/** The supervisor against misbehaving workers (test/fixtures/workers/), which embed with the real model. */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { resolveModel, type ModelInfo } from '../../src/core/embed/modelInfo';
import type { WorkerMessage } from '../../src/core/embed/worker/protocol';
import { WorkerEmbedder, type WorkerEmbedderOptions } from '../../src/core/embed/workerEmbedder';
import { CancellationSource } from '../../src/core/cancellation';
import { CodeloupeError, isCancelled } from '../../src/core/errors';
import { MemoryLogger } from '../helpers/memoryLogger';
import { TEST_MODEL_DIR } from './helpers/modelCopy';
import { codeTexts, maxAbsDiff } from './helpers/vectors';
import { bundleWorkers, type WorkerBundles } from './helpers/workerBundles';

let model: ModelInfo;
let bundles: WorkerBundles;
let tmp: string;
let reference: Float32Array[];
const texts = codeTexts(8);

before(async () => {
  model = await resolveModel(TEST_MODEL_DIR);
  bundles = await bundleWorkers();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'codeloupe-supervisor-'));
  const healthy = await WorkerEmbedder.start({ model, device: 'cpu', threads: 1, workerPath: bundles.worker });
  reference = (await healthy.embed(texts, 'document')).vectors.map((v) => v ?? new Float32Array());
  await healthy.dispose();
});
after(async () => {
  await bundles.dispose();
  await rm(tmp, { recursive: true, force: true });
});

async function start(worker: keyof Omit<WorkerBundles, 'dispose'>, extra: Partial<WorkerEmbedderOptions> = {}): Promise<{ embedder: WorkerEmbedder; logger: MemoryLogger }> {
  const logger = new MemoryLogger();
  // Normal OS priority: a worker lowered below the test runner's load would trip the short stall timeouts here.
  const embedder = await WorkerEmbedder.start({ model, device: 'cpu', threads: 1, logger, workerPath: bundles[worker], priority: 'normal', ...extra });
  return { embedder, logger };
}

function assertMatchesReference(vectors: (Float32Array | null)[], skip: number[] = []): void {
  vectors.forEach((v, i) => {
    if (skip.includes(i)) return assert.equal(v, null);
    assert.ok(v, `vector ${i}`);
    assert.ok(maxAbsDiff(v, reference[i]) < 1e-4, `vector ${i} differs from a healthy worker's`);
  });
}

test('a worker that crashes on its first request is restarted and the request retried', async () => {
  const { embedder, logger } = await start('crashOnFirstRequest', { workerArgs: [path.join(tmp, 'crashed-once')] });
  try {
    const out = await embedder.embed(texts, 'document');
    assert.deepEqual(out.failures, []);
    assertMatchesReference(out.vectors);
    assert.ok(logger.lines.some((l) => l.level === 'warn' && /killed by SIGKILL.*restarting/.test(l.message)), JSON.stringify(logger.lines));
  } finally {
    await embedder.dispose();
  }
});

test('an input that crashes the worker every time is isolated; the other inputs get their vectors', async () => {
  const poisoned = [...texts];
  poisoned[5] = `${texts[5]} /* POISON */`;
  const { embedder } = await start('crashOnText', { workerArgs: ['POISON'] });
  try {
    const out = await embedder.embed(poisoned, 'document');
    assert.deepEqual(out.failures.map((f) => [f.index, f.error.code]), [[5, 'E_WORKER_CRASHED']]);
    assert.match(out.failures[0].error.message, /crashed on this input/);
    assertMatchesReference(out.vectors, [5]);
    // The embedder is still usable afterwards.
    assertMatchesReference((await embedder.embed(texts.slice(0, 2), 'document')).vectors);
  } finally {
    await embedder.dispose();
  }
});

test('a worker that stops answering on an input is killed; that input fails, the others get vectors', async () => {
  const hanging = [texts[0], `${texts[1]} // HANG`, texts[2]];
  const { embedder, logger } = await start('hangOnText', { workerArgs: ['HANG'], stallTimeoutMs: 200 });
  try {
    const out = await embedder.embed(hanging, 'document');
    assert.deepEqual(out.failures.map((f) => [f.index, f.error.code]), [[1, 'E_WORKER_TIMEOUT']]);
    assert.match(out.failures[0].error.message, /stopped answering on this input \(no answer for 200 ms/);
    assertMatchesReference([out.vectors[0], null, out.vectors[2]], [1]);
    assert.ok(logger.lines.some((l) => l.level === 'warn' && /sent nothing for 200 ms while embedding; killing it/.test(l.message)));
  } finally {
    await embedder.dispose();
  }
});

test('the worker exits by itself when its parent goes away (the IPC channel closes)', async () => {
  const child = fork(bundles.worker, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.send({ type: 'init', init: { model, device: 'cpu', threads: 1 } });
  await new Promise<void>((resolve) => child.on('message', (m: WorkerMessage) => m.type === 'ready' && resolve()));
  child.disconnect();
  assert.equal(await exited, 0);
});

test('a worker that ignores shutdown is killed after the timeout', async () => {
  const pidFile = path.join(tmp, 'hang.pid');
  const { embedder, logger } = await start('hangOnShutdown', { workerArgs: [pidFile], shutdownTimeoutMs: 300 });
  const pid = Number(await readFile(pidFile, 'utf8'));
  assert.doesNotThrow(() => process.kill(pid, 0), 'the worker runs');
  await embedder.dispose();
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
  assert.ok(logger.lines.some((l) => l.level === 'warn' && /did not exit 300 ms after shutdown/.test(l.message)));
});

test('a worker that always crashes spends the crash budget, then the embedder stops with E_WORKER_CRASHED', async () => {
  const { embedder } = await start('crashAlways');
  try {
    const isCrashed = (err: unknown): boolean => {
      assert.ok(err instanceof CodeloupeError);
      assert.equal(err.code, 'E_WORKER_CRASHED');
      assert.match(err.message, /crashed more than 4 times/);
      assert.match(err.message, /exit code 70/);
      assert.match(err.describe(), /log/);
      return true;
    };
    await assert.rejects(embedder.embed(texts.slice(0, 4), 'document'), isCrashed);
    // Stopped for good: no more restarts.
    await assert.rejects(embedder.embed(['x'], 'query'), isCrashed);
  } finally {
    await embedder.dispose();
  }
});

test('a crash is told by how the worker ended, never by older output it printed (that goes to the log)', async () => {
  const { embedder, logger } = await start('noisyStartThenCrash');
  try {
    await assert.rejects(embedder.embed(texts.slice(0, 4), 'document'), (err: unknown) => {
      assert.ok(err instanceof CodeloupeError);
      assert.equal(err.code, 'E_WORKER_CRASHED');
      assert.match(err.message, /crashed more than 4 times .*exit code 70/);
      assert.doesNotMatch(err.message, /start-up warning/);
      return true;
    });
    assert.ok(logger.lines.some((l) => l.level === 'warn' && /exit code 70.*\n.*unrelated start-up warning/.test(l.message)), JSON.stringify(logger.lines));
  } finally {
    await embedder.dispose();
  }
});

test('a worker that never finishes loading the model is stopped after the ready timeout, or when the start is cancelled', async () => {
  const timedOutPid = path.join(tmp, 'hang-init-1.pid');
  // Long enough for the worker to start and write its pid on a loaded machine; it then never says more.
  await assert.rejects(start('hangOnInit', { workerArgs: [timedOutPid], readyTimeoutMs: 4000 }), (err: unknown) => {
    assert.ok(err instanceof CodeloupeError);
    assert.equal(err.code, 'E_WORKER_TIMEOUT');
    assert.match(err.message, /did not finish loading the model .* within 4 s/);
    return true;
  });
  assert.throws(() => process.kill(Number(readFileSync(timedOutPid, 'utf8')), 0), { code: 'ESRCH' });

  const cancelledPid = path.join(tmp, 'hang-init-2.pid');
  const cancellation = new CancellationSource();
  const starting = WorkerEmbedder.start({ model, device: 'cpu', threads: 1, workerPath: bundles.hangOnInit, workerArgs: [cancelledPid] }, cancellation.token);
  while (!existsSync(cancelledPid)) await new Promise((resolve) => setTimeout(resolve, 50));
  cancellation.cancel();
  await assert.rejects(starting, (err: unknown) => isCancelled(err));
  assert.throws(() => process.kill(Number(readFileSync(cancelledPid, 'utf8')), 0), { code: 'ESRCH' });
});
