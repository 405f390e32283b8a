import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { resolveWorkerLaunch } from '../../src/core/embed/workerLaunch';
import { CodeloupeError } from '../../src/core/errors';

const isInternal = (err: unknown): boolean => err instanceof CodeloupeError && err.code === 'E_INTERNAL' && /npm run build/.test(err.describe());

test('bundled, the worker is embed-worker.js beside the bundle; from source, worker/main.ts through tsx', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'codeloupe-launch-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  assert.throws(() => resolveWorkerLaunch(dir, { stallTimeoutMs: 1, readyTimeoutMs: 2 }), isInternal);
  await mkdir(path.join(dir, 'worker'));
  await writeFile(path.join(dir, 'worker', 'main.ts'), '');
  assert.deepEqual(resolveWorkerLaunch(dir, { stallTimeoutMs: 1, readyTimeoutMs: 2 }), { workerPath: path.join(dir, 'worker', 'main.ts'), execArgv: ['--import', 'tsx'], args: [], stallTimeoutMs: 1, readyTimeoutMs: 2 });
  await writeFile(path.join(dir, 'embed-worker.js'), '');
  assert.deepEqual(resolveWorkerLaunch(dir, { stallTimeoutMs: 1, readyTimeoutMs: 2 }), { workerPath: path.join(dir, 'embed-worker.js'), execArgv: [], args: [], stallTimeoutMs: 1, readyTimeoutMs: 2 });
  assert.throws(() => resolveWorkerLaunch(dir, { workerPath: path.join(dir, 'nope.js'), stallTimeoutMs: 1, readyTimeoutMs: 2 }), isInternal);
});
