import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { binaryTargets, hostTarget } from '../../scripts/packaging/binaryTarget';

const ROOT = join(__dirname, '..', '..');
const ORT_BIN = join(ROOT, 'node_modules/onnxruntime-node/bin/napi-v6');

test('real binaries of each platform are recognised (onnxruntime-node ships five)', () => {
  const cases: [string, string][] = [
    ['linux/x64/onnxruntime_binding.node', 'linux-x64'],
    ['linux/arm64/onnxruntime_binding.node', 'linux-arm64'],
    ['darwin/arm64/onnxruntime_binding.node', 'darwin-arm64'],
    ['win32/x64/onnxruntime_binding.node', 'win32-x64'],
    ['win32/arm64/onnxruntime_binding.node', 'win32-arm64'],
  ];
  for (const [file, target] of cases) assert.deepEqual(binaryTargets(readFileSync(join(ORT_BIN, file))), [target], file);
  assert.deepEqual(binaryTargets(Buffer.from('#!/bin/sh\n')), []);
});

test('an ELF that names musl\'s loader is Alpine', () => {
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header[5] = 1;
  header.writeUInt16LE(62, 18);
  assert.deepEqual(binaryTargets(Buffer.concat([header, Buffer.from('\0/lib/ld-musl-x86_64.so.1\0')])), ['alpine-x64']);
  assert.deepEqual(binaryTargets(Buffer.concat([header, Buffer.from('\0libc.so.6\0')])), ['linux-x64']);
});

test('npm run package refuses natives built for another platform, and accepts this machine\'s', { timeout: 60_000 }, () => {
  const other = hostTarget() === 'darwin-arm64' ? 'linux-x64' : 'darwin-arm64';
  const run = (target: string) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package.ts', '--target', target, '--check-only'], { cwd: ROOT, encoding: 'utf8' });
  const refused = run(other);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, new RegExp(`Refusing to pack a ${other} VSIX: node_modules/better-sqlite3/build/Release/better_sqlite3.node is built for ${hostTarget()}`));
  const accepted = run(hostTarget());
  assert.equal(accepted.status, 0, accepted.stderr);
  assert.equal(run('web').status, 1, 'targets without natives are refused');
});
