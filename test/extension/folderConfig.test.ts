import assert from 'node:assert/strict';
import { test } from 'node:test';
import { folderConfig, indexDirFor } from '../../src/extension/engine/folderConfig';
import { readSettings } from '../../src/extension/settings/readSettings';

const places = { extensionPath: '/ext', storageDir: '/ws-storage' };

test('each folder gets its own index under the workspace storage, never inside the folder', () => {
  const a = indexDirFor('/ws-storage', '/home/u/api');
  const b = indexDirFor('/ws-storage', '/home/u/other/api');
  assert.match(a, /^\/ws-storage\/indexes\/api-[0-9a-f]{12}$/);
  assert.notEqual(a, b, 'same folder name, different paths: different indexes');
});

test('the folder config carries the model folder, precision, device, scan settings and the bundled worker', () => {
  const { settings } = readSettings((key) => ({ device: 'cpu', threads: 3, exclude: ['fixtures/'], maxFileSize: 2048 } as Record<string, unknown>)[key]);
  const config = folderConfig({ id: 'file:///r', root: '/r' }, settings, { precision: 'int8', modelDir: '/gs/models/x/y' }, places);
  assert.deepEqual(config, {
    folderId: 'file:///r',
    root: '/r',
    indexDir: indexDirFor('/ws-storage', '/r'),
    modelDir: '/gs/models/x/y',
    precision: 'int8',
    device: 'cpu',
    threads: 3,
    scan: { maxFileBytes: 2048, exclude: ['fixtures/'] },
    workerPath: '/ext/dist/embed-worker.js',
  });
});

test('without a model yet, the folder config carries why instead of a folder, so the engine indexes lexically', () => {
  const { settings } = readSettings(() => undefined);
  const config = folderConfig({ id: 'file:///r', root: '/r' }, settings, { precision: 'int8', modelUnavailable: { reason: 'The model x/y is being downloaded' } }, places);
  assert.equal(config.modelDir, undefined);
  assert.deepEqual(config.modelUnavailable, { reason: 'The model x/y is being downloaded' });
});
