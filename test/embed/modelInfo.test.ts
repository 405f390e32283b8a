import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { after, test } from 'node:test';
import { resolveModel } from '../../src/core/embed/modelInfo';
import { CodeloupeError } from '../../src/core/errors';
import { copyTestModel, TEST_MODEL_DIR, type ModelCopy } from './helpers/modelCopy';

const copies: ModelCopy[] = [];
after(() => Promise.all(copies.map((c) => c.dispose())));
async function copy(): Promise<ModelCopy> {
  const c = await copyTestModel();
  copies.push(c);
  return c;
}

function isError(code: string, ...mentions: string[]) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof CodeloupeError, String(err));
    assert.equal(err.code, code);
    for (const m of mentions) assert.ok(err.describe().includes(m), `"${err.describe()}" should mention ${m}`);
    return true;
  };
}

test('reads the test model folder', async () => {
  const info = await resolveModel(TEST_MODEL_DIR);
  assert.deepEqual(info, {
    id: 'model',
    dir: TEST_MODEL_DIR,
    onnxPath: path.join(TEST_MODEL_DIR, 'onnx', 'model.onnx'),
    tokenizerPath: path.join(TEST_MODEL_DIR, 'tokenizer.json'),
    dimension: 64,
    hiddenSize: 64,
    pooling: 'cls',
    queryPrefix: '',
    documentPrefix: '',
    maxTokens: 8192,
  });
});

test('a missing folder is E_MODEL_NOT_FOUND naming it and saying to pass --model DIR', async () => {
  const missing = path.join(TEST_MODEL_DIR, 'no-such-model');
  await assert.rejects(resolveModel(missing), isError('E_MODEL_NOT_FOUND', missing, '--model DIR'));
});

test('a folder without an ONNX file is E_MODEL_INVALID naming the file it wanted', async () => {
  const c = await copy();
  await c.remove('onnx');
  await assert.rejects(resolveModel(c.dir), isError('E_MODEL_INVALID', c.dir, 'onnx/model.onnx'));
});

test('a folder without tokenizer.json or config.json is E_MODEL_INVALID naming the file', async () => {
  const c = await copy();
  await c.remove('tokenizer.json');
  await assert.rejects(resolveModel(c.dir), isError('E_MODEL_INVALID', 'tokenizer.json'));
  await c.remove('config.json');
  await assert.rejects(resolveModel(c.dir), isError('E_MODEL_INVALID', 'config.json'));
});

test('a named ONNX file is used; an unknown one is an error listing what was found', async () => {
  const c = await copy();
  await copyFile(path.join(c.dir, 'onnx', 'model.onnx'), path.join(c.dir, 'onnx', 'model_quantized.onnx'));
  assert.equal((await resolveModel(c.dir)).onnxPath, path.join(c.dir, 'onnx', 'model.onnx'));
  assert.equal((await resolveModel(c.dir, { preferredOnnx: 'model_quantized.onnx' })).onnxPath, path.join(c.dir, 'onnx', 'model_quantized.onnx'));
  await assert.rejects(resolveModel(c.dir, { preferredOnnx: 'model_fp16.onnx' }), isError('E_MODEL_INVALID', 'model_fp16.onnx', 'onnx/model.onnx', 'onnx/model_quantized.onnx'));
  await c.remove('onnx/model.onnx');
  assert.equal((await resolveModel(c.dir)).onnxPath, path.join(c.dir, 'onnx', 'model_quantized.onnx'));
});

test('pooling comes from 1_Pooling/config.json', async () => {
  const c = await copy();
  await c.editJson('1_Pooling/config.json', (j) => {
    j['pooling_mode_cls_token'] = false;
    j['pooling_mode_mean_tokens'] = true;
  });
  assert.equal((await resolveModel(c.dir)).pooling, 'mean');
  await c.editJson('1_Pooling/config.json', (j) => {
    j['pooling_mode_mean_tokens'] = false;
    j['pooling_mode_max_tokens'] = true;
  });
  await assert.rejects(resolveModel(c.dir), isError('E_MODEL_INVALID', 'pooling'));
});

test('prefixes come from the prompts of config_sentence_transformers.json', async () => {
  const c = await copy();
  await c.editJson('config_sentence_transformers.json', (j) => {
    j['prompts'] = { query: 'search_query: ', document: 'search_document: ' };
  });
  const info = await resolveModel(c.dir);
  assert.equal(info.queryPrefix, 'search_query: ');
  assert.equal(info.documentPrefix, 'search_document: ');
});

test('without sentence-transformers files, known models get their published pooling and prefixes', async () => {
  const c = await copy();
  await Promise.all(['1_Pooling', 'modules.json', 'config_sentence_transformers.json'].map((f) => c.remove(f)));
  await c.editJson('config.json', (j) => (j['_name_or_path'] = 'nomic-ai/modernbert-embed-base'));
  const nomic = await resolveModel(c.dir);
  assert.deepEqual([nomic.id, nomic.pooling, nomic.queryPrefix, nomic.documentPrefix], ['nomic-ai/modernbert-embed-base', 'mean', 'search_query: ', 'search_document: ']);
  await c.editJson('config.json', (j) => (j['_name_or_path'] = 'Alibaba-NLP/gte-modernbert-base'));
  const gte = await resolveModel(c.dir);
  assert.deepEqual([gte.pooling, gte.queryPrefix, gte.documentPrefix], ['cls', '', '']);
});

test('maxTokens is the smaller of max_position_embeddings and 8192', async () => {
  const c = await copy();
  await c.editJson('config.json', (j) => (j['max_position_embeddings'] = 512));
  assert.equal((await resolveModel(c.dir)).maxTokens, 512);
  await c.editJson('config.json', (j) => (j['max_position_embeddings'] = 32768));
  assert.equal((await resolveModel(c.dir)).maxTokens, 8192);
});
