import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { TEST_MODEL_DIR } from '../embed/helpers/modelCopy';
import { sampleWorkspace } from '../helpers/sampleRepo';
import { tempDir } from '../helpers/tempDir';
import { closedPort, filesOf, HubServer } from './helpers/hubServer';

const CLI = path.resolve(__dirname, '..', '..', 'bin', 'codeloupe.js');
const run = promisify(execFile);

/** Runs the CLI without blocking this process, so the test's Hub server can answer it. */
async function codeloupe(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

test('models lists the registry with the default marked and what is downloaded', async (t) => {
  const cache = tempDir(t);
  const r = await codeloupe(['models', '--json'], { CODELOUPE_CACHE_DIR: cache });
  assert.equal(r.code, 0, r.stderr);
  const models = JSON.parse(r.stdout) as { id: string; default: boolean; present: string[]; dir: string }[];
  // No CUDA provider here: the CPU default is the default.
  assert.deepEqual(models.map((m) => [m.id, m.default, m.present.length]), [
    ['onnx-community/granite-embedding-small-english-r2-ONNX', true, 0],
    ['Alibaba-NLP/gte-modernbert-base', false, 0],
    ['nomic-ai/modernbert-embed-base', false, 0],
    ['lightonai/modernbert-embed-large', false, 0],
  ]);
  assert.equal(models[0]!.dir, path.join(cache, 'models', 'onnx-community', 'granite-embedding-small-english-r2-ONNX'));
});

test('pull downloads the CPU export into the cache; index then uses the id and embeds', async (t) => {
  const cache = tempDir(t);
  const server = await HubServer.start({ id: 'codeloupe/test-model', files: filesOf(TEST_MODEL_DIR, { 'onnx/model_int8.onnx': 'onnx/model.onnx' }) });
  t.after(() => server.close());
  const env = { CODELOUPE_CACHE_DIR: cache, HF_ENDPOINT: server.endpoint, NO_PROXY: '127.0.0.1' };
  const pulled = await codeloupe(['pull', 'codeloupe/test-model', '--device', 'cpu'], env);
  assert.equal(pulled.code, 0, pulled.stderr);
  assert.match(pulled.stdout, /Downloaded codeloupe\/test-model \(onnx\/model_int8\.onnx, 8 files/);
  assert.ok(existsSync(path.join(cache, 'models', 'codeloupe', 'test-model', 'onnx', 'model_int8.onnx')));
  const listed = await codeloupe(['models'], env);
  assert.match(listed.stdout, /codeloupe\/test-model {2}\(not in the registry\)\n {4}downloaded: int8/);

  const { root, indexDir } = sampleWorkspace(t);
  const indexed = await codeloupe(['index', root, '--index-dir', indexDir, '--model', 'codeloupe/test-model', '--device', 'cpu', '--threads', '1'], env);
  assert.equal(indexed.code, 0, indexed.stderr);
  assert.match(indexed.stdout, /Vectors: \d+ embedded on cpu/);
  assert.doesNotMatch(indexed.stdout + indexed.stderr, /warning/);
});

test('offline, index warns once naming the model, the URL and the by-hand route, exits 0, and lexical search works', async (t) => {
  const cache = tempDir(t);
  const endpoint = `http://127.0.0.1:${await closedPort()}`;
  const env = { CODELOUPE_CACHE_DIR: cache, HF_ENDPOINT: endpoint, NO_PROXY: '127.0.0.1' };
  const { root, indexDir } = sampleWorkspace(t);
  const indexed = await codeloupe(['index', root, '--index-dir', indexDir, '--device', 'cpu'], env);
  assert.equal(indexed.code, 0, indexed.stderr);
  const warnings = (indexed.stdout + indexed.stderr).split('\n').filter((l) => /warning/i.test(l));
  assert.equal(warnings.length, 1, warnings.join('\n'));
  const id = 'onnx-community/granite-embedding-small-english-r2-ONNX';
  for (const part of [id, `${endpoint}/api/models/${id}/paths-info/main`, '--model', 'onnx/model_int8.onnx']) {
    assert.ok(warnings[0]!.includes(part), `${warnings[0]} should mention ${part}`);
  }
  const lexical = await codeloupe(['search', root, 'retry upload', '--mode', 'lexical', '--index-dir', indexDir, '--json'], env);
  assert.equal(lexical.code, 0, lexical.stderr);
  assert.ok((JSON.parse(lexical.stdout) as unknown[]).length > 0);
});
