// `codeloupe mcp` as agents run it: the built CLI spawned over stdio by the MCP SDK's own client, against a
// copy of the sample repository with the test model.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sampleWorkspace, SAMPLE_REPO, TEST_MODEL } from '../helpers/sampleRepo';
import { tempDir } from '../helpers/tempDir';
import { eventually, startMcp, textOf } from './mcpClient';

interface Result {
  folder: string;
  file: string;
  path: string;
  startLine: number;
  endLine: number;
  score: number;
  name: string;
  kind: string;
  container?: string;
  window?: { index: number; count: number };
  language: string;
  snippet: string;
  matchedBy: string[];
}
interface Answer {
  results: Result[];
  semantic: boolean;
  notes: string[];
  query?: { file: string; name: string };
}
interface Status {
  folders: { folder: string; indexed: boolean; openError?: string; files: number; chunks: number; semanticCoverage: number; model?: string; semanticUnavailable?: string; activity: { state: string }; lastRun?: { cancelled: boolean } }[];
  watching: string;
}
interface Reindexed {
  folders: { folder: string; files: { scanned: number; parsed: number }; chunks: number; vectors: { embedded: number; pending: number }; semantic: boolean; note?: string }[];
}

test('tools are listed with schemas, answer with structured results, and say what to do when they cannot', { timeout: 240_000 }, async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const mcp = await startMcp(t, [root, '--index-dir', indexDir, '--model', TEST_MODEL, '--threads', '1']);

  const { tools } = await mcp.client.listTools();
  assert.deepEqual(tools.map((tool) => tool.name).sort(), ['find_similar', 'index_status', 'reindex', 'search_code']);
  for (const tool of tools) {
    assert.ok((tool.description ?? '').length > 100, `${tool.name} says when to use it`);
    assert.equal(tool.inputSchema.type, 'object');
    assert.equal(tool.outputSchema?.type, 'object', `${tool.name} declares its structured result`);
  }
  assert.deepEqual(tools.find((tool) => tool.name === 'search_code')!.inputSchema.required, ['query']);

  // No index yet: the error says so and offers reindex.
  const early = await mcp.call('search_code', { query: 'retry failed uploads' });
  assert.equal(early.isError, true);
  assert.match(textOf(early), /^E_INDEX_MISSING: No index for .* yet\. Call reindex/);
  assert.equal(((await mcp.call('index_status')).structuredContent as unknown as Status).folders[0]!.indexed, false);
  // An edit in a folder nobody asked to index leaves it without an index (no partial index of one file).
  await eventually(async () => (((await mcp.call('index_status')).structuredContent as unknown as Status).watching === 'ready' ? true : undefined));
  appendFileSync(join(root, 'README.md'), '\nEdited before any index.\n');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(((await mcp.call('index_status')).structuredContent as unknown as Status).folders[0]!.files, 0, 'the watcher does not index a folder on its own');

  const progress: number[] = [];
  const reindexed = await mcp.client.callTool({ name: 'reindex', arguments: {} }, undefined, { timeout: 120_000, onprogress: (p) => progress.push(p.progress) });
  const report = (reindexed.structuredContent as unknown as Reindexed).folders[0]!;
  assert.equal(report.folder, root);
  assert.ok(report.files.scanned >= 9 && report.files.parsed >= 9, JSON.stringify(report));
  assert.equal(report.semantic, true);
  assert.equal(report.vectors.pending, 0);
  assert.match(textOf(reindexed as never), /^Indexed .*: \d+ files/);
  assert.ok(progress.length > 0, 'progress notifications arrived');
  assert.deepEqual(progress, [...progress].sort((a, b) => a - b), 'progress only grows');

  const lexical = await mcp.call('search_code', { query: 'retry failed uploads', mode: 'lexical', k: 3 });
  const lexicalAnswer = lexical.structuredContent as unknown as Answer;
  assert.equal(lexical.isError, undefined, textOf(lexical));
  assert.deepEqual(
    { ...lexicalAnswer.results[0]!, snippet: '' },
    { folder: root, file: 'src/upload/retry.ts', path: join(root, 'src/upload/retry.ts'), startLine: 9, endLine: 24, name: 'retryFailedUpload', kind: 'function', language: 'typescript', score: lexicalAnswer.results[0]!.score, snippet: '', matchedBy: ['lexical'] },
  );
  assert.match(lexicalAnswer.results[0]!.snippet, /retryFailedUpload/);
  assert.match(textOf(lexical), /^3 results for "retry failed uploads" \(keywords only\):\nsrc\/upload\/retry\.ts:9-24 {2}retryFailedUpload \(function, typescript\)/);
  const typo = (await mcp.call('search_code', { query: 'retry faield uploads', mode: 'lexical', k: 1 })).structuredContent as unknown as Answer;
  assert.equal(typo.results[0]!.name, 'retryFailedUpload');
  assert.ok(typo.notes.includes('Spelling: searched for "failed" (typed "faield"): no indexed unit holds the typed word.'), JSON.stringify(typo.notes));
  const member = await mcp.call('search_code', { query: 'top customers', mode: 'lexical', k: 1 });
  const memberResult = (member.structuredContent as unknown as Answer).results[0]!;
  assert.deepEqual([memberResult.name, memberResult.kind, memberResult.container], ['top_customers', 'method', 'MonthlyReport'], 'a member names its container');
  assert.equal('container' in lexicalAnswer.results[0]!, false, 'a top-level function has no container');
  assert.match(textOf(member), /\n\S+ {2}MonthlyReport\.top_customers \(method, python\)/);
  const hybrid = (await mcp.call('search_code', { query: 'retry failed uploads' })).structuredContent as unknown as Answer;
  assert.equal(hybrid.semantic, true);
  assert.ok(hybrid.results.some((r) => r.matchedBy.includes('semantic')));

  const narrowed = (await mcp.call('search_code', { query: 'function', mode: 'lexical', path: 'lib/**', k: 5 })).structuredContent as unknown as Answer;
  assert.ok(narrowed.results.length > 0 && narrowed.results.every((r) => r.file.startsWith('lib/')), JSON.stringify(narrowed.results.map((r) => r.file)));
  const golang = (await mcp.call('search_code', { query: 'late fee invoice', mode: 'lexical', language: 'go' })).structuredContent as unknown as Answer;
  assert.ok(golang.results.length > 0 && golang.results.every((r) => r.language === 'go'));

  const similar = await mcp.call('find_similar', { file: 'src/util/strings.ts', line: 12, k: 3 });
  const similarAnswer = similar.structuredContent as unknown as Answer;
  assert.equal(similarAnswer.query?.name, 'levenshteinDistance');
  assert.equal(similarAnswer.results[0]?.file, 'lib/legacy_strings.js');
  assert.equal(similarAnswer.semantic, true);
  const absolute = (await mcp.call('find_similar', { file: join(root, 'src/util/strings.ts'), line: 12, k: 3 })).structuredContent as unknown as Answer;
  assert.deepEqual(absolute.results, similarAnswer.results, 'an absolute path means the same file');
  const bySnippet = (await mcp.call('find_similar', { code: 'function editDistance(a, b) { return a.length - b.length; }', k: 2 })).structuredContent as unknown as Answer;
  assert.equal(bySnippet.results.length, 2);
  assert.equal(bySnippet.query, undefined);

  const status = (await mcp.call('index_status')).structuredContent as unknown as Status;
  assert.equal(status.folders[0]!.indexed, true);
  assert.equal(status.folders[0]!.semanticCoverage, 1);
  assert.equal(status.folders[0]!.model, 'model');
  assert.equal(status.folders[0]!.lastRun?.cancelled, false);

  const errors: [string, Record<string, unknown>, RegExp][] = [
    ['search_code', { query: '   ' }, /^E_BAD_ARGUMENT: The query is empty/],
    ['search_code', { query: 'x', folder: '/no/such/folder' }, /^E_BAD_ARGUMENT: "\/no\/such\/folder" is not a folder this server serves\. Use one of: /],
    ['find_similar', { file: 'src/util/strings.ts' }, /^E_BAD_ARGUMENT: find_similar needs either file and line, or code/],
    ['find_similar', { file: 'src/util/strings.ts', line: 9999 }, /^E_BAD_ARGUMENT: No indexed code at src\/util\/strings\.ts:9999/],
    ['find_similar', { file: '/etc/passwd', line: 1 }, /is not inside a folder this server serves/],
  ];
  for (const [name, args, message] of errors) {
    const r = await mcp.call(name, args);
    assert.equal(r.isError, true, `${name} ${JSON.stringify(args)}`);
    assert.match(textOf(r), message);
  }
  const invalid = await mcp.call('search_code', { query: 'x', k: 0 });
  assert.equal(invalid.isError, true, 'the input schema is enforced');

  // Edits while serving are re-indexed: a search right after a change finds it.
  await eventually(async () => (((await mcp.call('index_status')).structuredContent as unknown as Status).watching === 'ready' ? true : undefined));
  appendFileSync(join(root, 'src/util/strings.ts'), '\nexport function zebraCrossingCount(road: string): number {\n  return road.split("=").length;\n}\n');
  const found = await eventually(async () => {
    const answer = (await mcp.call('search_code', { query: 'zebraCrossingCount', mode: 'lexical', k: 1 })).structuredContent as unknown as Answer;
    return answer.results[0]?.name === 'zebraCrossingCount' ? answer.results[0] : undefined;
  });
  assert.equal(found.file, 'src/util/strings.ts');

  assert.deepEqual(mcp.transportErrors, [], 'stdout carried protocol messages only');
  assert.match(mcp.stderr(), /codeloupe mcp serving/, 'logs go to stderr');
});

test('several folders; without a model, results are keyword matches with a note saying why; an index that cannot open is named', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  const first = join(dir, 'first');
  const second = join(dir, 'second');
  cpSync(SAMPLE_REPO, first, { recursive: true });
  mkdirSync(second);
  writeFileSync(join(second, 'billing.py'), 'def apply_late_fee(invoice, days_overdue):\n    """Adds the late fee to an overdue invoice."""\n    return invoice.total * 0.01 * days_overdue\n');
  const third = join(dir, 'third');
  mkdirSync(third);
  writeFileSync(join(dir, 'i3'), 'a file where the index directory should be');
  const mcp = await startMcp(t, [first, second, third, '--index-dir', join(dir, 'i1'), '--index-dir', join(dir, 'i2'), '--index-dir', join(dir, 'i3'), '--model', join(dir, 'no-model')]);

  const broken = await mcp.call('reindex', { folder: third });
  assert.equal(broken.isError, true);
  assert.match(textOf(broken), /i3/);
  const statuses = (await mcp.call('index_status')).structuredContent as unknown as Status;
  assert.match(statuses.folders[2]!.openError ?? '', /i3/, 'index_status names the folder whose index cannot open, and why');
  assert.match(textOf(await mcp.call('index_status', { folder: 'third' })), /third: its index could not be opened: /);

  const reindexed = (await mcp.call('reindex', { folder: first })).structuredContent as unknown as Reindexed;
  reindexed.folders.push(...((await mcp.call('reindex', { folder: second })).structuredContent as unknown as Reindexed).folders);
  assert.deepEqual(reindexed.folders.map((f) => f.folder), [first, second]);
  assert.ok(reindexed.folders.every((f) => !f.semantic && /Keyword search only: .*no-model/.test(f.note ?? '')));

  const answer = (await mcp.call('search_code', { query: 'late fee overdue invoice' })).structuredContent as unknown as Answer;
  assert.equal(answer.semantic, false);
  assert.ok(answer.notes.some((n) => /^Keyword matches only in .*: .*no-model/.test(n)), answer.notes.join('\n'));
  assert.ok(answer.notes.some((n) => n.startsWith(`${third} was not searched: its index could not be opened`)), answer.notes.join('\n'));
  assert.deepEqual(new Set(answer.results.map((r) => r.folder)), new Set([first, second]), 'both folders answer');
  const onlySecond = (await mcp.call('search_code', { query: 'late fee', folder: 'second' })).structuredContent as unknown as Answer;
  assert.ok(onlySecond.results.length > 0 && onlySecond.results.every((r) => r.folder === second), 'a folder can be named by its name');
  const similar = await mcp.call('find_similar', { file: 'billing.py', line: 2 });
  assert.equal(similar.isError, undefined, textOf(similar));
  assert.equal((similar.structuredContent as unknown as Answer).semantic, false);
  assert.deepEqual(mcp.transportErrors, []);
});

test('a reindex can be cancelled: the run stops after its current batch and keeps what it did', { timeout: 240_000 }, async (t) => {
  const dir = tempDir(t);
  const root = join(dir, 'big');
  mkdirSync(root);
  // Enough distinct code that embedding takes many batches.
  for (let i = 0; i < 150; i++) {
    const body = Array.from({ length: 6 }, (_, j) => `export function step${i}_${j}(value: number): number {\n  return value * ${i + 1} + ${j} - Math.floor(value / ${j + 2});\n}\n`).join('\n');
    writeFileSync(join(root, `module${i}.ts`), body);
  }
  const mcp = await startMcp(t, [root, '--index-dir', join(dir, 'index'), '--model', TEST_MODEL, '--threads', '1']);
  const abort = new AbortController();
  const call = mcp.client.callTool({ name: 'reindex', arguments: {} }, undefined, { signal: abort.signal, timeout: 120_000, onprogress: (p) => p.progress >= 50 && abort.abort('enough') });
  await assert.rejects(call);
  const status = await eventually(async () => {
    const s = ((await mcp.call('index_status')).structuredContent as unknown as Status).folders[0]!;
    return s.activity.state === 'idle' && s.lastRun ? s : undefined;
  });
  assert.equal(status.lastRun?.cancelled, true, JSON.stringify(status));
  assert.ok(status.chunks > 0, 'what was done is kept');
  assert.ok(status.semanticCoverage < 1, `stopped before every text had a vector (${status.semanticCoverage})`);
  // The server goes on: the next reindex finishes the work.
  const finished = (await mcp.call('reindex')).structuredContent as unknown as Reindexed;
  assert.equal(finished.folders[0]!.vectors.pending, 0);
  assert.deepEqual(mcp.transportErrors, []);
});
