import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseFiles, onnxCandidates, wantedPaths } from '../../src/core/models/modelFiles';
import { choosePrecision, onnxPreference, precisionOfFile } from '../../src/core/models/precision';
import { findRegistryModel, knownModelFacts, MODEL_REGISTRY } from '../../src/core/models/registry';
import { defaultModelId } from '../../src/core/models/defaultModel';
import { DEFAULT_CPU_MODEL_ID, DEFAULT_MODEL_ID } from '../../src/core/paths';

const linux = { platform: 'linux' as const, arch: 'x64', cudaReady: false };

test('the registry holds the ModernBERT embedders, the CPU default first, then the GPU default', () => {
  assert.deepEqual(MODEL_REGISTRY.map((m) => m.id), [DEFAULT_CPU_MODEL_ID, DEFAULT_MODEL_ID, 'nomic-ai/modernbert-embed-base', 'lightonai/modernbert-embed-large']);
  const granite = findRegistryModel(DEFAULT_CPU_MODEL_ID)!;
  assert.deepEqual([granite.dimension, granite.pooling, granite.queryPrefix, granite.documentPrefix, granite.maxTokens], [384, 'cls', '', '', 8192]);
  const gte = findRegistryModel('alibaba-nlp/GTE-ModernBERT-base')!;
  assert.deepEqual([gte.dimension, gte.pooling, gte.queryPrefix, gte.maxTokens], [768, 'cls', '', 8192]);
  const nomic = findRegistryModel('nomic-ai/modernbert-embed-base')!;
  assert.deepEqual([nomic.pooling, nomic.queryPrefix, nomic.documentPrefix, nomic.truncations], ['mean', 'search_query: ', 'search_document: ', [256, 512]]);
  assert.equal(findRegistryModel('lightonai/modernbert-embed-large')!.dimension, 1024);
  assert.equal(findRegistryModel('someone/else'), undefined);
});

test('facts for folders without sentence-transformers files come from the registry by name', () => {
  assert.deepEqual(knownModelFacts(['gte-modernbert-base']), { pooling: 'cls', queryPrefix: '', documentPrefix: '' });
  assert.deepEqual(knownModelFacts(['/models/modernbert-embed-large']), { pooling: 'mean', queryPrefix: 'search_query: ', documentPrefix: 'search_document: ' });
  assert.equal(knownModelFacts(['me/modernbert-embed-code-finetune']).pooling, 'mean', 'a fine-tune of the family follows its recipe');
  assert.deepEqual(knownModelFacts(['bert-base']), { pooling: 'cls', queryPrefix: '', documentPrefix: '' });
  assert.deepEqual(knownModelFacts(['ibm-granite/granite-embedding-small-english-r2']), { pooling: 'cls', queryPrefix: '', documentPrefix: '' });
});

test('without --model: the fast model on the CPU, the best one where a GPU starts (as the precision: fp16 means a GPU)', () => {
  assert.equal(defaultModelId('cpu', linux), DEFAULT_CPU_MODEL_ID);
  assert.equal(defaultModelId('auto', linux), DEFAULT_CPU_MODEL_ID, 'auto without CUDA ends on the CPU');
  assert.equal(defaultModelId('auto', { ...linux, cudaReady: true }), DEFAULT_MODEL_ID, 'auto with CUDA provisioned starts on the GPU');
  for (const d of ['cuda', 'dml', 'coreml', 'webgpu'] as const) assert.equal(defaultModelId(d, linux), DEFAULT_MODEL_ID);
  assert.equal(defaultModelId('auto', { platform: 'darwin', arch: 'arm64', cudaReady: false }), DEFAULT_CPU_MODEL_ID);
});

test('int8 on the CPU, fp16 on GPU devices, and auto follows CUDA provisioning on Linux x64', () => {
  assert.equal(choosePrecision('cpu', linux), 'int8');
  for (const d of ['cuda', 'dml', 'coreml', 'webgpu'] as const) assert.equal(choosePrecision(d, linux), 'fp16');
  assert.equal(choosePrecision('auto', linux), 'int8');
  assert.equal(choosePrecision('auto', { ...linux, cudaReady: true }), 'fp16');
  assert.equal(choosePrecision('auto', { platform: 'win32', arch: 'x64', cudaReady: true }), 'int8');
  assert.equal(choosePrecision('cuda', linux, 'fp32'), 'fp32', 'an explicit precision wins');
});

test('each precision prefers its own file names, then the nearest others', () => {
  assert.deepEqual(onnxPreference('int8').slice(0, 3), ['onnx/model_int8.onnx', 'onnx/model_quantized.onnx', 'onnx/model.onnx']);
  assert.equal(onnxPreference('fp16')[0], 'onnx/model_fp16.onnx');
  assert.equal(precisionOfFile('/x/onnx/model_quantized.onnx'), 'int8');
  assert.equal(precisionOfFile('onnx/model_q4.onnx'), undefined);
  assert.deepEqual(onnxCandidates('int8', 'model_fp16.onnx'), ['onnx/model_fp16.onnx', 'model_fp16.onnx']);
  assert.ok(wantedPaths('fp16').includes('onnx/model_fp16.onnx_data'), 'external data of big exports is asked for');
});

test('file choice: required files, optional ones present, the first ONNX candidate, and its external data', () => {
  const repo = new Set(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'onnx/model_fp16.onnx', 'onnx/model_fp16.onnx_data', 'onnx/model_quantized.onnx']);
  const fp16 = chooseFiles(repo, 'fp16');
  assert.deepEqual(fp16.onnxFile && fp16, { files: ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_fp16.onnx', 'onnx/model_fp16.onnx_data'], onnxFile: 'onnx/model_fp16.onnx', precision: 'fp16', missing: [] });
  assert.equal(chooseFiles(repo, 'int8').onnxFile, 'onnx/model_quantized.onnx');
  assert.deepEqual(chooseFiles(new Set(['config.json', 'onnx/model.onnx']), 'int8'), { missing: ['tokenizer.json'] });
  assert.deepEqual(chooseFiles(new Set(['config.json', 'tokenizer.json']), 'int8', 'model_x.onnx'), { missing: ['model_x.onnx'] });
});
