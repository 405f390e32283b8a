import assert from 'node:assert/strict';
import { test } from 'node:test';
import { neverCancelled } from '../../src/core/cancellation';
import { FolderHost } from '../../src/server/folderHost';
import type { NotificationName, Notifications } from '../../src/shared/protocol';
import { FakeFolderEngine } from './fakeFolderEngine';

test('during a run the folder sends its counts as they are at each new phase, so clients never show the ones from before', async () => {
  const engine = new FakeFolderEngine('/repo', 3);
  const sent: { method: NotificationName; params: unknown }[] = [];
  const host = await FolderHost.open({ folderId: 'f', root: '/repo', indexDir: '/index' }, async () => engine, (method, params) => sent.push({ method, params }));
  await host.update(undefined, neverCancelled);
  const statuses = sent.filter((n) => n.method === 'status').map((n) => (n.params as Notifications['status']).status);
  assert.equal(statuses.length, 1, 'one phase (embed) in this run, and batches closer than the interval');
  assert.equal(statuses[0]!.embedded, 0, 'counted when sent: no vectors yet at the start of embedding');
  assert.equal(statuses[0]!.activity.state, 'indexing');
  const finished = sent.find((n) => n.method === 'runFinished')!.params as Notifications['runFinished'];
  assert.equal(finished.status.embedded, 40, 'the run\'s end carries the final counts');
  assert.ok(sent.findIndex((n) => n.method === 'status') < sent.findIndex((n) => n.method === 'runFinished'));
  await host.close();
});

test('a scoped search ranks more candidates and keeps those in scope', async () => {
  const engine = new FakeFolderEngine('/repo', 1);
  const asked: number[] = [];
  const search = engine.search.bind(engine);
  engine.search = (query, options) => {
    asked.push(options.k);
    return search(query, options);
  };
  const host = await FolderHost.open({ folderId: 'f', root: '/repo', indexDir: '/index' }, async () => engine, () => undefined);
  const scoped = await host.search('q', 2, 'lexical', undefined, { paths: ['src/q1.ts'] });
  assert.deepEqual(scoped.results.map((r) => r.file), ['src/q1.ts']);
  const plain = await host.search('q', 2, 'lexical');
  assert.equal(plain.results.length, 2);
  assert.deepEqual(asked, [20, 2], 'ten times k candidates when scoped');
  await host.close();
});

test('Cancel that reaches a run after its last check still counts: the run reports cancelled and the background embedding does not start', async () => {
  const engine = new FakeFolderEngine('/repo', 1);
  engine.pendingTexts = 5;
  const sent: { method: NotificationName; params: unknown }[] = [];
  const host = await FolderHost.open({ folderId: 'f', root: '/repo', indexDir: '/index' }, async () => engine, (method, params) => sent.push({ method, params }));
  await new Promise((resolve) => setImmediate(resolve));
  const callsAtOpen = engine.embedCalls;
  engine.pendingTexts = 5;
  // The run has passed its last cancellation check when Cancel arrives.
  const update = engine.update.bind(engine);
  engine.update = async (options) => {
    const report = await update(options);
    host.stopIndexing();
    return report;
  };
  const report = await host.update(undefined, neverCancelled).catch((err: unknown) => err);
  assert.equal((report as { cancelled?: boolean }).cancelled, true);
  const finished = sent.find((n) => n.method === 'runFinished')!.params as Notifications['runFinished'];
  assert.equal(finished.report.cancelled, true, 'the client hears of a cancelled run (and offers Resume)');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(engine.embedCalls, callsAtOpen, 'no background embedding after the Cancel');
  assert.equal(engine.runs[0]!.batchesDone, 1, 'what the run finished is kept');
  await host.close();
});
