import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CancellationSource } from '../../src/core/cancellation';
import { CodeloupeError, isCancelled } from '../../src/core/errors';
import { FileLock, type LockHolder } from '../../src/core/fileLock';
import { tempDir } from '../helpers/tempDir';

const holderFile = (path: string) => `${path}.holder.json`;

function leaveLock(path: string, holder: LockHolder, ageMs: number): void {
  mkdirSync(path);
  writeFileSync(holderFile(path), JSON.stringify(holder));
  const when = (Date.now() - ageMs) / 1000;
  utimesSync(path, when, when);
}

test('one holder at a time; released, it can be taken again', (t) => {
  const path = join(tempDir(t), 'writer.lock');
  const first = FileLock.tryAcquire(path, 'test')!;
  assert.ok(first);
  assert.equal(FileLock.tryAcquire(path, 'test'), undefined, 'held, even by this same process');
  assert.equal(FileLock.holder(path)?.pid, process.pid);
  first.release();
  assert.equal(existsSync(path), false);
  FileLock.tryAcquire(path, 'test')!.release();
});

test('a lock naming a live process (a reused pid) but not refreshed for the staleness time is taken over', (t) => {
  const path = join(tempDir(t), 'writer.lock');
  // The pid is alive (this very test's parent), as a pid reused by an unrelated program would be.
  leaveLock(path, { pid: process.ppid, host: hostname(), since: '2020-01-01T00:00:00Z', purpose: 'updating the index' }, FileLock.STALE_MS + 5_000);
  const lock = FileLock.tryAcquire(path, 'test');
  assert.ok(lock, 'mtime says abandoned, whatever the pid');
  lock.release();
});

test('a fresh lock whose holder on this machine is gone is taken over after two seconds, not thirty', async (t) => {
  const path = join(tempDir(t), 'writer.lock');
  const gone = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => gone.once('exit', resolve));
  leaveLock(path, { pid: gone.pid!, host: hostname(), since: new Date().toISOString(), purpose: 'updating the index' }, 0);
  assert.equal(FileLock.tryAcquire(path, 'test'), undefined, 'younger than FRESH_MS: it may be a holder that has not written its name yet');
  const started = Date.now();
  const lock = await FileLock.acquire(path, { purpose: 'test', timeoutMs: 10_000 });
  assert.ok(Date.now() - started < FileLock.FRESH_MS + 1_500, `took ${Date.now() - started} ms`);
  lock.release();
});

test('waiting for a live holder says who holds it and how to clear it, and can be cancelled or time out', async (t) => {
  const path = join(tempDir(t), 'writer.lock');
  const live = { pid: process.ppid, host: hostname(), since: new Date().toISOString(), purpose: 'updating the index' };
  leaveLock(path, live, 0);
  // Keep it fresh, as a live holder does.
  const refresh = setInterval(() => utimesSync(path, new Date(), new Date()), 500);
  t.after(() => clearInterval(refresh));
  const waits: string[] = [];
  await assert.rejects(
    FileLock.acquire(path, { purpose: 'test', timeoutMs: 1_200, onWait: (holder, hint) => waits.push(`${holder?.pid} ${hint}`) }),
    (e: unknown) => e instanceof CodeloupeError && e.code === 'E_INDEX_LOCKED' && e.message.includes(`process ${live.pid}`) && /remove the folder/.test(e.hint ?? ''),
  );
  assert.equal(waits.length, 1);
  assert.match(waits[0]!, new RegExp(`^${live.pid} .*remove the folder ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} now`));
  const cancellation = new CancellationSource();
  setTimeout(() => cancellation.cancel(), 300);
  await assert.rejects(FileLock.acquire(path, { purpose: 'test', token: cancellation.token }), (e: unknown) => isCancelled(e));
});
