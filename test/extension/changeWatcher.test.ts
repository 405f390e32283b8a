import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BATCH_DELAY_MS, ChangeWatcher } from '../../src/extension/engine/changeWatcher';
import { FolderEntry } from '../../src/extension/engine/folderEntry';
import { Emitter } from '../../src/shared/lifecycle';
import { folderUri } from './doubles/fakeEngine';
import { FakeScheduler } from './doubles/fakeScheduler';

/** The watcher over two folders (one nested in the other), with the engine's locate and index scripted. */
function harness() {
  const clock = new FakeScheduler();
  const folders = [new FolderEntry('A', 'app', folderUri('/work/app')), new FolderEntry('P', 'pkg', folderUri('/work/app/packages/pkg'))];
  const indexed: { folderId: string; paths: string[] | undefined }[] = [];
  const engine = {
    locate: (uri: { scheme: string; fsPath: string }) => {
      if (uri.scheme !== 'file') return undefined;
      const hits = folders.flatMap((folder) => {
        const path = folder.relative(uri.fsPath);
        return path === undefined ? [] : [{ folder, path }];
      });
      return hits.sort((a, b) => b.folder.root.length - a.folder.root.length)[0];
    },
    index: (folderId: string, paths?: string[]) => void indexed.push({ folderId, paths }),
  };
  const changes = new Emitter<{ scheme: string; fsPath: string }>();
  const watcher = new ChangeWatcher(engine, changes.event, clock);
  const change = (fsPath: string, scheme = 'file') => changes.fire({ scheme, fsPath });
  return { clock, indexed, watcher, change };
}

test('saves and watcher events re-index their folder once it is quiet, each path once, in its innermost folder', () => {
  const h = harness();
  h.change('/work/app/src/a.ts');
  h.change('/work/app/packages/pkg/index.ts');
  h.clock.advance(BATCH_DELAY_MS - 1);
  h.change('/work/app/src/a.ts');
  h.change('/work/app/src/b.ts');
  assert.deepEqual(h.indexed, [], 'nothing while changes keep coming');
  h.clock.advance(BATCH_DELAY_MS);
  // Each folder has its own quiet time: pkg's came first.
  assert.deepEqual(h.indexed, [
    { folderId: 'P', paths: ['index.ts'] },
    { folderId: 'A', paths: ['src/a.ts', 'src/b.ts'] },
  ]);
});

test('changes in .git, node_modules, outside the folders or not on disk are not indexed', () => {
  const h = harness();
  h.change('/work/app/.git/index');
  h.change('/work/app/web/node_modules/x/index.js');
  h.change('/elsewhere/a.ts');
  h.change('/work/app/src/a.ts', 'untitled');
  h.clock.advance(BATCH_DELAY_MS);
  assert.deepEqual(h.indexed, []);
});

test('a burst of more than 500 files becomes one whole-folder update; disposing drops what is pending', () => {
  const h = harness();
  for (let i = 0; i < 501; i++) h.change(`/work/app/gen/f${i}.ts`);
  h.clock.advance(BATCH_DELAY_MS);
  assert.deepEqual(h.indexed, [{ folderId: 'A', paths: undefined }]);
  h.change('/work/app/src/a.ts');
  h.watcher.dispose();
  h.change('/work/app/src/b.ts');
  h.clock.advance(BATCH_DELAY_MS);
  assert.equal(h.indexed.length, 1);
});
