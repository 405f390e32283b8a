import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveModel } from '../../src/core/embed/modelInfo';
import { runEmbedWorker } from '../../src/core/embed/worker/embedWorker';
import type { HostMessage, WorkerMessage } from '../../src/core/embed/worker/protocol';
import { TEST_MODEL_DIR } from './helpers/modelCopy';
import { codeTexts } from './helpers/vectors';

/** The worker's logic in this process, talking through an in-memory port. */
function startInProcess() {
  const sent: WorkerMessage[] = [];
  const waiters: (() => void)[] = [];
  let deliver: (m: HostMessage) => void = () => undefined;
  let exitCode: number | undefined;
  runEmbedWorker(
    {
      onMessage: (listener) => (deliver = listener),
      send: (m) => {
        sent.push(m);
        for (const w of waiters.splice(0)) w();
      },
    },
    (code) => (exitCode = code),
  );
  const replies = () => sent.filter((m) => m.type !== 'log' && m.type !== 'progress');
  return {
    sent,
    post: (m: HostMessage) => deliver(m),
    replies,
    exitCode: () => exitCode,
    /** Waits until `count` non-log messages were sent. */
    async until(count: number): Promise<WorkerMessage[]> {
      while (replies().length < count) await new Promise<void>((r) => waiters.push(r));
      return replies();
    },
  };
}

test('init reports ready with the device and dimension; embed returns one row per text', async () => {
  const model = await resolveModel(TEST_MODEL_DIR);
  const w = startInProcess();
  const sent = w.sent;
  w.post({ type: 'init', init: { model, device: 'cpu', threads: 1 } });
  w.post({ type: 'embed', requestId: 1, texts: ['a', 'def b(): pass'] });
  const [ready, result] = await w.until(2);
  assert.deepEqual(ready, { type: 'ready', device: 'cpu', fallbacks: [], dimension: 64 });
  assert.ok(result.type === 'result' && result.requestId === 1);
  assert.equal(result.vectors.length, 2 * 64);
  // The host hears after every batch (progress, and proof of life for its stall watchdog).
  assert.ok(sent.some((m) => m.type === 'progress' && m.requestId === 1 && m.done === 2));
  w.post({ type: 'shutdown' });
  while (w.exitCode() === undefined) await new Promise((r) => setImmediate(r));
  assert.equal(w.exitCode(), 0);
});

test('a cancelled request stops between batches; a cancelled queued request is dropped unrun', async () => {
  const model = await resolveModel(TEST_MODEL_DIR);
  const w = startInProcess();
  w.post({ type: 'init', init: { model, device: 'cpu', threads: 1, batchTokens: 16 } });
  w.post({ type: 'embed', requestId: 1, texts: codeTexts(200) });
  w.post({ type: 'embed', requestId: 2, texts: codeTexts(3) });
  w.post({ type: 'embed', requestId: 3, texts: codeTexts(3) });
  w.post({ type: 'cancel', requestId: 1 });
  w.post({ type: 'cancel', requestId: 2 });
  const replies = await w.until(4);
  assert.deepEqual(replies.map((m) => [m.type, 'requestId' in m ? m.requestId : undefined]), [
    ['cancelled', 2],
    ['ready', undefined],
    ['cancelled', 1],
    ['result', 3],
  ]);
});

test('a model that cannot load answers initFailed with the error, and work then fails', async () => {
  const model = await resolveModel(TEST_MODEL_DIR);
  const w = startInProcess();
  w.post({ type: 'init', init: { model: { ...model, onnxPath: `${model.onnxPath}.missing` }, device: 'cpu' } });
  w.post({ type: 'embed', requestId: 7, texts: ['x'] });
  const [initFailed, failed] = await w.until(2);
  assert.ok(initFailed.type === 'initFailed');
  assert.equal(initFailed.error.code, 'E_MODEL_INVALID');
  assert.match(initFailed.error.message, /model\.onnx\.missing/);
  assert.ok(failed.type === 'failed' && failed.requestId === 7);
});
