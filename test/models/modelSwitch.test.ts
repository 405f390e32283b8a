import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CodeIndex, type CodeIndexOptions } from '../../src/core/engine/codeIndex';
import { copyTestModel } from '../embed/helpers/modelCopy';
import { sampleWorkspace } from '../helpers/sampleRepo';

async function indexWith(t: Parameters<typeof sampleWorkspace>[0], options: CodeIndexOptions) {
  const index = await CodeIndex.open({ device: 'cpu', threads: 1, ...options });
  t.after(() => index.close());
  return index;
}

test('switching the model, its export or its truncation re-embeds everything and says so', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const model = await copyTestModel();
  t.after(() => model.dispose());
  copyFileSync(path.join(model.dir, 'onnx', 'model.onnx'), path.join(model.dir, 'onnx', 'model_int8.onnx'));

  const first = await indexWith(t, { root, indexDir, modelDir: model.dir, precision: 'fp32' });
  const built = await first.update();
  const texts = first.status().texts;
  assert.equal(built.vectors.embedded, texts);
  assert.deepEqual(first.status().model, { id: 'model', dimension: 64 });
  await first.close();

  // The int8 export (another ONNX file): stored vectors are not reused.
  const int8 = await indexWith(t, { root, indexDir, modelDir: model.dir, precision: 'int8' });
  assert.match(int8.semanticUnavailable() ?? '', /another model/);
  const switched = await int8.update();
  assert.equal(switched.vectors.embedded, texts);
  assert.ok(switched.recovered.some((n) => /Model changed/.test(n)), switched.recovered.join('; '));
  await int8.close();

  // Matryoshka truncation: vectors of 32 values, unit length, and a fresh vector index of that dimension.
  const truncated = await indexWith(t, { root, indexDir, modelDir: model.dir, precision: 'int8', truncateDimension: 32 });
  const again = await truncated.update();
  assert.equal(again.vectors.embedded, texts);
  assert.deepEqual(truncated.status().model, { id: 'model', dimension: 32 });
  const results = (await truncated.search('retry upload', { k: 3, mode: 'semantic' })).results;
  assert.equal(results.length, 3);
  await truncated.close();

  // Same settings again: nothing to re-embed.
  const same = await indexWith(t, { root, indexDir, modelDir: model.dir, precision: 'int8', truncateDimension: 32 });
  assert.equal((await same.update()).vectors.embedded, 0);
});
