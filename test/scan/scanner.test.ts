import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CancellationSource } from '../../src/core/cancellation';
import { CancelledError } from '../../src/core/errors';
import { inspectPath } from '../../src/core/scan/inspectEntry';
import { IgnoreRules } from '../../src/core/scan/ignoreRules';
import { DEFAULT_MAX_FILE_BYTES } from '../../src/core/scan/scanOptions';
import { scanFolder } from '../../src/core/scan/scanner';
import { callUnprivileged } from '../helpers/unprivileged';
import { summarizeSkips } from '../../src/core/scan/summarizeSkips';
import { makeTree, writeTree } from './tempTree';

void test('files come sorted by path, with size, mtime and absolute path', async (t) => {
  const root = makeTree(t, { 'b.ts': 'bb', 'a/z.ts': 'z', 'a/B.ts': 'B', 'A.ts': 'AAAA', 'a.ts': '' });
  const result = await scanFolder(root);
  assert.deepEqual(result.files.map((f) => f.path), ['A.ts', 'a.ts', 'a/B.ts', 'a/z.ts', 'b.ts']);
  const first = result.files[0];
  assert.equal(first?.size, 4);
  assert.equal(first?.absPath, path.join(root, 'A.ts'));
  assert.ok((first?.mtimeMs ?? 0) > 0);
  assert.deepEqual(result.skipped, []);
});

void test('generated, binary-by-name and too-large files are skipped with their reason', async (t) => {
  const root = makeTree(t, {
    'src/app.ts': 'x',
    'package-lock.json': '{}',
    'sub/yarn.lock': 'x',
    'Cargo.lock': 'x',
    'public/jquery.min.js': 'x',
    'public/site.min.css': 'x',
    'public/app.js.map': '{}',
    'img/logo.png': 'not really a png',
    'model.onnx': 'x',
    'fonts/a.woff2': 'x',
    'big.ts': 'x'.repeat(101),
    'limit.ts': 'x'.repeat(100),
  });
  const result = await scanFolder(root, { maxFileBytes: 100 });
  assert.deepEqual(result.files.map((f) => f.path), ['limit.ts', 'src/app.ts']);
  assert.deepEqual(
    result.skipped.map((s) => [s.path, s.reason]),
    [
      ['Cargo.lock', 'generated'],
      ['big.ts', 'too-large'],
      ['fonts/a.woff2', 'binary'],
      ['img/logo.png', 'binary'],
      ['model.onnx', 'binary'],
      ['package-lock.json', 'generated'],
      ['public/app.js.map', 'generated'],
      ['public/jquery.min.js', 'generated'],
      ['public/site.min.css', 'generated'],
      ['sub/yarn.lock', 'generated'],
    ],
  );
  assert.ok(result.skipped.every((s) => s.detail !== undefined && s.detail !== ''));
  assert.deepEqual(summarizeSkips(result.skipped), {
    'too-large': 1,
    binary: 3,
    minified: 0,
    'not-utf8': 0,
    unreadable: 0,
    generated: 6,
    symlink: 0,
  });
});

void test('the default size limit is 1 MB', async (t) => {
  const root = makeTree(t, { 'at-limit.txt': 'x'.repeat(DEFAULT_MAX_FILE_BYTES), 'over.txt': 'x'.repeat(DEFAULT_MAX_FILE_BYTES + 1) });
  const result = await scanFolder(root);
  assert.deepEqual(result.files.map((f) => f.path), ['at-limit.txt']);
  assert.deepEqual(result.skipped.map((s) => [s.path, s.reason]), [['over.txt', 'too-large']]);
});

void test('symbolic links are skipped by default; with followSymlinks only links to files are followed', async (t) => {
  const outside = makeTree(t, { 'shared.ts': 'export {}', 'dir/x.ts': 'x' });
  const root = makeTree(t, { 'real.ts': 'x', 'dir/inner.ts': 'x' });
  symlinkSync(path.join(root, 'real.ts'), path.join(root, 'link-inside.ts'));
  symlinkSync(path.join(outside, 'shared.ts'), path.join(root, 'link-outside.ts'));
  symlinkSync(path.join(root, 'missing.ts'), path.join(root, 'dangling.ts'));
  // A link to its own parent: following directory links would loop forever.
  symlinkSync(root, path.join(root, 'dir', 'loop'));
  symlinkSync(path.join(outside, 'dir'), path.join(root, 'dir-link'));

  const plain = await scanFolder(root);
  assert.deepEqual(plain.files.map((f) => f.path), ['dir/inner.ts', 'real.ts']);
  assert.deepEqual(
    plain.skipped.map((s) => [s.path, s.reason]),
    ['dangling.ts', 'dir-link', 'dir/loop', 'link-inside.ts', 'link-outside.ts'].map((p) => [p, 'symlink']),
  );

  const followed = await scanFolder(root, { followSymlinks: true });
  assert.deepEqual(followed.files.map((f) => f.path), ['dir/inner.ts', 'link-inside.ts', 'link-outside.ts', 'real.ts']);
  assert.equal(followed.files.find((f) => f.path === 'link-outside.ts')?.size, 'export {}'.length);
  assert.deepEqual(
    followed.skipped.map((s) => [s.path, s.reason]),
    ['dangling.ts', 'dir-link', 'dir/loop'].map((p) => [p, 'symlink']),
  );
});

void test('an ignore file that cannot be read is reported once and its rules are not applied', async (t) => {
  // A directory named .gitignore fails to read (EISDIR) even for root.
  const root = makeTree(t, { 'sub/.gitignore/': '', 'sub/a.ts': 'x', 'b.ts': 'x' });
  const result = await scanFolder(root);
  assert.deepEqual(result.files.map((f) => f.path), ['b.ts', 'sub/a.ts']);
  assert.equal(result.skipped.length, 1);
  assert.equal(result.skipped[0]?.path, 'sub/.gitignore');
  assert.equal(result.skipped[0]?.reason, 'unreadable');
  assert.match(result.skipped[0]?.detail ?? '', /EISDIR.*not applied/);
});

void test('a directory that cannot be listed is reported as unreadable (as root too: the scan runs as nobody)', async (t) => {
  const root = makeTree(t, { 'locked/a.ts': 'x', 'b.ts': 'x' });
  chmodSync(path.join(root, 'locked'), 0o000);
  let result;
  try {
    result = callUnprivileged<Awaited<ReturnType<typeof scanFolder>>>('src/core/scan/scanner.ts', 'scanFolder', [root], [root]);
  } finally {
    // Before the tree is removed, which needs to list it.
    chmodSync(path.join(root, 'locked'), 0o755);
  }
  assert.deepEqual(result.files.map((f) => f.path), ['b.ts']);
  assert.deepEqual(result.skipped.map((s) => [s.path, s.reason]), [['locked', 'unreadable']]);
});

void test('every entry is either a file, skipped, or counted as ignored', async (t) => {
  const root = makeTree(t, {
    '.gitignore': '*.tmp\n',
    '.codeloupeignore': 'scratch/\n',
    'a.tmp': 'x',
    'scratch/s.ts': 'x',
    'node_modules/m/i.js': 'x',
    'yarn.lock': 'x',
    'pic.gif': 'x',
    'src/a.ts': 'x',
  });
  const result = await scanFolder(root, { exclude: ['src/'] });
  assert.deepEqual(result.files.map((f) => f.path), ['.codeloupeignore', '.gitignore']);
  assert.equal(result.skipped.length, 2);
  assert.deepEqual(result.ignored, { gitignore: 1, builtin: 1, user: 2 });
});

void test('a deep tree is walked without recursion limits', async (t) => {
  const root = makeTree(t, {});
  const segments = Array.from({ length: 200 }, (_, i) => `d${i % 10}`);
  const deep = path.join(root, ...segments);
  mkdirSync(deep, { recursive: true });
  writeTree(deep, { 'leaf.ts': 'x' });
  const result = await scanFolder(root);
  assert.deepEqual(result.files.map((f) => f.path), [`${segments.join('/')}/leaf.ts`]);
});

void test('cancellation stops the walk with CancelledError', async (t) => {
  const root = makeTree(t, { 'a/x.ts': 'x', 'b/y.ts': 'y' });
  const source = new CancellationSource();
  source.cancel();
  await assert.rejects(scanFolder(root, {}, source.token), CancelledError);

  // Cancelled part-way: after the first directory is listed.
  const midway = new CancellationSource();
  const token = {
    get isCancellationRequested(): boolean {
      const now = midway.token.isCancellationRequested;
      midway.cancel();
      return now;
    },
    onCancellationRequested: midway.token.onCancellationRequested.bind(midway.token),
  };
  await assert.rejects(scanFolder(root, {}, token), { code: 'E_CANCELLED' });
});

void test('a missing folder, a file given as folder and a bad size limit are errors with codes', async (t) => {
  const root = makeTree(t, { 'f.ts': 'x' });
  await assert.rejects(scanFolder(path.join(root, 'nope')), { code: 'E_FOLDER_NOT_FOUND' });
  await assert.rejects(scanFolder(path.join(root, 'f.ts')), { code: 'E_BAD_ARGUMENT' });
  await assert.rejects(scanFolder(root, { maxFileBytes: 0 }), { code: 'E_BAD_ARGUMENT' });
});

void test('inspectPath judges one path the way the scan does (for file watchers)', async (t) => {
  const root = makeTree(t, {
    'a/.gitignore': 'gen/\n',
    'a/gen/x.ts': 'x',
    'a/ok.ts': 'x',
    'a/yarn.lock': 'x',
    'node_modules/p/i.js': 'x',
  });
  const rules = await IgnoreRules.load(root);
  const ok = await inspectPath(rules, 'a/ok.ts');
  assert.equal(ok.kind, 'file');
  assert.deepEqual(await inspectPath(rules, 'a/gen/x.ts'), { kind: 'ignored', by: 'gitignore' });
  assert.deepEqual(await inspectPath(rules, 'node_modules/p/i.js'), { kind: 'ignored', by: 'builtin' });
  assert.equal((await inspectPath(rules, 'a/yarn.lock')).kind, 'skipped');
  assert.deepEqual(await inspectPath(rules, 'a/deleted.ts'), { kind: 'absent' });
  assert.deepEqual(await inspectPath(rules, 'a'), { kind: 'directory' });
  await assert.rejects(inspectPath(rules, 'a/../../etc/passwd'), { code: 'E_BAD_ARGUMENT' });
});
