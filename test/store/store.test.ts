import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sha256 } from '../../src/core/hash';
import { ftsMatchExpression, queryTerms } from '../../src/core/store/lexicalText';
import { IndexStore, readFts5Varints, type FileUpsert } from '../../src/core/store/store';
import { MemoryLogger } from '../helpers/memoryLogger';
import { migrate } from '../../src/core/store/schema';
import type { CodeUnit } from '../../src/core/types';
import { tempDir } from '../helpers/tempDir';

function unit(file: string, name: string, body: string, doc = ''): CodeUnit {
  const text = `file: ${file}\n${body}`;
  return {
    file, startLine: 1, endLine: body.split('\n').length, name, kind: 'function', language: 'typescript', text,
    fields: { name, signature: body.split('\n')[0]!, doc, body }, contentHash: sha256(text),
  };
}

const fileRecord = (path: string) => ({ path, size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, statAtMs: 10_000, hash: 'h', chunkKey: 'k', language: 'typescript', parseStatus: 'parsed' });

test('a file upsert replaces its chunks and its lexical rows in one transaction', (t) => {
  const { store } = IndexStore.open(join(tempDir(t), 'index.sqlite'), new MemoryLogger());
  t.after(() => store.close());
  store.apply({ upserts: [{ file: fileRecord('a.ts'), units: [unit('a.ts', 'retryFailedUpload', 'function retryFailedUpload() {}')] }], touches: [], removals: [] });
  const hits = (q: string) => store.lexicalSearch(ftsMatchExpression(queryTerms(q))!, 10).length;
  assert.equal(hits('retry upload'), 1);
  store.apply({ upserts: [{ file: fileRecord('a.ts'), units: [unit('a.ts', 'parseConfig', 'function parseConfig() {}')] }], touches: [], removals: [] });
  assert.equal(hits('retry upload'), 0, 'old chunk must leave the lexical index');
  assert.equal(hits('parse config'), 1);
  store.apply({ upserts: [], touches: [], removals: ['a.ts'] });
  assert.equal(hits('parse config'), 0);
  assert.equal(store.counts().chunks, 0);
});

test('names weigh more than bodies, and words are stemmed', (t) => {
  const { store } = IndexStore.open(join(tempDir(t), 'index.sqlite'), new MemoryLogger());
  t.after(() => store.close());
  store.apply({
    upserts: [
      { file: fileRecord('a.ts'), units: [unit('a.ts', 'helper', 'function helper() { // uploads are retried elsewhere\n return 1; }')] },
      { file: fileRecord('b.ts'), units: [unit('b.ts', 'retryUploads', 'function retryUploads() { return 2; }')] },
    ],
    touches: [],
    removals: [],
  });
  const hits = store.lexicalSearch(ftsMatchExpression(queryTerms('retry upload'))!, 10);
  const first = store.getChunks([hits[0]!.chunkId]).get(hits[0]!.chunkId);
  assert.equal(first?.name, 'retryUploads');
  assert.equal(hits.length, 2, 'stemming matches "retried"/"uploads" to "retry"/"upload"');
});

test('vectors are cached by content hash and survive the chunks that made them until collected', (t) => {
  const { store } = IndexStore.open(join(tempDir(t), 'index.sqlite'), new MemoryLogger());
  t.after(() => store.close());
  const u = unit('a.ts', 'f', 'function f() {}');
  store.apply({ upserts: [{ file: fileRecord('a.ts'), units: [u] }], touches: [], removals: [] });
  assert.deepEqual(store.textsWithoutVectors().map((x) => x.contentHash), [u.contentHash]);
  const [id] = store.putVectors([{ contentHash: u.contentHash, vector: new Float32Array([0.6, 0.8]) }]);
  assert.deepEqual([...store.liveVectorIds()], [id]);
  assert.deepEqual(Array.from(store.vectorOf(u.contentHash)!.vector), [0.6000000238418579, 0.800000011920929]);
  store.apply({ upserts: [], touches: [], removals: ['a.ts'] });
  assert.equal(store.liveVectorIds().size, 0);
  assert.equal(store.counts().cachedVectors, 1, 'an unused vector stays cached (a branch switch back reuses it)');
  // The same text under another path (a rename) is already embedded.
  store.apply({ upserts: [{ file: fileRecord('b.ts'), units: [{ ...u, file: 'b.ts' }] }], touches: [], removals: [] });
  assert.equal(store.textsWithoutVectors().length, 0);
  store.apply({ upserts: [], touches: [], removals: ['b.ts'] });
  assert.equal(store.collectVectorGarbage(0), 1);
  assert.equal(store.counts().cachedVectors, 0);
});

test('garbage collection keeps the most recently used unused vectors, not the most recently made', async (t) => {
  const { store } = IndexStore.open(join(tempDir(t), 'index.sqlite'), new MemoryLogger());
  t.after(() => store.close());
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
  const [a, b, c] = ['a', 'b', 'c'].map((n) => unit(`${n}.ts`, n, `function ${n}() {}`));
  for (const u of [a!, b!, c!]) {
    store.apply({ upserts: [{ file: fileRecord(u.file), units: [u] }], touches: [], removals: [] });
    store.putVectors([{ contentHash: u.contentHash, vector: new Float32Array([1, 0]) }]);
    await tick();
  }
  store.apply({ upserts: [], touches: [], removals: ['a.ts', 'b.ts', 'c.ts'] });
  await tick();
  // A branch switch back brings a's text again (its cached vector is reused), then leaves once more.
  store.apply({ upserts: [{ file: fileRecord('a.ts'), units: [a!] }], touches: [], removals: [] });
  await tick();
  store.apply({ upserts: [], touches: [], removals: ['a.ts'] });
  assert.equal(store.collectVectorGarbage(1), 2);
  assert.ok(store.vectorOf(a!.contentHash), 'the vector used last survives, although it was made first');
  assert.equal(store.vectorOf(c!.contentHash), undefined);
});

test('a corrupt store file is moved aside and a fresh store is created', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'index.sqlite');
  writeFileSync(path, 'this is not a database, it is garbage '.repeat(200));
  const logger = new MemoryLogger();
  const { store, recreated } = IndexStore.open(path, logger);
  t.after(() => store.close());
  assert.match(recreated ?? '', /corrupt.*moved to .*index\.sqlite\.corrupt-\d+/);
  assert.equal(store.counts().files, 0);
  assert.ok(logger.lines.some((l) => l.level === 'warn'));
});

test('after any sequence of upserts and removals, BM25 scores equal those of a store built from the final files alone', (t) => {
  // A contentless FTS5 table never subtracts deleted rows from BM25's statistics (row count, column
  // lengths), so keyword ranking used to drift away from a clean index with every save.
  const dir = tempDir(t);
  const { store } = IndexStore.open(join(dir, 'edited.sqlite'), new MemoryLogger());
  t.after(() => store.close());
  const words = ['retry', 'upload', 'parse', 'config', 'cache', 'invoice', 'fee', 'token', 'stream', 'buffer', 'socket', 'query'];
  let seed = 11;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const makeFile = (path: string, version: number): FileUpsert => {
    const units = Array.from({ length: 1 + random(4) }, (_, i) => {
      const body = Array.from({ length: 3 + random(30) }, () => words[random(words.length)]).join(' ');
      return unit(path, `${words[random(words.length)]}${i}v${version}`, `function f${i}() { ${body} }`);
    });
    return { file: fileRecord(path), units };
  };
  const current = new Map<string, FileUpsert>();
  for (let step = 0; step < 300; step++) {
    const path = `src/f${random(25)}.ts`;
    if (random(3) === 0) {
      store.apply({ upserts: [], touches: [], removals: [path] });
      current.delete(path);
    } else {
      const upsert = makeFile(path, step);
      store.apply({ upserts: [upsert], touches: [], removals: [] });
      current.set(path, upsert);
    }
  }
  const { store: clean } = IndexStore.open(join(dir, 'clean.sqlite'), new MemoryLogger());
  t.after(() => clean.close());
  clean.apply({ upserts: [...current.values()], touches: [], removals: [] });
  const ranked = (s: IndexStore, q: string) => {
    const hits = s.lexicalSearch(ftsMatchExpression(queryTerms(q))!, 1000);
    const chunks = s.getChunks(hits.map((h) => h.chunkId));
    return hits.map((h) => `${chunks.get(h.chunkId)!.file}:${chunks.get(h.chunkId)!.name} ${h.bm25}`);
  };
  for (const q of ['retry upload', 'parse config cache', 'invoice fee', 'token', 'stream buffer socket query']) {
    assert.deepEqual(ranked(store, q), ranked(clean, q), q);
  }
});

test('a store from before the lexical table kept its text is migrated: every file is marked for re-chunking', (t) => {
  const path = join(tempDir(t), 'index.sqlite');
  const old = new Database(path);
  migrate(old, 1);
  old.prepare("insert into files values ('a.ts', 10, 1, 'h', 'key', 'typescript', 'parsed')").run();
  old.prepare("insert into chunks(file, start_line, end_line, name, kind, language, content_hash, text, code_offset) values ('a.ts', 1, 2, 'f', 'function', 'typescript', 'x', 'f', 0)").run();
  old.prepare("insert into chunks_fts(rowid, name, signature, doc, body, path) values (1, 'f', '', '', 'f', 'a ts')").run();
  old.close();
  const { store } = IndexStore.open(path, new MemoryLogger());
  t.after(() => store.close());
  assert.deepEqual(store.listFiles().map((f) => f.chunkKey), ['']);
  assert.equal(store.lexicalSearch('"f"', 10).length, 0, 'the old lexical rows are gone until the file is re-chunked');
  assert.equal(store.counts().chunks, 1, 'its chunks (and their vectors) still serve semantic search meanwhile');
});

test("the lexical index's totals and document frequencies are FTS5's own, and follow removals", (t) => {
  const { store } = IndexStore.open(join(tempDir(t), 'index.sqlite'), new MemoryLogger());
  t.after(() => store.close());
  assert.equal(store.lexicalTotals(), undefined, 'an empty index has no totals');
  store.apply({
    upserts: [
      { file: fileRecord('a.ts'), units: [unit('a.ts', 'retryUpload', 'function retryUpload() {\n  // retries the uploads\n}')] },
      { file: fileRecord('b.ts'), units: [unit('b.ts', 'parseConfig', 'function parseConfig(text) {\n  return JSON.parse(text);\n}', 'Parses the config')] },
      { file: fileRecord('c.ts'), units: [unit('c.ts', 'helper', 'function helper() { return 1; }')] },
    ],
    touches: [],
    removals: [],
  });
  const expected = () => {
    const fields = [...store.lexicalFields([1, 2, 3, 4, 5, 6]).values()];
    const lengths = [0, 1, 2, 3, 4].map((f) => fields.reduce((sum, row) => sum + row[f]!.split(' ').filter(Boolean).length, 0) / fields.length);
    return { rows: fields.length, averageLength: lengths };
  };
  assert.deepEqual(store.lexicalTotals(), expected());
  const matching = (term: string) => store.lexicalSearch(`"${term}"`, 100).length;
  assert.deepEqual(Object.fromEntries(store.lexicalDocumentFrequencies(['retri', 'pars', 'absent'])), { retri: matching('retry'), pars: matching('parse'), absent: 0 });
  assert.equal(matching('retry'), 1);
  store.apply({ upserts: [], touches: [], removals: ['a.ts'] });
  assert.deepEqual(store.lexicalTotals(), expected());
  assert.equal(store.lexicalDocumentFrequencies(['retri']).get('retri'), 0);
});

test('FTS5 varints decode as SQLite writes them', () => {
  assert.deepEqual(readFts5Varints(Uint8Array.from([0x85, 0x62, 0x00, 0x7f, 0x84, 0x9d, 0x68])), [738, 0, 127, 69352]);
  assert.deepEqual(readFts5Varints(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])), [2 ** 64 - 1]);
});

test('lexical search returns exactly the full ordering (score, then location) when many rows tie at the cut', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'index.sqlite');
  const { store } = IndexStore.open(path, new MemoryLogger());
  t.after(() => store.close());
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  // Files written in a shuffled order, so row ids do not follow locations; 120 copies of one unit tie exactly,
  // and units drawn from six words tie often.
  const words = ['retry', 'upload', 'parse', 'config', 'token', 'cache'];
  const paths = Array.from({ length: 400 }, (_, i) => `src/m${String(i).padStart(3, '0')}.ts`);
  for (let i = paths.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [paths[i], paths[j]] = [paths[j]!, paths[i]!];
  }
  for (const [i, file] of paths.entries()) {
    const copy = Number(file.slice(5, 8)) < 120;
    const body = copy ? 'function same() { return retry(upload); }' : `function f${i}() { return ${Array.from({ length: 1 + random(4) }, () => words[random(words.length)]).join(' + ')}; }`;
    store.apply({ upserts: [{ file: fileRecord(file), units: [unit(file, copy ? 'same' : `f${i}`, body)] }], touches: [], removals: [] });
  }
  const reference = new Database(path, { readonly: true });
  t.after(() => reference.close());
  const fullOrdering = reference.prepare(
    `select chunks_fts.rowid as chunkId, bm25(chunks_fts, 6, 3, 2, 1, 2) as bm25 from chunks_fts join chunks c on c.id = chunks_fts.rowid
     where chunks_fts match ? order by bm25, c.file, c.start_line, c.end_line, c.kind, c.name limit ?`,
  );
  for (const query of ['retry upload', 'parse', 'config token cache', 'upload same', 'cache']) {
    const match = ftsMatchExpression(queryTerms(query))!;
    for (const limit of [1, 5, 10, 50, 200, 1000]) {
      assert.deepEqual(store.lexicalSearch(match, limit), fullOrdering.all(match, limit), `${query}, limit ${limit}`);
    }
  }
});
