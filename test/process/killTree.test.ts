import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { killTree } from '../../src/core/process/killTree';

/** A parent that starts a grandchild and prints its pid; both run until killed. */
const PARENT = `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
process.stdout.write(String(child.pid) + '\\n');
setInterval(() => {}, 1000);
`;

/** Alive and not a zombie (a killed grandchild waits for init to reap it). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return process.platform === 'linux' ? false : true;
  }
}

async function stopsWithin(pid: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(20)) if (!isRunning(pid)) return true;
  return !isRunning(pid);
}

async function startTree(detached: boolean): Promise<{ parent: number; grandchild: number; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, ['-e', PARENT], { stdio: ['ignore', 'pipe', 'inherit'], detached });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  return { parent: child.pid!, grandchild: Number(line.toString().trim()), exited: once(child, 'exit') };
}

for (const groupLeader of [true, false]) {
  test(`killTree takes the grandchildren with it (${groupLeader ? 'a process group' : 'tree-kill walking the tree, the path Windows takes (with taskkill there)'})`, { skip: process.platform === 'win32' && groupLeader, timeout: 20_000 }, async () => {
    const tree = await startTree(groupLeader);
    assert.ok(isRunning(tree.grandchild));
    await killTree(tree.parent, { groupLeader, platform: groupLeader ? process.platform : 'win32' });
    await tree.exited;
    assert.equal(await stopsWithin(tree.grandchild, 5000), true, 'the grandchild was killed too');
  });
}
