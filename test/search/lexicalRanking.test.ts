import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { sha256 } from '../../src/core/hash';
import { lexicalRanking } from '../../src/core/search/searcher';
import { ftsMatchExpression, queryTerms } from '../../src/core/store/lexicalText';
import { IndexStore } from '../../src/core/store/store';
import type { CodeUnit } from '../../src/core/types';
import { MemoryLogger } from '../helpers/memoryLogger';
import { tempDir } from '../helpers/tempDir';

function unit(file: string, name: string, body: string): CodeUnit {
  const text = `file: ${file}\n${body}`;
  return {
    file, startLine: 1, endLine: body.split('\n').length, name, kind: 'function', language: 'typescript', text,
    fields: { name, signature: body.split('\n')[0]!, doc: '', body }, contentHash: sha256(text),
  };
}

const record = (path: string) => ({ path, size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, statAtMs: 10_000, hash: 'h', chunkKey: 'k', language: 'typescript', parseStatus: 'parsed' });

test('lexical ranking: the unit named by the query outranks a short one that mentions it, however long its body', (t) => {
  const { store } = IndexStore.open(join(tempDir(t), 'index.sqlite'), new MemoryLogger());
  t.after(() => store.close());
  const longBody = ['function parseConfigFile(input) {', ...Array.from({ length: 80 }, (_, i) => `  const value${i} = input.entries[${i}] ?? defaults.slot${i};`), '  return values;', '}'].join('\n');
  const units = [
    unit('src/config/load.ts', 'parseConfigFile', longBody),
    unit('src/start.ts', 'start', 'function start() {\n  // parse the config file first\n  return run();\n}'),
    ...['render', 'draw', 'paint', 'measure', 'layout', 'scroll'].map((name) => unit(`src/ui/${name}.ts`, name, `function ${name}(view) {\n  return view.${name}();\n}`)),
  ];
  store.apply({ upserts: units.map((u) => ({ file: record(u.file), units: [u] })), touches: [], removals: [] });

  const query = 'parse config file';
  const ftsFirst = store.lexicalSearch(ftsMatchExpression(queryTerms(query))!, 10)[0]!;
  assert.equal(store.getChunks([ftsFirst.chunkId]).get(ftsFirst.chunkId)?.name, 'start', "FTS5's bm25() alone normalises the name match by the whole row");
  const ranked = lexicalRanking(store, queryTerms(query), 50);
  assert.deepEqual(ranked.map((r) => r.chunk.name), ['parseConfigFile', 'start']);
  assert.ok(ranked[0]!.score > ranked[1]!.score);
});

test('lexical ranking: a word in most rows is not matched when others are, yet fills the candidates when the others are rare', (t) => {
  const { store } = IndexStore.open(join(tempDir(t), 'index.sqlite'), new MemoryLogger());
  t.after(() => store.close());
  // "value" is in 30 of 40 units; "checksum" in 2.
  const units = [
    ...Array.from({ length: 30 }, (_, i) => unit(`src/v${i}.ts`, `compute${i}`, `function compute${i}(value) {\n  return value * ${i};\n}`)),
    ...Array.from({ length: 8 }, (_, i) => unit(`src/o${i}.ts`, `other${i}`, `function other${i}(x) {\n  return x + ${i};\n}`)),
    unit('src/a.ts', 'checksum', 'function checksum(data) {\n  return data.length;\n}'),
    unit('src/b.ts', 'verify', 'function verify(data) {\n  return checksum(data) === 0;\n}'),
  ];
  store.apply({ upserts: units.map((u) => ({ file: record(u.file), units: [u] })), touches: [], removals: [] });
  const names = (query: string, depth: number) => lexicalRanking(store, queryTerms(query), depth).map((r) => r.chunk.name);
  assert.deepEqual(names('checksum value', 2), ['checksum', 'verify'], 'enough rows hold the rare word: the common one is not matched');
  const all = names('checksum value', 50);
  assert.deepEqual(all.slice(0, 2), ['checksum', 'verify']);
  assert.equal(all.length, 32, 'too few rows hold the rare word: the common word fills the candidates');
});
