import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { autoDeviceOrder } from '../../src/core/embed/devices';
import { resolveModel, type ModelInfo } from '../../src/core/embed/modelInfo';
import { WorkerEmbedder } from '../../src/core/embed/workerEmbedder';
import { CancellationSource } from '../../src/core/cancellation';
import { CodeloupeError } from '../../src/core/errors';
import { MemoryLogger } from '../helpers/memoryLogger';
import { copyTestModel, TEST_MODEL_DIR, type ModelCopy } from './helpers/modelCopy';
import { codeTexts, maxAbsDiff, norm } from './helpers/vectors';
import { bundleWorkers, type WorkerBundles } from './helpers/workerBundles';

let model: ModelInfo;
let bundles: WorkerBundles;
let embedder: WorkerEmbedder;
const logger = new MemoryLogger();

before(async () => {
  model = await resolveModel(TEST_MODEL_DIR);
  bundles = await bundleWorkers();
  // The default launch: from source, the worker is src/core/embed/worker/main.ts run through tsx.
  embedder = await WorkerEmbedder.start({ model, device: 'auto', threads: 1, logger });
});
after(async () => {
  await embedder.dispose();
  await bundles.dispose();
});

function present(vectors: (Float32Array | null)[]): Float32Array[] {
  return vectors.map((v, i) => {
    assert.ok(v, `vector ${i} is missing`);
    return v;
  });
}

test("'auto' records why each device before the chosen one was passed over", () => {
  const order = autoDeviceOrder(process.platform, process.arch);
  const chosen = order.indexOf(embedder.device as (typeof order)[number]);
  assert.ok(chosen >= 0, embedder.device);
  assert.deepEqual(embedder.fallbacks.map((f) => f.device), order.slice(0, chosen));
  for (const f of embedder.fallbacks) assert.ok(f.reason.length > 0);
  // On this project's CI machines (no CUDA libraries, no GPU) that means the CPU, after cuda and webgpu.
  if (process.platform === 'linux' && embedder.device === 'cpu') assert.ok(embedder.fallbacks.length > 0);
});

test('vectors have the hidden size, unit norm, and input order', async () => {
  const texts = codeTexts(12);
  const out = await embedder.embed(texts, 'document');
  assert.deepEqual(out.failures, []);
  const vectors = present(out.vectors);
  assert.equal(vectors.length, 12);
  for (const v of vectors) {
    assert.equal(v.length, model.dimension);
    assert.ok(Math.abs(norm(v) - 1) < 1e-5);
  }
  const reversed = present((await embedder.embed([...texts].reverse(), 'document')).vectors).reverse();
  vectors.forEach((v, i) => assert.ok(maxAbsDiff(v, reversed[i]) < 1e-4));
});

test('the same text gets the same vector whatever its batch companions', async () => {
  const text = 'def load(path):\n    with open(path) as f:\n        return f.read()';
  const [alone] = present((await embedder.embed([text], 'document')).vectors);
  const long = codeTexts(30).map((t) => t.repeat(4));
  const withOthers = present((await embedder.embed([...long.slice(0, 15), text, ...long.slice(15)], 'document')).vectors)[15];
  assert.ok(maxAbsDiff(alone, withOthers) < 1e-4);
});

test('query and document prefixes from the model folder are applied', async (t) => {
  const copy: ModelCopy = await copyTestModel();
  t.after(() => copy.dispose());
  await copy.editJson('config_sentence_transformers.json', (j) => (j['prompts'] = { query: 'search_query: ', document: 'search_document: ' }));
  const prompted = await WorkerEmbedder.start({ model: await resolveModel(copy.dir), device: 'cpu', threads: 1, workerPath: bundles.worker });
  t.after(() => prompted.dispose());
  const text = 'function parseArgs(argv)';
  const [query] = present((await prompted.embed([text], 'query')).vectors);
  const [document] = present((await prompted.embed([text], 'document')).vectors);
  const [expectedQuery, expectedDocument] = present((await embedder.embed([`search_query: ${text}`, `search_document: ${text}`], 'document')).vectors);
  assert.ok(maxAbsDiff(query, expectedQuery) < 1e-4);
  assert.ok(maxAbsDiff(document, expectedDocument) < 1e-4);
  assert.ok(maxAbsDiff(query, document) > 1e-3);
});

test("an explicit device that cannot start is E_DEVICE_UNAVAILABLE saying what to do", async (t) => {
  let started: WorkerEmbedder | undefined;
  try {
    started = await WorkerEmbedder.start({ model, device: 'cuda', threads: 1, workerPath: bundles.worker });
  } catch (err) {
    assert.ok(err instanceof CodeloupeError);
    assert.equal(err.code, 'E_DEVICE_UNAVAILABLE');
    assert.match(err.message, /'cuda'/);
    assert.match(err.describe(), /--device cpu/);
    return;
  }
  await started.dispose();
  t.skip('CUDA started on this machine');
});

test('progress is reported per chunk', async () => {
  const chunked = await WorkerEmbedder.start({ model, device: 'cpu', threads: 1, workerPath: bundles.worker, chunkLimits: { maxTexts: 4, maxChars: 1e6 } });
  try {
    const progress: number[][] = [];
    const out = await chunked.embed(codeTexts(10), 'document', undefined, (done, total) => progress.push([done, total]));
    assert.equal(out.vectors.length, 10);
    assert.deepEqual(progress, [[4, 10], [8, 10], [10, 10]]);
  } finally {
    await chunked.dispose();
  }
});

test('cancelling rejects with E_CANCELLED, stops the remaining chunks, and the embedder goes on working', async () => {
  const chunked = await WorkerEmbedder.start({ model, device: 'cpu', threads: 1, workerPath: bundles.worker, chunkLimits: { maxTexts: 2, maxChars: 1e6 } });
  try {
    const source = new CancellationSource();
    const progress: number[] = [];
    const call = chunked.embed(codeTexts(40), 'document', source.token, (done) => {
      progress.push(done);
      source.cancel();
    });
    await assert.rejects(call, (err: unknown) => err instanceof CodeloupeError && err.code === 'E_CANCELLED');
    assert.deepEqual(progress, [2]);
    await assert.rejects(chunked.embed(['x'], 'document', source.token), (err: unknown) => err instanceof CodeloupeError && err.code === 'E_CANCELLED');
    const after = await chunked.embed(['still working'], 'query');
    assert.equal(present(after.vectors).length, 1);
  } finally {
    await chunked.dispose();
  }
});

test('a query waits for at most the running chunk of an indexing run, not for all of it', async () => {
  const chunked = await WorkerEmbedder.start({ model, device: 'cpu', threads: 1, workerPath: bundles.worker, chunkLimits: { maxTexts: 2, maxChars: 1e6 } });
  try {
    const finished: string[] = [];
    const indexing = chunked.embed(codeTexts(40), 'document').then(() => finished.push('documents'));
    const search = chunked.embed(['where is the config parsed'], 'query').then(() => finished.push('query'));
    await Promise.all([indexing, search]);
    assert.deepEqual(finished, ['query', 'documents']);
  } finally {
    await chunked.dispose();
  }
});

test('an embedder cannot be used after dispose', async () => {
  const short = await WorkerEmbedder.start({ model, device: 'cpu', threads: 1, workerPath: bundles.worker });
  await short.dispose();
  await assert.rejects(short.embed(['x'], 'query'), CodeloupeError);
});
