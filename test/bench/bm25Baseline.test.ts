import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baselineTokens, Bm25Index } from '../../bench/lib/bm25Baseline';

test('baseline tokens split identifiers and lower-case them, without stemming or stop words', () => {
  assert.deepEqual(baselineTokens('def is_iterable(obj): return isIterable(HTTPServer2)'), [
    'def', 'is', 'iterable', 'obj', 'return', 'is', 'iterable', 'http', 'server', '2',
  ]);
  assert.deepEqual(baselineTokens('uploads Uploading'), ['uploads', 'uploading']);
});

test('BM25 scores match the formula (k1 1.2, b 0.75, Lucene IDF) on a hand-computed example', () => {
  const docs = ['retry upload', 'upload file file', 'parse json'];
  const index = new Bm25Index(docs);
  // "retry" occurs in 1 of 3 docs; doc 0 has 2 tokens, the average is 7/3.
  const idf = Math.log(1 + (3 - 1 + 0.5) / (1 + 0.5));
  const expected = (idf * 1 * 2.2) / (1 + 1.2 * (1 - 0.75 + (0.75 * 2) / (7 / 3)));
  const [top] = index.search('retry', 10);
  assert.equal(top?.doc, 0);
  assert.ok(Math.abs(top!.score - expected) < 1e-12);
});

test('BM25 counts each query term once, prefers documents matching more and rarer terms, and ignores unknown terms', () => {
  const index = new Bm25Index(['upload file', 'upload upload upload retry', 'retry policy', 'unrelated words here']);
  assert.deepEqual(index.search('retry upload upload', 10), index.search('retry upload', 10));
  assert.equal(index.search('retry upload', 10)[0]?.doc, 1);
  assert.equal(index.search('policy', 10)[0]?.doc, 2);
  assert.deepEqual(index.search('nothing matches', 10), []);
});

test('the result list is cut at k, best first, ties broken by document order', () => {
  const index = new Bm25Index(['same text', 'same text', 'same text']);
  assert.deepEqual(index.search('same', 2).map((h) => h.doc), [0, 1]);
});
