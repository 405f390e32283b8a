import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CodeloupeError } from '../../src/core/errors';
import { classifyModelSpec, ensureModel } from '../../src/core/models/ensureModel';
import { listLocalModels } from '../../src/core/models/localModels';
import { downloadLockPath } from '../../src/core/models/downloadLock';
import { FileLock } from '../../src/core/fileLock';
import { TEST_MODEL_DIR } from '../embed/helpers/modelCopy';
import { tempDir } from '../helpers/tempDir';
import { closedPort, filesOf, HubServer } from './helpers/hubServer';

const ID = 'codeloupe/test-model';

test('a folder is used as it is; owner/name is a Hugging Face id cached under models/owner/name', (t) => {
  const cache = tempDir(t);
  assert.deepEqual(classifyModelSpec(TEST_MODEL_DIR, cache), { kind: 'folder', dir: TEST_MODEL_DIR });
  assert.deepEqual(classifyModelSpec('./models/x', cache, '/work'), { kind: 'folder', dir: '/work/models/x' });
  assert.deepEqual(classifyModelSpec('Alibaba-NLP/gte-modernbert-base', cache), { kind: 'hub', id: 'Alibaba-NLP/gte-modernbert-base', dir: path.join(cache, 'models', 'Alibaba-NLP', 'gte-modernbert-base') });
  assert.equal(classifyModelSpec('a/b/c', cache, '/work').kind, 'folder');
  assert.equal(classifyModelSpec('../x', cache, '/work').kind, 'folder');
});

test('an id is downloaded on first use, then found in the cache without a request', async (t) => {
  const cache = tempDir(t);
  const server = await HubServer.start({ id: ID, files: filesOf(TEST_MODEL_DIR, { 'onnx/model_int8.onnx': 'onnx/model.onnx' }) });
  t.after(() => server.close());
  const first = await ensureModel({ spec: ID, precision: 'int8', cacheDir: cache, endpoint: server.endpoint, proxy: false });
  assert.deepEqual(first, { dir: path.join(cache, 'models', 'codeloupe', 'test-model'), id: ID, downloaded: true });
  server.requests.length = 0;
  const second = await ensureModel({ spec: ID, precision: 'int8', cacheDir: cache, endpoint: server.endpoint, proxy: false });
  assert.equal(second.downloaded, false);
  assert.equal(server.requests.length, 0);
  const listed = listLocalModels(cache).find((m) => m.id === ID)!;
  assert.deepEqual([listed.known, listed.present], [undefined, ['int8']]);
  assert.deepEqual(listLocalModels(cache).find((m) => m.isDefault)!.present, []);
});

test('offline: the error names the model, the URL tried and how to place the files by hand', async (t) => {
  const cache = tempDir(t);
  const endpoint = `http://127.0.0.1:${await closedPort()}`;
  const dir = path.join(cache, 'models', 'Alibaba-NLP', 'gte-modernbert-base');
  await assert.rejects(ensureModel({ spec: 'Alibaba-NLP/gte-modernbert-base', precision: 'int8', cacheDir: cache, endpoint, proxy: false }), (err: unknown) => {
    assert.ok(err instanceof CodeloupeError);
    assert.equal(err.code, 'E_MODEL_UNAVAILABLE');
    const text = err.describe();
    for (const part of ['Alibaba-NLP/gte-modernbert-base', `${endpoint}/api/models/Alibaba-NLP/gte-modernbert-base/paths-info/main`, 'ECONNREFUSED', 'onnx/model_int8.onnx', dir, '--model', 'Lexical search works']) {
      assert.ok(text.includes(part), `"${text}" should mention ${part}`);
    }
    return true;
  });
  await assert.rejects(ensureModel({ spec: 'Alibaba-NLP/gte-modernbert-base', precision: 'int8', cacheDir: cache, download: false }), /is not downloaded/);
});

test('when the wanted export cannot be fetched, another export already present is used, with a note', async (t) => {
  const cache = tempDir(t);
  const dir = path.join(cache, 'models', 'codeloupe', 'test-model');
  mkdirSync(path.dirname(dir), { recursive: true });
  cpSync(TEST_MODEL_DIR, dir, { recursive: true }); // has onnx/model.onnx (fp32) only
  const endpoint = `http://127.0.0.1:${await closedPort()}`;
  const ensured = await ensureModel({ spec: ID, precision: 'int8', cacheDir: cache, endpoint, proxy: false });
  assert.equal(ensured.downloaded, false);
  assert.match(ensured.note ?? '', /could not download the int8 export/);
  assert.equal(existsSync(path.join(dir, 'onnx', 'model_int8.onnx')), false);
});

test('with the lock, a download waits while another process downloads the same model, then finds its files', async (t) => {
  const cache = tempDir(t);
  const server = await HubServer.start({ id: ID, files: filesOf(TEST_MODEL_DIR, { 'onnx/model_int8.onnx': 'onnx/model.onnx' }) });
  t.after(() => server.close());
  const dir = classifyModelSpec(ID, cache).dir;
  mkdirSync(path.dirname(dir), { recursive: true });
  const other = FileLock.tryAcquire(downloadLockPath(dir), 'another window downloading')!;
  const waits: string[] = [];
  const logger = { debug: () => undefined, info: () => undefined, warn: (m: string) => waits.push(m), error: () => undefined };
  const waiting = ensureModel({ spec: ID, precision: 'int8', cacheDir: cache, endpoint: server.endpoint, proxy: false, lock: true, logger });
  await new Promise((resolve) => setTimeout(resolve, 600));
  assert.equal(server.requests.length, 0, 'nothing is fetched while the other process holds the lock');
  assert.match(waits.join('\n'), /Waiting for process \d+ .*downloading/);
  // The other process finishes the download, then lets go.
  await ensureModel({ spec: ID, precision: 'int8', cacheDir: cache, endpoint: server.endpoint, proxy: false });
  const before = server.requests.length;
  other.release();
  const result = await waiting;
  assert.equal(result.dir, dir);
  const fetchedAgain = server.requests.slice(before).filter((r) => r.method === 'GET' && r.url.includes('/resolve/'));
  assert.deepEqual(fetchedAgain, [], 'the files the other process downloaded are not fetched again');
  assert.equal(existsSync(downloadLockPath(dir)), false, 'released');
});
