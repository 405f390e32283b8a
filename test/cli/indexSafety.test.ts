// Several processes, damaged files and mistaken --index-dir: what the command line does with them.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { sampleWorkspace } from '../helpers/sampleRepo';

const CLI = resolve(__dirname, '..', '..', 'bin', 'codeloupe.js');
const ENV = { ...process.env, CODELOUPE_CACHE_DIR: '/nonexistent-cache-for-tests', HF_ENDPOINT: 'http://127.0.0.1:9' };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function codeloupe(args: string[]): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: ENV });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function codeloupeAsync(args: string[]): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

test('two index runs started together on a new folder both succeed: the second waits for the first', async (t) => {
  for (let round = 0; round < 3; round++) {
    const { root, indexDir } = sampleWorkspace(t);
    const args = ['index', root, '--index-dir', indexDir, '--model', join(root, 'no-model'), '--json'];
    const runs = await Promise.all([codeloupeAsync(args), codeloupeAsync(args)]);
    for (const run of runs) assert.equal(run.code, 0, `round ${round}: ${run.stderr}`);
    const status = codeloupe(['status', root, '--index-dir', indexDir, '--json']);
    assert.equal((JSON.parse(status.stdout) as { files: number }).files, 9);
  }
});

test('search and status on a damaged store say so and how to rebuild (exit 1); index rebuilds it', (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const noModel = ['--model', join(root, 'no-model')];
  assert.equal(codeloupe(['index', root, '--index-dir', indexDir, ...noModel]).code, 0);
  writeFileSync(join(indexDir, 'index.sqlite'), 'not a database any more '.repeat(500));
  for (const args of [['search', root, 'retry upload', '--mode', 'lexical'], ['status', root]]) {
    const run = codeloupe([...args, '--index-dir', indexDir, ...noModel]);
    assert.equal(run.code, 1, `${args[0]}: ${run.stdout}`);
    assert.equal(run.stdout, '', 'no empty result list as if nothing matched');
    assert.match(run.stderr, /damaged/);
    assert.match(run.stderr, /codeloupe index /);
  }
  const rebuilt = codeloupe(['index', root, '--index-dir', indexDir, ...noModel]);
  assert.equal(rebuilt.code, 0, rebuilt.stderr);
  assert.match(rebuilt.stdout + rebuilt.stderr, /corrupt/);
  const found = codeloupe(['search', root, 'retry upload', '--mode', 'lexical', '--index-dir', indexDir, ...noModel, '--json']);
  assert.ok((JSON.parse(found.stdout) as { name: string }[]).some((r) => r.name === 'retryFailedUpload'), found.stdout);
});

test('an index refuses a folder it does not belong to, and the other folder keeps its index', (t) => {
  const a = sampleWorkspace(t);
  const b = sampleWorkspace(t);
  const noModel = ['--model', join(a.root, 'no-model')];
  assert.equal(codeloupe(['index', a.root, '--index-dir', a.indexDir, ...noModel]).code, 0);
  for (const command of [['index', b.root], ['search', b.root, 'retry'], ['status', b.root]]) {
    const run = codeloupe([...command, '--index-dir', a.indexDir, ...noModel]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /belongs to .*, not to /);
  }
  const status = codeloupe(['status', a.root, '--index-dir', a.indexDir, '--json']);
  assert.equal((JSON.parse(status.stdout) as { files: number }).files, 9, 'the first folder keeps all its files');
});
