import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BatchEmbedder } from '../../src/core/embed/batchEmbedder';
import { resolveModel, type ModelInfo } from '../../src/core/embed/modelInfo';
import { OnnxEncoder } from '../../src/core/embed/onnxEncoder';
import { ModelTokenizer } from '../../src/core/embed/tokenizer';
import { TEST_MODEL_DIR } from './helpers/modelCopy';
import { codeTexts, maxAbsDiff, norm } from './helpers/vectors';

let model: ModelInfo;
let tokenizer: ModelTokenizer;
let encoder: OnnxEncoder;

before(async () => {
  model = await resolveModel(TEST_MODEL_DIR);
  tokenizer = await ModelTokenizer.load(model);
  encoder = await OnnxEncoder.create(model, { device: 'cpu', threads: 1 });
});
after(() => encoder.dispose());

const row = (vectors: Float32Array, i: number, dim: number): Float32Array => vectors.subarray(i * dim, (i + 1) * dim);
const notCancelled = (): boolean => false;

test('gives one unit vector per text, in input order, whatever the batching', async () => {
  const texts = codeTexts(20);
  const small = await new BatchEmbedder(model, tokenizer, encoder, { maxTokens: 64, maxBatchSize: 2 }).embed(texts, notCancelled);
  const large = await new BatchEmbedder(model, tokenizer, encoder, { maxTokens: 100_000, maxBatchSize: 64 }).embed(texts, notCancelled);
  assert.ok(small !== 'cancelled' && large !== 'cancelled');
  assert.equal(small.vectors.length, texts.length * 64);
  assert.deepEqual(small.failures, []);
  for (let i = 0; i < texts.length; i++) {
    assert.ok(Math.abs(norm(row(small.vectors, i, 64)) - 1) < 1e-5);
    assert.ok(maxAbsDiff(row(small.vectors, i, 64), row(large.vectors, i, 64)) < 1e-4, `text ${i}`);
    // Alone, each text gets the same vector as in a padded batch.
    const alone = await new BatchEmbedder(model, tokenizer, encoder).embed([texts[i]], notCancelled);
    assert.ok(alone !== 'cancelled');
    assert.ok(maxAbsDiff(alone.vectors, row(large.vectors, i, 64)) < 1e-4, `text ${i} alone`);
  }
  assert.equal(small.tokens, texts.reduce((n, t) => n + tokenizer.count(t), 0));
});

test('different texts get different vectors', async () => {
  const out = await new BatchEmbedder(model, tokenizer, encoder).embed(['def read_file(path):', 'class HttpServer {}'], notCancelled);
  assert.ok(out !== 'cancelled');
  assert.ok(maxAbsDiff(row(out.vectors, 0, 64), row(out.vectors, 1, 64)) > 1e-3);
});

test('an input that makes ONNX Runtime throw fails alone; its batch companions still get vectors', async () => {
  const texts = codeTexts(6);
  const poison = tokenizer.encode(texts[3], model.maxTokens);
  // The real encoder, except that it throws (as ORT does on a bad input) when the poisoned ids are in the batch.
  const throwing = {
    encode: (batch: readonly number[][], paddedLength: number, padId: number) =>
      batch.some((ids) => ids.length === poison.length && ids.every((id, k) => id === poison[k]))
        ? Promise.reject(new Error('simulated ONNX Runtime failure'))
        : encoder.encode(batch, paddedLength, padId),
  };
  const out = await new BatchEmbedder(model, tokenizer, throwing).embed(texts, notCancelled);
  const reference = await new BatchEmbedder(model, tokenizer, encoder).embed(texts, notCancelled);
  assert.ok(out !== 'cancelled' && reference !== 'cancelled');
  assert.deepEqual(out.failures.map((f) => [f.index, f.error.code]), [[3, 'E_EMBED_FAILED']]);
  assert.match(out.failures[0].error.message, /simulated ONNX Runtime failure/);
  for (const i of [0, 1, 2, 4, 5]) assert.ok(maxAbsDiff(row(out.vectors, i, 64), row(reference.vectors, i, 64)) < 1e-4);
});

test('stops between batches once cancelled', async () => {
  let batches = 0;
  const counting = { encode: (b: readonly number[][], l: number, p: number) => (batches++, encoder.encode(b, l, p)) };
  const out = await new BatchEmbedder(model, tokenizer, counting, { maxTokens: 64, maxBatchSize: 1 }).embed(codeTexts(10), () => batches >= 3);
  assert.equal(out, 'cancelled');
  assert.equal(batches, 3);
});
