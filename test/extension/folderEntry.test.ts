import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Uri } from 'vscode';
import { FolderEntry } from '../../src/extension/engine/folderEntry';
import type { FolderStatus } from '../../src/shared/protocol';

const uri = { fsPath: '/work/repo' } as Uri;

test('paths inside the folder become relative and /-separated; outside paths are refused', () => {
  const f = new FolderEntry('file:///work/repo', 'repo', uri);
  assert.equal(f.relative('/work/repo/src/a.ts'), 'src/a.ts');
  assert.equal(f.relative('/work/other/a.ts'), undefined);
  assert.equal(f.relative('/work/repo'), undefined);
});

test('progress only applies to the run that is active; vectors count only when semantic search can run', () => {
  const f = new FolderEntry('id', 'repo', uri);
  const status: FolderStatus = { folderId: 'id', root: '/work/repo', indexDir: '/i', files: 1, chunks: 2, texts: 2, embedded: 2, model: { id: 'm', dimension: 4 }, activity: { state: 'indexing', runId: 3, full: true } };
  f.opened(status);
  assert.equal(f.setProgress(2, { phase: 'embed', done: 1, total: 2 }), false, 'a stale run\'s progress is ignored');
  assert.equal(f.setProgress(3, { phase: 'embed', done: 1, total: 2 }), true);
  assert.equal(f.hasVectors, true);
  f.opened({ ...status, semanticUnavailable: 'model changed' });
  assert.equal(f.hasVectors, false);
});
