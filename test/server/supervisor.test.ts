import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CancellationSource } from '../../src/core/cancellation';
import { CodeloupeError, isCancelled } from '../../src/core/errors';
import { MemoryLogger } from '../helpers/memoryLogger';
import { EngineSupervisor, type ServerLifetime } from '../../src/engine-client/supervisor';
import type { FolderActivity } from '../../src/shared/protocol';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url));

function supervisor(name: string, extra: { shutdownTimeoutMs?: number; env?: NodeJS.ProcessEnv } = {}) {
  const logger = new MemoryLogger();
  const sup = new EngineSupervisor({ serverPath: fixture(name), logger, execArgv: ['--import', 'tsx'], ...extra });
  return { sup, logger };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('a server that crashes on start is restarted 4 times, then the supervisor gives up and says so', { timeout: 30_000 }, async (t) => {
  const { sup, logger } = supervisor('crashOnStart');
  t.after(() => sup.dispose());
  const starts: number[] = [];
  sup.onDidStart((l) => starts.push(l.generation));
  const given = new Promise<{ crashes: number }>((resolve) => sup.onDidGiveUp(resolve));
  sup.start();
  const { crashes } = await given;
  assert.equal(crashes, 5);
  assert.deepEqual(starts, [0, 1, 2, 3, 4], 'the first start and four restarts');
  assert.equal(sup.client, undefined);
  assert.ok(logger.lines.some((l) => l.level === 'error' && /not restarting/.test(l.message)));
});

test('a server that hangs on shutdown is killed after the time limit', { timeout: 30_000 }, async (t) => {
  const { sup, logger } = supervisor('hangOnShutdown', { shutdownTimeoutMs: 300 });
  t.after(() => sup.dispose());
  sup.start();
  const pid = sup.pid!;
  assert.deepEqual(await sup.client!.request('status', {}), []);
  const exits: { expected: boolean; signal: string | null }[] = [];
  sup.onDidExit((e) => exits.push(e));
  await sup.stop();
  assert.equal(isAlive(pid), false);
  assert.equal(exits.length, 1);
  assert.equal(exits[0]!.signal, 'SIGKILL');
  assert.equal(exits[0]!.expected, true, 'a stop is not a crash: no restart');
  assert.equal(sup.client, undefined);
  assert.ok(logger.lines.some((l) => /did not exit within 300 ms/.test(l.message)));
});

test('requests, notifications and cancellation cross the process boundary; a crash fails waiting requests and restarts', { timeout: 30_000 }, async (t) => {
  const { sup } = supervisor('fakeEngineServer', { env: { ...process.env, FAKE_HOLD: '1' } });
  t.after(() => sup.dispose());
  const lifetimes: ServerLifetime[] = [];
  sup.onDidStart((l) => lifetimes.push(l));
  sup.start();
  const client = sup.client!;

  const status = await client.request('open', { folderId: 'f1', root: '/repo', indexDir: '/repo/.index' });
  assert.equal(status.folderId, 'f1');
  assert.equal(status.chunks, 42);
  assert.deepEqual(status.activity, { state: 'idle' });

  const answer = await client.request('search', { query: 'upload', k: 2, mode: 'hybrid' });
  assert.deepEqual(answer.results.map((r) => [r.folderId, r.name]), [['f1', 'upload0'], ['f1', 'upload1']]);
  assert.deepEqual(answer.lexicalOnly, [{ folderId: 'f1', reason: 'the index has no vectors yet' }]);
  const similar = await client.request('similar', { target: { code: 'function upload() {}' }, k: 2 });
  assert.equal(similar.mode, 'lexical');
  assert.deepEqual(similar.lexicalOnly, [{ folderId: 'f1', reason: 'the index has no vectors yet' }], 'find-similar says why it answered by keywords');

  const activities: FolderActivity[] = [];
  lifetimes[0]!.store.add(client.onNotification('activity', (n) => activities.push(n.activity)));
  const progressed = new Promise<void>((resolve) => lifetimes[0]!.store.add(client.onNotification('progress', () => resolve())));
  const source = new CancellationSource();
  const update = client.request('update', { folderId: 'f1' }, source.token);
  await progressed;
  source.cancel();
  await assert.rejects(update, (err: unknown) => isCancelled(err));
  await client.request('search', { query: 'release!', k: 1, mode: 'lexical' });
  const [after] = await client.request('status', { folderId: 'f1' });
  assert.notEqual(after!.activity.state, 'failed');
  assert.ok(activities.some((a) => a.state === 'indexing' && a.full));

  // A crash in the middle of a request: the request fails with E_WORKER_CRASHED and a fresh server starts.
  const restarted = new Promise<void>((resolve) => sup.onDidStart(() => resolve()));
  await assert.rejects(client.request('search', { query: 'crash!', k: 1, mode: 'lexical' }), (err: unknown) => err instanceof CodeloupeError && err.code === 'E_WORKER_CRASHED');
  await restarted;
  assert.equal(lifetimes[0]!.store.isDisposed, true, 'the crashed process\'s store was disposed');
  assert.notEqual(sup.client, client);
  await assert.rejects(sup.client!.request('status', { folderId: 'f1' }), (err: unknown) => err instanceof CodeloupeError && err.code === 'E_INDEX_MISSING');
});

test('cancelling a search sends $/cancelRequest: the engine sees its token cancelled, the caller is released at once', { timeout: 30_000 }, async (t) => {
  const { sup } = supervisor('fakeEngineServer');
  t.after(() => sup.dispose());
  sup.start();
  const client = sup.client!;
  await client.request('open', { folderId: 'f', root: '/r', indexDir: '/r/.i' });
  const sawCancel = new Promise<string>((resolve) => client.onNotification('log', (n) => /search cancelled/.test(n.message) && resolve(n.message)));
  const source = new CancellationSource();
  const searching = client.request('search', { query: 'until-cancelled!', k: 1, mode: 'hybrid' }, source.token);
  // Requests are handled in order: once status answers, the search is waiting inside the engine.
  await client.request('status', {});
  source.cancel();
  await assert.rejects(searching, (err: unknown) => isCancelled(err));
  const tooLate = new Promise<string>((resolve) => setTimeout(() => resolve('the engine never saw the cancellation'), 5000).unref());
  assert.equal(await Promise.race([sawCancel, tooLate]), 'search cancelled: until-cancelled!');
  assert.equal((await client.request('status', {})).length, 1, 'the server goes on answering');
});

test('pause over IPC keeps the update waiting; resume finishes it', { timeout: 30_000 }, async (t) => {
  const { sup } = supervisor('fakeEngineServer', { env: { ...process.env, FAKE_HOLD: '1' } });
  t.after(() => sup.dispose());
  sup.start();
  const client = sup.client!;
  await client.request('open', { folderId: 'f', root: '/r', indexDir: '/r/.i' });
  const progressed = new Promise<void>((resolve) => client.onNotification('progress', () => resolve()));
  const update = client.request('update', { folderId: 'f' });
  await progressed;
  const [paused] = await client.request('pause', {});
  const finished = new Promise<boolean>((resolve) => client.onNotification('runFinished', (n) => resolve(n.report.cancelled)));
  assert.deepEqual(paused!.activity, { state: 'paused', pending: true });
  await client.request('search', { query: 'release!', k: 1, mode: 'lexical' });
  assert.equal(await finished, true, 'the paused run ended cancelled');
  const [held] = await client.request('status', {});
  assert.deepEqual(held!.activity, { state: 'paused', pending: true }, 'the cut-short run waits for resume');
  await client.request('resume', {});
  const report = await update;
  assert.equal(report.cancelled, false);
});
