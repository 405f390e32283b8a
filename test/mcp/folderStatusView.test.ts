import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyReport } from '../../src/core/engine/indexReport';
import { describeFolder, folderView } from '../../src/mcp/folderStatusView';
import { servedFolder } from '../../src/mcp/servedFolders';
import type { FolderStatus } from '../../src/shared/protocol';

const folder = servedFolder('/repo/app', '/cache/indexes/app-1');

function status(extra: Partial<FolderStatus> = {}): FolderStatus {
  return { folderId: '/repo/app', root: '/repo/app', indexDir: '/cache/indexes/app-1', files: 12, chunks: 120, texts: 100, embedded: 40, model: { id: 'gte', dimension: 768 }, device: 'cpu', activity: { state: 'idle' }, ...extra };
}

test('coverage, and the time the rest takes at the rate the last run measured', () => {
  const view = folderView(folder, status({ embedRate: 2 }), { indexed: true });
  assert.equal(view.semanticCoverage, 0.4);
  assert.equal(view.semanticEtaSeconds, 30);
  assert.equal(describeFolder(view), '/repo/app: 12 files, 120 chunks, 40% of 100 texts have vectors, under a minute left; gte on cpu.');
  const unmeasured = folderView(folder, status(), { indexed: true });
  assert.equal(unmeasured.semanticEtaSeconds, undefined, 'no rate measured yet, no guess');
});

test('the activity, the last run, a folder without an index and one whose index cannot open', () => {
  const report = emptyReport();
  report.cancelled = true;
  report.files.rechunked = 3;
  const indexing = folderView(folder, status({ activity: { state: 'indexing', runId: 2, full: true, progress: { phase: 'embed', done: 5, total: 60 } } }), {
    indexed: true,
    lastRun: { finishedAt: '2026-01-01T00:00:00.000Z', full: true, cancelled: true, report },
  });
  assert.deepEqual(indexing.activity, { state: 'indexing', phase: 'embed', done: 5, total: 60 });
  assert.equal(indexing.lastRun?.cancelled, true);
  assert.equal(indexing.lastRun?.filesParsed, 3);
  assert.match(describeFolder(indexing), /; indexing \(embed 5\/60\)\.$/);
  assert.equal(describeFolder(folderView(folder, status({ files: 0, chunks: 0, texts: 0, embedded: 0 }), { indexed: false })), '/repo/app: no index yet (call reindex to build it).');
  const unopened = folderView(folder, undefined, { indexed: false, openError: 'The index at /cache/indexes/app-1 is locked.' });
  assert.equal(unopened.openError, 'The index at /cache/indexes/app-1 is locked.');
  assert.equal(describeFolder(unopened), '/repo/app: its index could not be opened: The index at /cache/indexes/app-1 is locked.');
});
