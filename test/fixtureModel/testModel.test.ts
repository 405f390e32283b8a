import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { Tokenizer } from '@huggingface/tokenizers';
import { TEST_MODEL_DIR, TEST_MODEL_ONNX, readTestModelConfig, readTestModelJson } from './testModelFixture';

const config = readTestModelConfig();
let session: ort.InferenceSession;
let tokenizer: Tokenizer;

before(async () => {
  session = await ort.InferenceSession.create(TEST_MODEL_ONNX, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  tokenizer = new Tokenizer(readTestModelJson('tokenizer.json') as object, readTestModelJson('tokenizer_config.json') as object);
});

after(async () => {
  await session.release();
});

/** Right-pads token id rows with [PAD] into the two int64 tensors a ModernBERT export takes. */
function batchFeeds(rows: number[][], maskAll = false): Record<string, ort.Tensor> {
  const seq = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(rows.length * seq).fill(BigInt(config.pad_token_id));
  const mask = new BigInt64Array(rows.length * seq);
  rows.forEach((row, b) => {
    row.forEach((id, t) => (ids[b * seq + t] = BigInt(id)));
    mask.fill(1n, b * seq, maskAll ? (b + 1) * seq : b * seq + row.length);
  });
  return {
    input_ids: new ort.Tensor('int64', ids, [rows.length, seq]),
    attention_mask: new ort.Tensor('int64', mask, [rows.length, seq]),
  };
}

async function lastHiddenState(feeds: Record<string, ort.Tensor>): Promise<{ dims: readonly number[]; data: Float32Array }> {
  const out = (await session.run(feeds)).last_hidden_state;
  assert.ok(out, 'the model returns last_hidden_state');
  assert.ok(out.data instanceof Float32Array, 'last_hidden_state is float32');
  return { dims: out.dims, data: out.data };
}

/** Hidden states of row `b`, tokens [0, tokens), from a [batch, seq, hidden] output. */
function rowStates(data: Float32Array, dims: readonly number[], b: number, tokens: number): Float32Array {
  const [, seq, hidden] = dims as [number, number, number];
  return data.slice(b * seq * hidden, (b * seq + tokens) * hidden);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - (b[i] as number))), 0);
}

const SHORT_CODE = 'def retry_upload(path):';
const LONG_CODE = Array.from({ length: 40 }, (_, i) => `const value${i} = compute(${i}, "item-${i}");`).join('\n');

void test('the fixture has the Hugging Face / sentence-transformers layout of a ModernBERT embedder', () => {
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json',
    'config_sentence_transformers.json', 'modules.json', '1_Pooling/config.json', 'onnx/model.onnx', 'README.md']) {
    assert.ok(existsSync(path.join(TEST_MODEL_DIR, file)), `${file} exists`);
  }
  assert.equal(config.model_type, 'modernbert');
  assert.deepEqual(config.architectures, ['ModernBertModel']);
  assert.equal(config.max_position_embeddings, 8192);
  assert.equal(config.local_attention, 128);
  assert.equal(config.global_attn_every_n_layers, 3);
  assert.equal(config.global_rope_theta, 160000);
  assert.equal(config.local_rope_theta, 10000);
  assert.ok(config.num_hidden_layers > config.global_attn_every_n_layers, 'has both global and local layers');
  const pooling = readTestModelJson('1_Pooling/config.json') as Record<string, unknown>;
  assert.equal(pooling.pooling_mode_cls_token, true);
  assert.equal(pooling.pooling_mode_mean_tokens, false);
  assert.equal(pooling.word_embedding_dimension, config.hidden_size);
  assert.deepEqual((readTestModelJson('config_sentence_transformers.json') as Record<string, unknown>).prompts, {});
});

void test('the tokenizer wraps code in [CLS] ... [SEP], matches the config ids and round-trips', () => {
  const encoding = tokenizer.encode(SHORT_CODE);
  assert.equal(encoding.ids[0], config.cls_token_id);
  assert.equal(encoding.ids.at(-1), config.sep_token_id);
  assert.ok(encoding.ids.length > 4, 'code splits into several BPE tokens');
  assert.equal(tokenizer.token_to_id('[PAD]'), config.pad_token_id);
  assert.ok(tokenizer.get_vocab(true).size <= config.vocab_size, 'every token id has an embedding row');
  for (const text of [SHORT_CODE, LONG_CODE, 'naïve café 日本語 😀\n\tx']) {
    assert.equal(tokenizer.decode(tokenizer.encode(text).ids, { skip_special_tokens: true }), text);
  }
});

void test('the ONNX model has the input and output names of the ModernBERT exports', () => {
  assert.deepEqual([...session.inputNames], ['input_ids', 'attention_mask']);
  assert.deepEqual([...session.outputNames], ['last_hidden_state']);
});

void test('the output is [batch, seq, hidden] for batch and sequence sizes other than the exported ones', async () => {
  const one = await lastHiddenState(batchFeeds([[config.cls_token_id, 10, 11, 12, config.sep_token_id]]));
  assert.deepEqual(one.dims, [1, 5, config.hidden_size]);
  const rows = [0, 1, 2].map((b) => Array.from({ length: 200 }, (_, t) => (b * 997 + t * 31) % 4000));
  const three = await lastHiddenState(batchFeeds(rows));
  assert.deepEqual(three.dims, [3, 200, config.hidden_size]);
  assert.ok(three.data.every(Number.isFinite));
});

void test('padding in a batch does not change the outputs of a text\'s real tokens', async () => {
  const short = tokenizer.encode(SHORT_CODE).ids;
  const long = tokenizer.encode(LONG_CODE).ids;
  assert.ok(long.length > config.local_attention * 2, 'the padding reaches beyond the local window');
  const alone = await lastHiddenState(batchFeeds([short]));
  const batched = await lastHiddenState(batchFeeds([long, short]));
  const cls = (r: { dims: readonly number[]; data: Float32Array }, b: number) => rowStates(r.data, r.dims, b, 1);
  assert.ok(maxAbsDiff(cls(alone, 0), cls(batched, 1)) < 1e-4, 'same CLS vector alone and padded');
  assert.ok(maxAbsDiff(rowStates(alone.data, alone.dims, 0, short.length), rowStates(batched.data, batched.dims, 1, short.length)) < 1e-4);
  // The same batch with the padding left unmasked does change the vector: the check above has teeth.
  const unmasked = await lastHiddenState(batchFeeds([long, short], true));
  assert.ok(maxAbsDiff(cls(alone, 0), cls(unmasked, 1)) > 1e-2, 'attending to [PAD] tokens would move the CLS vector');
});

void test('the same input gives the same output, in one session and across sessions', async () => {
  const feeds = batchFeeds([tokenizer.encode(SHORT_CODE).ids, tokenizer.encode('interface Chunk { text: string }').ids]);
  const first = await lastHiddenState(feeds);
  const again = await lastHiddenState(feeds);
  assert.deepEqual(again.data, first.data);
  const other = await ort.InferenceSession.create(TEST_MODEL_ONNX, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  try {
    const out = (await other.run(feeds)).last_hidden_state;
    assert.ok(out?.data instanceof Float32Array);
    assert.deepEqual(out.data, first.data);
  } finally {
    await other.release();
  }
});

void test('different texts get different CLS vectors', async () => {
  const out = await lastHiddenState(batchFeeds([tokenizer.encode(SHORT_CODE).ids, tokenizer.encode('SELECT * FROM users').ids]));
  assert.ok(maxAbsDiff(rowStates(out.data, out.dims, 0, 1), rowStates(out.data, out.dims, 1, 1)) > 1e-2);
});
