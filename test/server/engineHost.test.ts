// The engine host's folder lifecycle, in process, with scripted engines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { neverCancelled } from '../../src/core/cancellation';
import { EngineHost } from '../../src/server/engineHost';
import type { FolderEngine } from '../../src/server/folderEngine';
import type { FolderConfig } from '../../src/shared/protocol';
import { FakeFolderEngine } from './fakeFolderEngine';

/** An opener whose opens take `delays[i]` ms for the i-th call, recording every engine it made. */
function slowOpener(delays: number[]): { open: (config: FolderConfig) => Promise<FolderEngine>; engines: FakeFolderEngine[] } {
  const engines: FakeFolderEngine[] = [];
  let call = 0;
  return {
    engines,
    open: async (config) => {
      const delay = delays[call++] ?? 0;
      await new Promise((resolve) => setTimeout(resolve, delay));
      const engine = new FakeFolderEngine(config.root);
      engines.push(engine);
      return engine;
    },
  };
}

const config = (root: string): FolderConfig => ({ folderId: 'f', root, indexDir: `${root}/.index` });

test('opens of one folder that overlap (a settings change and a finished download) leave one engine open, the last', async () => {
  // The first open is slow, the second fast, the third in between: they overlap around closing.
  const opener = slowOpener([60, 5, 30]);
  const host = new EngineHost((c) => opener.open(c), () => undefined, () => undefined);
  const opened = await Promise.all(['/a', '/b', '/c'].map((root) => host.handle('open', config(root), neverCancelled)));
  assert.deepEqual(opened.map((s) => s.root), ['/a', '/b', '/c']);
  assert.equal(opener.engines.length, 3);
  assert.deepEqual(opener.engines.filter((e) => !e.closed).map((e) => e.root), ['/c'], 'every replaced engine is closed');
  const [status] = await host.handle('status', { folderId: 'f' }, neverCancelled);
  assert.equal(status?.root, '/c');
  await host.handle('close', { folderId: 'f' }, neverCancelled);
  assert.equal(opener.engines.filter((e) => !e.closed).length, 0);
});

test('a close that overlaps an open waits for it and closes what it opened', async () => {
  const opener = slowOpener([40]);
  const host = new EngineHost((c) => opener.open(c), () => undefined, () => undefined);
  const opening = host.handle('open', config('/a'), neverCancelled);
  await host.handle('close', { folderId: 'f' }, neverCancelled);
  await opening.catch(() => undefined);
  assert.deepEqual(opener.engines.map((e) => e.closed), [true]);
  await assert.rejects(host.handle('status', { folderId: 'f' }, neverCancelled), /No index is open/);
});

test('shutting down closes a folder whose open is still under way, and refuses opens queued behind it', async () => {
  const opener = slowOpener([40, 0]);
  const host = new EngineHost((c) => opener.open(c), () => undefined, () => undefined);
  const first = host.handle('open', config('/a'), neverCancelled);
  const second = host.handle('open', config('/b'), neverCancelled);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await host.closeAll();
  await Promise.allSettled([first, second]);
  assert.equal(opener.engines.filter((e) => !e.closed).length, 0);
});
