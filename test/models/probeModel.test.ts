import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { PROBE_INPUT, probeModelBytes } from '../../src/core/models/probeModel';

test('the in-memory probe model loads in ONNX Runtime and doubles its input', async () => {
  const session = await InferenceSession.create(probeModelBytes(), { executionProviders: ['cpu'] });
  try {
    assert.deepEqual(session.inputNames, ['x']);
    assert.deepEqual(session.outputNames, ['y']);
    const out = await session.run({ x: new Tensor('float32', Float32Array.from(PROBE_INPUT), [1, 4]) });
    assert.deepEqual([...(out['y']!.data as Float32Array)], PROBE_INPUT.map((v) => v * 2));
  } finally {
    await session.release();
  }
});
