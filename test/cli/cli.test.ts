import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { sampleWorkspace, TEST_MODEL } from '../helpers/sampleRepo';
import { tempDir } from '../helpers/tempDir';
import { UNPRIVILEGED } from '../helpers/unprivileged';

const CLI = resolve(__dirname, '..', '..', 'bin', 'codeloupe.js');

function codeloupe(args: string[], options: Pick<SpawnSyncOptions, 'cwd' | 'uid' | 'gid' | 'input'> = {}): { code: number; stdout: string; stderr: string } {
  const env = { ...process.env, CODELOUPE_CACHE_DIR: '/nonexistent-cache-for-tests', HF_ENDPOINT: 'http://127.0.0.1:9' };
  const r = spawnSync(process.execPath, [CLI, ...args], { ...options, encoding: 'utf8', env });
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

  const member = codeloupe(['search', root, 'top customers', '-k', '1', '--mode', 'lexical', ...common, '--json']);
  assert.equal(member.code, 0, member.stderr);
  const memberResult = (JSON.parse(member.stdout) as Record<string, unknown>[])[0]!;
  assert.deepEqual([memberResult.name, memberResult.kind, memberResult.container], ['top_customers', 'method', 'MonthlyReport'], 'a member names its container');

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
  assert.doesNotMatch(human.stderr, /searched for/);

  // A misspelt word is searched as the indexed word one typo away, and the CLI says so (stderr; a field per query line).
  const typo = codeloupe(['search', root, 'retry faield uploads', '-k', '1', '--mode', 'lexical', ...common, '--json']);
  assert.equal(typo.code, 0, typo.stderr);
  assert.equal((JSON.parse(typo.stdout) as { name: string }[])[0]!.name, 'retryFailedUpload');
  assert.match(typo.stderr, /^note: searched for "failed" \(typed "faield"\)/m);
  writeFileSync(queries, '{"_id": "t", "text": "retry faield uploads"}\n');
  const typoBatch = codeloupe(['search', root, '--queries', queries, '-k', '1', '--mode', 'lexical', ...common, '--json']);
  assert.deepEqual((JSON.parse(typoBatch.stdout) as { corrected: unknown }).corrected, [{ from: 'faield', to: 'failed' }]);
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
  const lexicalResults = JSON.parse(lexical.stdout) as { semantic?: boolean }[];
  assert.ok(lexicalResults.length > 0);
  assert.ok(lexicalResults.every((r) => r.semantic === false), 'each JSON result says it was found by keywords alone');
  const asked = codeloupe(['search', root, 'retry upload', '--mode', 'lexical', '--index-dir', indexDir, '--model', missing, '--json']);
  assert.ok((JSON.parse(asked.stdout) as object[]).every((r) => !('semantic' in r)), 'an asked-for keyword search is not marked');
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
    [['index', join(root, 'nope')], 2, /The folder .*nope does not exist/],
    [['search', join(root, 'nope'), 'q'], 2, /The folder .*nope does not exist/],
    [['index', join(root, 'README.md')], 2, /README\.md is a file, not a folder/],
    [['search', root, '   '], 2, /The query is empty/],
    [['search', root, '', '--mode', 'lexical'], 2, /The query is empty/],
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

test('--queries: a null line, an empty text and a missing file are bad arguments, found before the index opens', (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const queries = join(indexDir, 'queries.jsonl');
  // No index exists yet: each error must come from the queries file, not from opening the index.
  const cases: [string, RegExp][] = [
    ['{"id": 1, "text": "retry"}\nnull\n', /queries\.jsonl:2 needs an object with "_id" \(or "id"\) and "text"/],
    ['[1, 2]\n', /queries\.jsonl:1 needs an object/],
    ['{"id": 1, "text": "  "}\n', /queries\.jsonl:1 has an empty "text"/],
  ];
  codeloupe(['index', root, '--index-dir', indexDir, '--model', TEST_MODEL, '--threads', '1']);
  for (const [content, message] of cases) {
    writeFileSync(queries, content);
    const r = codeloupe(['search', root, '--queries', queries, '--mode', 'lexical', '--index-dir', indexDir]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /TypeError/);
  }
  const missing = codeloupe(['search', root, '--queries', join(indexDir, 'nope.jsonl'), '--index-dir', join(indexDir, 'not-built')]);
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(missing.stderr, /The queries file .*nope\.jsonl does not exist/);
  assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
});

test('with --json a failure is a JSON error object on stdout, with its stable code and hint', (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const noIndex = codeloupe(['search', root, 'retry', '--json', '--index-dir', indexDir]);
  assert.equal(noIndex.code, 1);
  const parsed = JSON.parse(noIndex.stdout) as { error: { code: string; message: string; hint?: string } };
  assert.equal(parsed.error.code, 'E_INDEX_MISSING');
  assert.match(parsed.error.message, /No index for/);
  assert.match(parsed.error.hint ?? '', /codeloupe index/);
  const badArgument = codeloupe(['search', root, 'retry', '--json', '-k', 'many']);
  assert.equal(badArgument.code, 2);
  assert.deepEqual(Object.keys((JSON.parse(badArgument.stdout) as { error: object }).error).sort(), ['code', 'hint', 'message']);
});

test('a folder or model folder that may not be read is reported as unreadable, not as missing', (t) => {
  const dir = tempDir(t);
  chmodSync(dir, 0o755);
  const locked = join(dir, 'locked');
  mkdirSync(join(locked, 'repo'), { recursive: true });
  mkdirSync(join(locked, 'model'));
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  writeFileSync(join(repo, 'a.ts'), 'export const a = 1;\n');
  const indexDir = join(dir, 'index');
  mkdirSync(indexDir);
  chmodSync(indexDir, 0o777);
  chmodSync(locked, UNPRIVILEGED.uid === undefined ? 0o000 : 0o700);
  let folder: ReturnType<typeof codeloupe>;
  let model: ReturnType<typeof codeloupe>;
  try {
    folder = codeloupe(['index', join(locked, 'repo'), '--index-dir', indexDir], UNPRIVILEGED);
    model = codeloupe(['index', repo, '--index-dir', indexDir, '--model', join(locked, 'model')], UNPRIVILEGED);
  } finally {
    chmodSync(locked, 0o700);
  }
  assert.equal(folder.code, 1, folder.stderr);
  assert.match(folder.stderr, /The folder .*locked\/repo could not be inspected \(EACCES\)/);
  assert.doesNotMatch(folder.stderr, /does not exist/);
  assert.equal(model.code, 0, model.stderr);
  assert.match(model.stdout, /warning: semantic search unavailable.*locked\/model cannot be read \(EACCES\)/);
  assert.doesNotMatch(model.stdout + model.stderr, /does not exist/);
});

test('names, paths and snippets from the repository cannot drive the terminal: control characters are shown as escapes', (t) => {
  const dir = tempDir(t);
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  // A clipboard write (OSC 52), a screen clear, an 8-bit CSI and a bidi override, in a file name and a snippet.
  const hostile = 'trap\x1b]52;c;aGk=\x07\x1b[2J\u009b31m\u202e';
  writeFileSync(join(repo, `${hostile}.js`), `// ${hostile}\nfunction stealClipboard() {\n  return "${hostile}";\n}\n`);
  const common = ['--index-dir', join(dir, 'index'), '--model', join(dir, 'no-model')];
  const indexed = codeloupe(['index', repo, ...common, '--verbose']);
  assert.equal(indexed.code, 0, indexed.stderr);
  const text = codeloupe(['search', repo, 'stealClipboard', '--mode', 'lexical', ...common]);
  assert.equal(text.code, 0, text.stderr);
  const json = codeloupe(['search', repo, 'stealClipboard', '--mode', 'lexical', '--json', ...common]);
  const status = codeloupe(['similar', repo, `${hostile}.js:2`, ...common]);
  for (const output of [indexed.stdout, indexed.stderr, text.stdout, text.stderr, json.stdout, status.stdout, status.stderr]) {
    assert.doesNotMatch(output, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/, JSON.stringify(output));
  }
  assert.match(text.stdout, /trap\\x1b\]52;c;aGk=\\x07\\x1b\[2J\\x9b31m\\u202e\.js:\d+ {2}stealClipboard/);
  assert.match(text.stdout, /return "trap\\x1b/, 'the snippet too');
  const results = JSON.parse(json.stdout) as { file: string }[];
  assert.equal(results[0]!.file, `${hostile}.js`, 'JSON keeps the exact name, as escapes a terminal does not act on');
});

test('similar --code FILE|- finds code like a snippet, from a file or standard input', (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const common = ['--index-dir', indexDir, '--model', TEST_MODEL, '--threads', '1'];
  assert.equal(codeloupe(['index', root, ...common]).code, 0);
  const snippet = join(indexDir, 'snippet.js');
  // The body of levenshteinDistance in src/util/strings.ts, as someone would paste it.
  writeFileSync(snippet, 'function editDistance(a, b) {\n  const dp = [];\n  for (let i = 0; i <= a.length; i++) dp[i] = [i];\n  return dp[a.length][b.length];\n}\n');
  const fromFile = codeloupe(['similar', root, '--code', snippet, '-k', '3', ...common, '--json']);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  const results = JSON.parse(fromFile.stdout) as { file: string; name: string }[];
  assert.equal(results.length, 3);
  const fromStdin = codeloupe(['similar', root, '--code', '-', '-k', '3', ...common, '--json'], { input: readFileSync(snippet) });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.deepEqual(JSON.parse(fromStdin.stdout), JSON.parse(fromFile.stdout), 'the same snippet gives the same answer either way');
  const lexical = codeloupe(['similar', root, '--code', snippet, '-k', '3', '--index-dir', indexDir, '--model', join(root, 'no-model')]);
  assert.equal(lexical.code, 0, lexical.stderr);
  assert.match(lexical.stderr, /warning: semantic search unavailable, keyword results only/);
  const missing = codeloupe(['similar', root, '--code', join(indexDir, 'nope.js'), ...common]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /The code file .*nope\.js does not exist/);
  const empty = codeloupe(['similar', root, '--code', '-', ...common], { input: '  \n' });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /is empty/);
  const both = codeloupe(['similar', root, 'src/util/strings.ts:12', '--code', snippet, ...common]);
  assert.equal(both.code, 2);
});
