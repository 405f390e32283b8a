import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { sampleWorkspace, TEST_MODEL } from '../helpers/sampleRepo';

const CLI = resolve(__dirname, '..', '..', 'bin', 'codeloupe.js');

function codeloupe(args: string[], cwd?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, env: { ...process.env, CODELOUPE_CACHE_DIR: '/nonexistent-cache-for-tests', HF_ENDPOINT: 'http://127.0.0.1:9' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('index, search, similar and status follow the JSON contract', (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const common = ['--index-dir', indexDir, '--model', TEST_MODEL, '--threads', '1'];
  const indexed = codeloupe(['index', root, ...common, '--json']);
  assert.equal(indexed.code, 0, indexed.stderr);
  const report = JSON.parse(indexed.stdout) as { chunks: { total: number }; semantic: { available: boolean } };
  assert.ok(report.chunks.total > 0);
  assert.equal(report.semantic.available, true);

  // Hybrid runs the model (the test model's random vectors reorder results); the contract is checked on
  // lexical results, which are deterministic.
  const hybrid = codeloupe(['search', root, 'retry failed uploads', '-k', '3', ...common, '--json']);
  assert.equal(hybrid.code, 0, hybrid.stderr);
  assert.equal((JSON.parse(hybrid.stdout) as unknown[]).length, 3);
  const searched = codeloupe(['search', root, 'retry failed uploads', '-k', '3', '--mode', 'lexical', ...common, '--json']);
  assert.equal(searched.code, 0, searched.stderr);
  const results = JSON.parse(searched.stdout) as Record<string, unknown>[];
  assert.equal(results.length, 3);
  assert.deepEqual(Object.keys(results[0]!).sort(), ['endLine', 'file', 'kind', 'name', 'score', 'startLine']);
  assert.deepEqual({ ...results[0], score: 0 }, { file: 'src/upload/retry.ts', startLine: 9, endLine: 24, name: 'retryFailedUpload', kind: 'function', score: 0 });

  const queries = join(indexDir, 'queries.jsonl');
  writeFileSync(queries, '{"_id": "q1", "text": "late fee overdue invoice"}\n{"id": 7, "text": "least recently used cache"}\n');
  const batch = codeloupe(['search', root, '--queries', queries, '-k', '2', '--mode', 'lexical', ...common, '--json']);
  assert.equal(batch.code, 0, batch.stderr);
  const lines = batch.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: unknown; results: { name: string }[] });
  assert.deepEqual(lines.map((l) => l.id), ['q1', 7]);
  assert.equal(lines[0]!.results[0]!.name, 'ApplyLateFee');
  assert.equal(lines[1]!.results[0]!.name, 'LruCache');

  const similar = codeloupe(['similar', root, 'src/util/strings.ts:12', '-k', '2', ...common, '--json']);
  assert.equal(similar.code, 0, similar.stderr);
  assert.equal((JSON.parse(similar.stdout) as { file: string }[])[0]!.file, 'lib/legacy_strings.js');

  const status = codeloupe(['status', root, '--index-dir', indexDir, '--model', TEST_MODEL, '--json']);
  assert.equal(status.code, 0, status.stderr);
  const statusJson = JSON.parse(status.stdout) as { files: number; coverage: { percent: number; left: number } };
  assert.equal(statusJson.files, 9);
  assert.deepEqual([statusJson.coverage.percent, statusJson.coverage.left], [100, 0], 'semantic coverage: everything embedded');
  const statusText = codeloupe(['status', root, '--index-dir', indexDir, '--model', TEST_MODEL]);
  assert.match(statusText.stdout, /^Semantic: 100% \(\d+ texts embedded\)$/m);

  const human = codeloupe(['search', root, 'retry failed uploads', '-k', '1', '--mode', 'lexical', ...common]);
  assert.match(human.stdout, /^src\/upload\/retry\.ts:9 {2}retryFailedUpload \(function\)/);
});

test('without a model: index warns once and exits 0; semantic search exits 2', (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const missing = join(root, 'missing-model');
  const indexed = codeloupe(['index', root, '--index-dir', indexDir, '--model', missing]);
  assert.equal(indexed.code, 0, indexed.stderr);
  const warnings = (indexed.stdout + indexed.stderr).split('\n').filter((l) => /warning/i.test(l));
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0]!, /missing-model/);
  const lexical = codeloupe(['search', root, 'retry upload', '--index-dir', indexDir, '--model', missing, '--json']);
  assert.equal(lexical.code, 0, lexical.stderr);
  assert.match(lexical.stderr, /^warning: semantic search unavailable, keyword results only: .*missing-model/, 'hybrid says it answered by keywords');
  const queries = join(indexDir, 'queries.jsonl');
  writeFileSync(queries, '{"id": 1, "text": "retry upload"}\n{"id": 2, "text": "late fee"}\n');
  const batch = codeloupe(['search', root, '--queries', queries, '--index-dir', indexDir, '--model', missing, '--json']);
  assert.equal(batch.code, 0, batch.stderr);
  assert.deepEqual(batch.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { semantic?: boolean }).semantic), [false, false]);
  assert.equal(batch.stderr.trim().split('\n').length, 1, `said once: ${batch.stderr}`);
  const semantic = codeloupe(['search', root, 'retry upload', '--mode', 'semantic', '--index-dir', indexDir, '--model', missing]);
  assert.equal(semantic.code, 2);
  assert.match(semantic.stderr, /Semantic search is unavailable/);
  assert.equal(semantic.stderr.trim().split('\n').length, 1);
});

test('bad arguments, a missing folder and a missing index give one line and a non-zero exit', (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const cases: [string[], number, RegExp][] = [
    [['search', root, 'q', '--mode', 'fuzzy'], 2, /--mode must be hybrid, semantic or lexical/],
    [['search', root, 'q', '-k', 'zero'], 2, /-k must be a positive integer/],
    [['frobnicate'], 2, /Unknown command "frobnicate"/],
    [['index', join(root, 'nope')], 1, /Folder .*nope does not exist/],
    [['search', root, 'q', '--index-dir', join(indexDir, 'empty')], 1, /No index for/],
    [['similar', root, 'src/util/strings.ts'], 2, /Expected FILE:LINE/],
    [['index', root, '--device', 'tpu'], 2, /--device must be one of/],
  ];
  for (const [args, code, message] of cases) {
    const r = codeloupe(args);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${r.stderr}`);
  }
});

test('--help works from the repository root', () => {
  const r = codeloupe(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /codeloupe index/);
});
