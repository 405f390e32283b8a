import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { IgnoreRules } from '../../src/core/scan/ignoreRules';
import { scanFolder } from '../../src/core/scan/scanner';
import { makeTree, writeTree } from './tempTree';

const NESTED = {
  '.gitignore': '*.log\n/top-only.txt\nsecrets/\n',
  'top-only.txt': 'x',
  'app.log': 'x',
  'src/top-only.txt': 'kept: the root pattern is anchored to the root',
  'src/.gitignore': '!important.log\n/generated/\ntmp*\n',
  'src/important.log': 'kept by the negation in src/.gitignore',
  'src/other.log': 'x',
  'src/generated/a.ts': 'x',
  'src/lib/generated/b.ts': 'kept: /generated/ is anchored to src',
  'src/lib/tmp1.ts': 'x',
  'src/lib/.gitignore': '!tmp-keep.ts\n',
  'src/lib/tmp-keep.ts': 'kept: re-included one level further down',
  'src/main.ts': 'x',
  'lib/tmp1.ts': 'kept: src/.gitignore does not reach lib/',
  'secrets/key.ts': 'x',
  'secrets/.gitignore': '!key.ts\n',
  'docs/.gitignore': '*\n!*.md\n',
  'docs/a.md': 'x',
  'docs/b.txt': 'x',
};

void test('nested .gitignore files apply to their subtree, with negation and anchoring', async (t) => {
  const root = makeTree(t, NESTED);
  const result = await scanFolder(root);
  assert.deepEqual(
    result.files.map((f) => f.path),
    [
      '.gitignore',
      'docs/a.md',
      'lib/tmp1.ts',
      'src/.gitignore',
      'src/important.log',
      'src/lib/.gitignore',
      'src/lib/generated/b.ts',
      'src/lib/tmp-keep.ts',
      'src/main.ts',
      'src/top-only.txt',
    ],
  );
  // top-only.txt, app.log, secrets/ (a directory counts once, its negation cannot re-include key.ts),
  // docs/.gitignore and docs/b.txt (ignored by '*'), src/other.log, src/generated/, src/lib/tmp1.ts.
  assert.deepEqual(result.ignored, { gitignore: 8, builtin: 0, user: 0 });
});

const EDGES = {
  '.gitignore': ['/root-only/', 'name-only', 'dir-only/', '**/deep/**/*.gen', 'docs/*', '!docs/keep/', 'a?c.txt', '\\#hash', 'sp ace.txt  ', ''].join('\n'),
  'root-only/x.ts': 'x',
  'sub/root-only/x.ts': 'x',
  'name-only': 'x',
  'sub/name-only/y.ts': 'x',
  'dir-only': 'a file, so dir-only/ does not match it',
  'sub/dir-only/z.ts': 'x',
  'p/deep/q/r.gen': 'x',
  'p/deep/r.ts': 'x',
  'docs/readme.txt': 'x',
  'docs/keep/k.txt': 'x',
  'abc.txt': 'x',
  'abbc.txt': 'x',
  '#hash': 'x',
  'sp ace.txt': 'x',
  'info-excluded.ts': 'x',
};

const NESTED_EDGES = {
  'we*ird[1]/.gitignore': '*.tmp\n/only-here.txt\n',
  'we*ird[1]/a.tmp': 'x',
  'we*ird[1]/sub/b.tmp': 'x',
  'we*ird[1]/only-here.txt': 'x',
  'we*ird[1]/sub/only-here.txt': 'x',
  'weXird1/a.tmp': 'x',
  'm/.gitignore': '**/cache/\nx/y.txt\n!*.keep\nlogs/**\n!logs/important/\n',
  'm/a/cache/c.ts': 'x',
  'm/x/y.txt': 'x',
  'm/q/x/y.txt': 'x',
  'm/logs/today.txt': 'x',
  'm/logs/important/i.txt': 'x',
  'm/.keep': 'x',
  'm/n/.gitignore': '*\n!.gitignore\n!*/\n!*.ts\n',
  'm/n/a.ts': 'x',
  'm/n/a.js': 'x',
  'm/n/deeper/b.ts': 'x',
  'm/n/deeper/b.md': 'x',
  '.gitignore': '*.keep\n',
};

for (const [name, spec] of [['nested', NESTED], ['edge-case', EDGES], ['nested edge-case', NESTED_EDGES]] as const) {
  void test(`the ${name} tree gives the same files as git itself`, async (t) => {
    const root = makeTree(t, spec);
    // Keep the user's global git ignore file out of it.
    const env = { ...process.env, HOME: root, XDG_CONFIG_HOME: root, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
    try {
      execFileSync('git', ['init', '-q'], { cwd: root, env, stdio: 'ignore' });
    } catch {
      t.skip('git is not installed');
      return;
    }
    writeTree(root, { '.git/info/exclude': 'info-excluded.ts\n' });
    const fromGit = execFileSync('git', ['ls-files', '--others', '--exclude-standard', '-z'], { cwd: root, env, encoding: 'utf8' })
      .split('\0')
      .filter((l) => l !== '')
      .sort();
    const ours = (await scanFolder(root)).files.map((f) => f.path);
    assert.deepEqual(ours, fromGit);
  });
}

void test('.git/info/exclude applies, also when .git is a worktree pointer file', async (t) => {
  const gitDir = makeTree(t, { 'info/exclude': '# local\n*.local.ts\n', commondir: '.\n' });
  const root = makeTree(t, { '.git': `gitdir: ${gitDir}\n`, 'a.local.ts': 'x', 'a.ts': 'x' });
  const result = await scanFolder(root);
  assert.deepEqual(result.files.map((f) => f.path), ['a.ts']);
  assert.deepEqual(result.ignored, { gitignore: 1, builtin: 1, user: 0 });

  const plain = makeTree(t, { '.git/info/exclude': 'b.ts\n', '.git/HEAD': 'ref: refs/heads/main\n', 'b.ts': 'x', 'c.ts': 'x' });
  assert.deepEqual((await scanFolder(plain)).files.map((f) => f.path), ['c.ts']);
});

void test('.codeloupeignore works at any level, after .gitignore, and can re-include', async (t) => {
  const root = makeTree(t, {
    '.gitignore': 'gen/\n',
    '.codeloupeignore': '!gen/\nfixtures/\n',
    'gen/api.ts': 'kept: .codeloupeignore re-includes what .gitignore ignores',
    'fixtures/big.json': 'x',
    'pkg/.codeloupeignore': '*.snap\n',
    'pkg/a.snap': 'x',
    'pkg/a.ts': 'x',
    'b.snap': 'kept: pkg/.codeloupeignore does not reach the root',
  });
  const result = await scanFolder(root);
  assert.deepEqual(result.files.map((f) => f.path), ['.codeloupeignore', '.gitignore', 'b.snap', 'gen/api.ts', 'pkg/.codeloupeignore', 'pkg/a.ts']);
  assert.deepEqual(result.ignored, { gitignore: 0, builtin: 0, user: 2 });
});

void test('built-in excludes apply everywhere and an ignore file can re-include them, except .git', async (t) => {
  const root = makeTree(t, {
    'node_modules/x/index.js': 'x',
    'packages/a/node_modules/y/index.js': 'x',
    'packages/a/dist/index.js': 'x',
    'packages/a/index.ts': 'x',
    '__pycache__/m.pyc': 'x',
    '.venv/lib/site.py': 'x',
    '.git/config': 'x',
    'build/gen.ts': 'x',
    '.gitignore': '!build/\n!.git/\n',
  });
  const result = await scanFolder(root);
  assert.deepEqual(result.files.map((f) => f.path), ['.gitignore', 'build/gen.ts', 'packages/a/index.ts']);
  assert.deepEqual(result.ignored, { gitignore: 0, builtin: 6, user: 0 });
});

void test('the exclude setting beats every ignore file, and include keeps only matching files', async (t) => {
  const root = makeTree(t, {
    '.gitignore': '!keep.gen.ts\n',
    'keep.gen.ts': 'x',
    'a.gen.ts': 'x',
    'src/a.ts': 'x',
    'src/deep/b.ts': 'x',
    'src/c.py': 'x',
    'test/t.ts': 'x',
    'README.md': 'x',
  });
  const excluded = await scanFolder(root, { exclude: ['*.gen.ts', 'test/'] });
  assert.deepEqual(excluded.files.map((f) => f.path), ['.gitignore', 'README.md', 'src/a.ts', 'src/c.py', 'src/deep/b.ts']);
  assert.deepEqual(excluded.ignored, { gitignore: 0, builtin: 0, user: 3 });

  const included = await scanFolder(root, { include: ['src/**', '*.md'] });
  assert.deepEqual(included.files.map((f) => f.path), ['README.md', 'src/a.ts', 'src/c.py', 'src/deep/b.ts']);

  const byName = await scanFolder(root, { include: ['*.ts'], exclude: ['src/deep/'] });
  assert.deepEqual(byName.files.map((f) => f.path), ['a.gen.ts', 'keep.gen.ts', 'src/a.ts', 'test/t.ts']);
  assert.equal(byName.ignored.user, 4);
});

void test('classify judges any path, loading the ignore files of its parents', async (t) => {
  const root = makeTree(t, {
    '.gitignore': 'out-of-tree/\n',
    'a/.gitignore': '*.tmp\n',
    'a/b/c/x.tmp': 'x',
    'a/b/c/x.ts': 'x',
    'node_modules/p/i.js': 'x',
  });
  const rules = await IgnoreRules.load(root);
  assert.deepEqual(await rules.classify('a/b/c/x.tmp', false), { ignored: true, by: 'gitignore' });
  assert.deepEqual(await rules.classify('a/b/c/x.ts', false), { ignored: false });
  assert.deepEqual(await rules.classify('node_modules/p/i.js', false), { ignored: true, by: 'builtin' });
  assert.deepEqual(await rules.classify('out-of-tree/q/r.ts', false), { ignored: true, by: 'gitignore' });
  assert.deepEqual(await rules.classify('.git', true), { ignored: true, by: 'builtin' });
  assert.throws(() => rules.isIgnored('never/loaded/x.ts', false), { code: 'E_INTERNAL' });
  await assert.rejects(rules.classify('../outside.ts', false), { code: 'E_BAD_ARGUMENT' });
  await assert.rejects(rules.classify('/abs.ts', false), { code: 'E_BAD_ARGUMENT' });
});

void test('isIgnoreFile recognises the files whose change alters the rules', () => {
  assert.equal(IgnoreRules.isIgnoreFile('.gitignore'), true);
  assert.equal(IgnoreRules.isIgnoreFile('a/b/.codeloupeignore'), true);
  assert.equal(IgnoreRules.isIgnoreFile('.git/info/exclude'), true);
  assert.equal(IgnoreRules.isIgnoreFile('a/gitignore.ts'), false);
});
