import assert from 'node:assert/strict';
import { chmodSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { sha256 } from '../../src/core/hash';
import { readSourceFile, type ReadOutcome } from '../../src/core/scan/readSource';
import type { ScannedFile } from '../../src/core/types';
import { callUnprivileged } from '../helpers/unprivileged';
import { makeTree } from './tempTree';

function scanned(root: string, relPath: string): ScannedFile {
  const absPath = path.join(root, relPath);
  const stat = statSync(absPath, { throwIfNoEntry: false });
  return { path: relPath, absPath, size: stat?.size ?? 0, mtimeMs: stat?.mtimeMs ?? 0, ctimeMs: stat?.ctimeMs ?? 0, ino: stat?.ino ?? 0 };
}

async function readOne(t: TestContext, content: string | Uint8Array, name = 'f.ts'): Promise<ReadOutcome> {
  const root = makeTree(t, { [name]: content });
  return readSourceFile(scanned(root, name));
}

function reasonOf(outcome: ReadOutcome): string {
  return outcome.ok ? 'ok' : outcome.skipped.reason;
}

void test('UTF-8 text is returned with the sha256 of its raw bytes', async (t) => {
  const text = 'const café = "naïve ☕";\n';
  const outcome = await readOne(t, text);
  assert.ok(outcome.ok);
  assert.deepEqual({ text: outcome.text, hash: outcome.hash }, { text, hash: sha256(Buffer.from(text, 'utf8')) });
  assert.equal(outcome.stamp.size, Buffer.byteLength(text));
});

void test('a UTF-8 byte order mark is stripped from the text but hashed', async (t) => {
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('let x = 1;\n')]);
  const outcome = await readOne(t, bytes);
  assert.ok(outcome.ok);
  assert.equal(outcome.text, 'let x = 1;\n');
  assert.equal(outcome.hash, sha256(bytes));
});

void test('a NUL byte in the first 8 KB means binary; one further on does not', async (t) => {
  assert.equal(reasonOf(await readOne(t, Buffer.from([0x61, 0x00, 0x62]))), 'binary');
  assert.equal(reasonOf(await readOne(t, Buffer.from('a\n'.repeat(4096) + '\0'))), 'ok');
  // UTF-16 text is full of NUL bytes: binary as far as codeloupe is concerned.
  assert.equal(reasonOf(await readOne(t, Buffer.from('\uFEFFhi', 'utf16le'))), 'binary');
});

void test('text that is not valid UTF-8 is skipped as not-utf8 (no other encoding is tried)', async (t) => {
  // "café" in Latin-1: 0xE9 starts a multi-byte sequence that never completes.
  const outcome = await readOne(t, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  assert.equal(reasonOf(outcome), 'not-utf8');
});

void test('minified code is skipped by its content; long prose and one long line in a big file are not', async (t) => {
  const bundle = '/*! lib v1 | MIT */\n' + 'var a=function(b){return b+1};'.repeat(400) + '\n';
  const minified = await readOne(t, bundle, 'bundle.js');
  assert.equal(reasonOf(minified), 'minified');
  assert.ok(!minified.ok && /in lines over 1000 characters/.test(minified.skipped.detail ?? ''));

  const prose = Array.from({ length: 20 }, () => 'A paragraph written on one line. '.repeat(25)).join('\n\n');
  assert.equal(reasonOf(await readOne(t, prose, 'README.md')), 'ok');

  const source = 'const x = 1;\n'.repeat(2000) + `const blob = "${'A'.repeat(6000)}";\n`;
  assert.equal(reasonOf(await readOne(t, source, 'data.ts')), 'ok');

  // Small files are never judged.
  assert.equal(reasonOf(await readOne(t, 'x'.repeat(4000), 'small.js')), 'ok');
});

void test('a file that grew past the limit since the scan is skipped as too-large', async (t) => {
  const root = makeTree(t, { 'f.ts': 'x'.repeat(50) });
  const outcome = await readSourceFile(scanned(root, 'f.ts'), { maxFileBytes: 10 });
  assert.equal(reasonOf(outcome), 'too-large');
});

void test('a file that vanished or became a directory is skipped as unreadable', async (t) => {
  const root = makeTree(t, { 'gone.ts': 'x', 'dir.ts/': '' });
  const gone = scanned(root, 'gone.ts');
  rmSync(gone.absPath);
  const vanished = await readSourceFile(gone);
  assert.equal(reasonOf(vanished), 'unreadable');
  assert.ok(!vanished.ok && vanished.skipped.path === 'gone.ts' && /ENOENT/.test(vanished.skipped.detail ?? ''));
  assert.equal(reasonOf(await readSourceFile(scanned(root, 'dir.ts'))), 'unreadable');
});

void test('a file without read permission is skipped as unreadable (as root too: the read runs as nobody)', async (t) => {
  const root = makeTree(t, { 'secret.ts': 'x' });
  chmodSync(path.join(root, 'secret.ts'), 0o000);
  const outcome = callUnprivileged<ReadOutcome>('src/core/scan/readSource.ts', 'readSourceFile', [scanned(root, 'secret.ts')], [root]);
  assert.equal(reasonOf(outcome), 'unreadable');
  assert.ok(!outcome.ok && /EACCES/.test(outcome.skipped.detail ?? ''));
});

void test('a file replaced by a symbolic link after the scan is not read through the link', async (t) => {
  const root = makeTree(t, { 'src/a.ts': 'export const a = 1;\n', 'outside/secret.txt': 'root:x:0:0:root:/root:/bin/bash\n' });
  const file = scanned(root, 'src/a.ts');
  rmSync(path.join(root, 'src/a.ts'));
  symlinkSync(path.join(root, 'outside/secret.txt'), path.join(root, 'src/a.ts'));
  const outcome = await readSourceFile(file, { realRoot: realpathSync(root) });
  assert.equal(reasonOf(outcome), 'symlink');
  // Following links is an explicit choice.
  assert.equal(reasonOf(await readSourceFile(file, { followSymlinks: true })), 'ok');
});

void test('a file whose directory was replaced by a symbolic link after the scan is not read through the link', async (t) => {
  const root = makeTree(t, { 'src/a.ts': 'export const a = 1;\n', 'elsewhere/a.ts': 'export const secret = "s3cr3t";\n' });
  const realRoot = realpathSync(root);
  const file = scanned(realRoot, 'src/a.ts');
  rmSync(path.join(root, 'src'), { recursive: true });
  symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'src'));
  assert.equal(reasonOf(await readSourceFile(file, { realRoot })), 'symlink');
});
