import assert from 'node:assert/strict';
import { renameSync, rmSync, truncateSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CancellationSource } from '../../src/core/cancellation';
import { CodeIndex } from '../../src/core/engine/codeIndex';
import { EmbedderPool } from '../../src/core/embed/embedderPool';
import { resolveModel } from '../../src/core/embed/modelInfo';
import { ModelTokenizer } from '../../src/core/embed/tokenizer';
import { CodeloupeError, isCancelled } from '../../src/core/errors';
import { sampleWorkspace, TEST_MODEL } from '../helpers/sampleRepo';

async function open(root: string, indexDir: string, modelDir = TEST_MODEL): Promise<CodeIndex> {
  return CodeIndex.open({ root, indexDir, modelDir, device: 'cpu', threads: 1 });
}

test('hybrid search finds the function a natural-language query describes', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const index = await open(root, indexDir);
  t.after(() => index.close());
  const report = await index.update();
  assert.equal(report.semantic.available, true);
  assert.ok(report.vectors.embedded > 0);
  assert.equal(report.vectors.pending, 0);
  // The test model's vectors are random, so the semantic half of the fusion is noise here: the expected
  // function must still be near the top, carried by the lexical half. (With a real model both agree.)
  const lexical = (await index.search('where do we retry failed uploads', { k: 5, mode: 'lexical' })).results;
  assert.equal(lexical[0]?.name, 'retryFailedUpload');
  const results = (await index.search('where do we retry failed uploads', { k: 5, mode: 'hybrid' })).results;
  const hit = results.slice(0, 3).find((r) => r.name === 'retryFailedUpload');
  assert.equal(hit?.file, 'src/upload/retry.ts');
  assert.ok(hit?.matchedBy.includes('lexical'));
  const goResults = (await index.search('late fee for overdue invoices', { k: 3, mode: 'hybrid' })).results;
  assert.ok(goResults.some((r) => r.name === 'ApplyLateFee'));
  const semantic = (await index.search('anything at all', { k: 3, mode: 'semantic' })).results;
  assert.equal(semantic.length, 3, 'semantic search answers from vectors');
  // A stale keystroke's search: its token is cancelled, so the query never goes to the embedder.
  const stale = new CancellationSource();
  stale.cancel();
  await assert.rejects(index.search('where do we retry', { k: 5, mode: 'hybrid', token: stale.token }), (e: unknown) => isCancelled(e));
  await assert.rejects(index.similar({ code: 'function retry() {}' }, 3, stale.token), (e: unknown) => isCancelled(e));
});

test('hybrid search marks a result semantic only when vector search ranked it within its candidate depth', async (t) => {
  // Many more units than the candidate depth (50 for k = 10): vector search cannot list them all, so "matched by
  // semantic" says something. (With fewer, every unit is a semantic candidate whatever the vectors.)
  const { root, indexDir } = sampleWorkspace(t);
  for (let i = 0; i < 300; i++) {
    writeFileSync(join(root, `src/filler${i}.ts`), `export function uploadStep${i}(part: number): number {\n  // retry ${i % 7} times, then fail the upload\n  return part * ${i} + ${i % 11};\n}\n`);
  }
  const index = await open(root, indexDir);
  t.after(() => index.close());
  await index.update();
  const { chunks } = index.status();
  assert.ok(chunks > 5 * 50, `the corpus (${chunks} chunks) is well over the candidate depth`);
  const query = 'retry the failed upload';
  // The units vector search ranks first (at least the 50 candidates hybrid takes from it, windows collapsed).
  const semanticTop = new Set((await index.search(query, { k: 50, mode: 'semantic' })).results.map((r) => `${r.file}:${r.startLine}`));
  const hybrid = (await index.search(query, { k: 10, mode: 'hybrid' })).results;
  for (const r of hybrid.filter((h) => h.matchedBy.includes('semantic'))) assert.ok(semanticTop.has(`${r.file}:${r.startLine}`), `${r.file}:${r.startLine} is marked semantic`);
  assert.ok(hybrid.some((r) => !r.matchedBy.includes('semantic')), 'some keyword matches are outside the semantic candidates');
});

test('a very long query is embedded only up to the chunk budget, so it costs what a short one does', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const index = await CodeIndex.open({ root, indexDir, modelDir: TEST_MODEL, device: 'cpu', threads: 1, maxChunkTokens: 64 });
  t.after(() => index.close());
  await index.update();
  const words = ['retry', 'upload', 'fee', 'cache', 'parse', 'config', 'vector', 'index'];
  const long = Array.from({ length: 20_000 }, (_, i) => `${words[i % words.length]}${i % 89}`).join(' ');
  const tokenizer = await ModelTokenizer.load(await resolveModel(TEST_MODEL));
  const scores = async (q: string) => (await index.search(q, { k: 5, mode: 'semantic' })).results.map((r) => `${r.file}:${r.startLine} ${r.score.toFixed(6)}`);
  assert.deepEqual(await scores(long), await scores(tokenizer.truncate(long, 64)), 'the 64-token prefix is what was embedded');
});

test('find similar returns the near-duplicate in another file first, never the query itself', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const index = await open(root, indexDir);
  t.after(() => index.close());
  await index.update();
  const answer = await index.similar({ file: 'src/util/strings.ts', line: 12 }, 5);
  assert.equal(answer.mode, 'semantic');
  assert.equal(answer.query?.name, 'levenshteinDistance');
  assert.equal(answer.results[0]?.file, 'lib/legacy_strings.js');
  assert.equal(answer.results[0]?.name, 'levenshteinDistance');
  assert.ok(answer.results.every((r) => !(r.file === 'src/util/strings.ts' && r.startLine <= 24 && r.endLine >= 11)));
});

test('re-indexing reads only what changed and embeds only new texts', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const index = await open(root, indexDir);
  t.after(() => index.close());
  const first = await index.update();
  assert.ok(first.files.rechunked >= 8);

  const again = await index.update();
  assert.equal(again.files.rechunked, 0);
  // The copy was made moments ago: its stamps are racy (see runPlan), so files are read and hashed again,
  // but nothing is re-chunked or re-embedded.
  assert.ok(again.files.read <= again.files.scanned);
  assert.equal(again.vectors.embedded, 0);

  // Edit: one new function in one file.
  appendFileSync(join(root, 'src/util/time.ts'), '\n/** Returns the current Unix time in seconds. */\nexport function unixNow(): number {\n  return Math.floor(Date.now() / 1000);\n}\n');
  const edited = await index.update();
  assert.equal(edited.files.rechunked, 1);
  // The new function, and the file unit whose text lists the new declaration.
  assert.equal(edited.vectors.embedded, 2);
  assert.equal((await index.search('unix time seconds', { k: 1, mode: 'lexical' })).results[0]?.name, 'unixNow');

  // Rename: same texts under a new path reuse their vectors.
  renameSync(join(root, 'scripts/report.py'), join(root, 'scripts/monthly_report.py'));
  const renamed = await index.update();
  assert.equal(renamed.files.removed, 1);
  assert.equal(renamed.files.rechunked, 1);
  assert.ok(renamed.vectors.reused >= 3, `reused ${renamed.vectors.reused}`);
  // Only the file unit (whose header names the path) is new.
  assert.equal(renamed.vectors.embedded, 1);

  // Delete: its chunks leave the index.
  rmSync(join(root, 'services/billing/invoice.go'));
  const deleted = await index.update();
  assert.equal(deleted.files.removed, 1);
  assert.equal((await index.search('ApplyLateFee', { k: 5, mode: 'lexical' })).results.filter((r) => r.name === 'ApplyLateFee').length, 0);

  // Touch without change: read and hashed, not re-chunked.
  writeFileSync(join(root, 'src/upload/client.ts'), (await import('node:fs')).readFileSync(join(root, 'src/upload/client.ts')));
  const touched = await index.update();
  assert.equal(touched.files.rechunked, 0);
  assert.equal(touched.vectors.embedded, 0);
});

test('an index reopened after a restart is reused, and a deleted or truncated vector file is rebuilt', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const first = await open(root, indexDir);
  await first.update();
  const expected = (await first.search('levenshtein distance', { k: 3, mode: 'semantic' })).results.map((r) => `${r.file}:${r.startLine}`);
  await first.close();

  const reopened = await open(root, indexDir);
  const report = await reopened.update();
  assert.equal(report.files.rechunked, 0);
  assert.equal(report.vectors.embedded, 0);
  await reopened.close();

  for (const damage of [() => rmSync(join(indexDir, 'vectors.hnsw')), () => truncateSync(join(indexDir, 'vectors.hnsw'), 100)]) {
    damage();
    const repaired = await open(root, indexDir);
    const results = (await repaired.search('levenshtein distance', { k: 3, mode: 'semantic' })).results.map((r) => `${r.file}:${r.startLine}`);
    assert.deepEqual(results, expected);
    const note = await repaired.update();
    assert.ok(note.recovered.some((n) => /Rebuilt the vector index/.test(n)), note.recovered.join('\n'));
    assert.equal(note.vectors.embedded, 0, 'nothing is re-embedded: the vectors are in the store');
    await repaired.close();
  }
});

test('a cancelled run keeps its finished work and the next run resumes from it', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  // Enough distinct functions that embedding takes more than one group.
  const many = Array.from({ length: 300 }, (_, i) => `export function generated${i}(x: number): number {\n  return x * ${i} + ${i % 7};\n}\n`).join('\n');
  writeFileSync(join(root, 'src/generated.ts'), many);
  const index = await open(root, indexDir);
  t.after(() => index.close());
  const cancellation = new CancellationSource();
  const cancelled = await index.update({
    token: cancellation.token,
    onProgress: (p) => {
      // Groups of 256 texts are stored as they finish: cancel while the second group is embedding.
      if (p.phase === 'embed' && p.done > 256) cancellation.cancel();
    },
  });
  assert.equal(cancelled.cancelled, true);
  assert.ok(cancelled.vectors.embedded > 0 && cancelled.vectors.pending > 0, `embedded ${cancelled.vectors.embedded}, pending ${cancelled.vectors.pending}`);
  const resumed = await index.update();
  assert.equal(resumed.cancelled, false);
  assert.equal(resumed.files.rechunked, 0, 'chunking is not redone');
  assert.equal(resumed.vectors.embedded, cancelled.vectors.pending, 'only what was left is embedded');
  assert.equal(resumed.vectors.pending, 0);
});

test('without a usable model the lexical index is built and semantic search says why it cannot run', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const index = await open(root, indexDir, join(root, 'no-such-model'));
  t.after(() => index.close());
  const report = await index.update();
  assert.equal(report.semantic.available, false);
  assert.match(report.semantic.reason ?? '', /no-such-model/);
  assert.ok(report.chunks.total > 0);
  const hybrid = await index.search('retry failed upload', { k: 1, mode: 'hybrid' });
  assert.equal(hybrid.results[0]?.name, 'retryFailedUpload');
  assert.match(hybrid.lexicalOnly ?? '', /no-such-model/, 'a hybrid search says it answered by keywords, and why');
  const fallback = await index.search('retry failed upload', { k: 1, mode: 'semantic', lexicalFallback: true });
  assert.equal(fallback.results[0]?.name, 'retryFailedUpload');
  assert.match(fallback.lexicalOnly ?? '', /no-such-model/);
  await assert.rejects(index.search('retry', { k: 1, mode: 'semantic' }), (e: unknown) => e instanceof CodeloupeError && e.code === 'E_MODEL_UNAVAILABLE');
  const similar = await index.similar({ file: 'src/util/strings.ts', line: 12 }, 3);
  assert.equal(similar.mode, 'lexical');
  assert.equal(similar.results[0]?.file, 'lib/legacy_strings.js');
});

test('an update scoped to saved paths looks at those files only', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const index = await open(root, indexDir, join(root, 'no-model'));
  t.after(() => index.close());
  await index.update();
  appendFileSync(join(root, 'src/util/time.ts'), '\nexport function scopedOne(): number { return 1; }\n');
  appendFileSync(join(root, 'src/util/strings.ts'), '\nexport function scopedTwo(): number { return 2; }\n');
  rmSync(join(root, 'scripts/report.py'));
  const report = await index.update({ paths: ['src/util/time.ts', 'scripts/report.py'] });
  assert.equal(report.files.rechunked, 1);
  assert.equal(report.files.removed, 1);
  assert.equal(report.files.scanned, 1);
  const names = async (q: string) => (await index.search(q, { k: 3, mode: 'lexical' })).results.map((r) => r.name);
  assert.ok((await names('scopedOne')).includes('scopedOne'));
  assert.ok(!(await names('scopedTwo')).includes('scopedTwo'), 'a file outside the scope is not looked at');
  // An ignore file in the scope widens the run to the whole folder.
  writeFileSync(join(root, '.gitignore'), 'lib/\n');
  const widened = await index.update({ paths: ['.gitignore'] });
  assert.equal(widened.files.removed, 1, 'lib/legacy_strings.js is now ignored');
  assert.ok((await names('scopedTwo')).includes('scopedTwo'));
});

test('switching a branch back and forth reuses the vectors of the first checkout', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const index = await open(root, indexDir);
  t.after(() => index.close());
  await index.update();
  const file = join(root, 'src/util/time.ts');
  const original = (await import('node:fs')).readFileSync(file, 'utf8');
  writeFileSync(file, original.replace('Math.round(ms / 1000)', 'Math.floor(ms / 1000)'));
  const otherBranch = await index.update();
  assert.ok(otherBranch.vectors.embedded >= 1);
  writeFileSync(file, original);
  const back = await index.update();
  assert.equal(back.files.rechunked, 1);
  assert.equal(back.vectors.embedded, 0, 'the first checkout\'s vectors are still cached');
  assert.ok(back.vectors.reused >= 1);
});

test('indexes that share an embedder pool load the model once, and it stops with the last of them', async (t) => {
  const a = sampleWorkspace(t);
  const b = sampleWorkspace(t);
  const pool = new EmbedderPool();
  const options = { modelDir: TEST_MODEL, device: 'cpu' as const, threads: 1, embedderPool: pool };
  const first = await CodeIndex.open({ root: a.root, indexDir: a.indexDir, ...options });
  const second = await CodeIndex.open({ root: b.root, indexDir: b.indexDir, ...options });
  await Promise.all([first.update(), second.update()]);
  assert.equal(pool.size, 1);
  await first.close();
  assert.equal(pool.size, 1, 'still used by the second index');
  assert.equal((await second.search('levenshtein', { k: 1, mode: 'semantic' })).results.length, 1);
  await second.close();
  assert.equal(pool.size, 0);
});
