import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { codeTokens, ftsMatchExpression, lexicalField, queryTerms, splitIdentifier, stemWord } from '../../src/core/store/lexicalText';

test('identifiers split on camelCase, PascalCase, snake_case, acronyms and digits', () => {
  assert.deepEqual(splitIdentifier('retryFailedUpload'), ['retry', 'failed', 'upload']);
  assert.deepEqual(splitIdentifier('HTTPServerError'), ['http', 'server', 'error']);
  assert.deepEqual(splitIdentifier('retry_failed_upload'), ['retry', 'failed', 'upload']);
  assert.deepEqual(splitIdentifier('utf8Decode'), ['utf', '8', 'decode']);
});

test('code tokens keep the whole compound identifier besides its words', () => {
  assert.deepEqual(codeTokens('retryFailedUpload(x)'), ['retry', 'failed', 'upload', 'retryfailedupload', 'x']);
  assert.deepEqual(codeTokens('src/upload/retry.ts'), ['src', 'upload', 'retry', 'ts']);
});

test('query terms drop English function words and duplicates', () => {
  assert.deepEqual(queryTerms('where do we retry the failed uploads'), ['retry', 'failed', 'uploads']);
  assert.deepEqual(queryTerms('Retry retry RETRY'), ['retry']);
});

test('question phrasing and the name of the language go; identifiers split as in documents; a query of only such words keeps them', () => {
  assert.deepEqual(queryTerms('how do I check if a variable is iterable in python'), ['check', 'variable', 'iterable']);
  assert.deepEqual(queryTerms('is there a way to parseConfig using golang'), ['parse', 'config', 'parseconfig']);
  assert.deepEqual(queryTerms('python'), ['python']);
  assert.deepEqual(queryTerms('not all new items'), ['not', 'all', 'new', 'items'], 'words that name things in code stay');
});

test("a version after the language's name goes with the name; numbers elsewhere stay", () => {
  assert.deepEqual(queryTerms('python 3 remove directory recursively'), ['remove', 'directory', 'recursively']);
  assert.deepEqual(queryTerms('delete empty elements in list python3'), ['delete', 'empty', 'elements', 'list']);
  assert.deepEqual(queryTerms('median in Python 3.6'), ['median']);
  assert.deepEqual(queryTerms('java 8 stream'), ['stream']);
  assert.deepEqual(queryTerms('python 2to3 script'), ['2', '3', 'to3', 'script'], '"2to3" is a name, not a version');
  assert.deepEqual(queryTerms('sha 256 of a file'), ['sha', '256', 'file']);
});

test('FTS match expressions quote every term and OR them', () => {
  assert.equal(ftsMatchExpression(['retry', 'up"load']), '"retry" OR "up""load"');
  assert.equal(ftsMatchExpression([]), undefined);
});

test('stemWord stems as the index does (FTS5 porter tokenizer)', () => {
  const words = 'retries retrying retry uploads relational generalization happy iterable iterator dictionaries parsing parse configured connection hopeful sky agreed feed'.split(' ');
  const db = new Database(':memory:');
  try {
    db.exec("create virtual table t using fts5(x, tokenize = 'porter unicode61'); create virtual table v using fts5vocab(t, instance);");
    const insert = db.prepare('insert into t(rowid, x) values (?, ?)');
    words.forEach((w, i) => insert.run(i + 1, w));
    const fts = db.prepare('select term, doc from v order by doc').all() as { term: string; doc: number }[];
    assert.deepEqual(words.map(stemWord), fts.map((r) => r.term));
  } finally {
    db.close();
  }
});

test('the lexical field is every identifier\'s words then the compound identifier, for any text (cached splitting changes nothing)', () => {
  // The definition, written plainly: what lexicalField must equal whatever it caches.
  const reference = (text: string): string =>
    [...text.matchAll(/[A-Za-z_$][A-Za-z0-9_$]*|[0-9]+/g)]
      .flatMap(([identifier]) => {
        const words = splitIdentifier(identifier);
        const whole = identifier.toLowerCase().replace(/[$]/g, '');
        return words.length > 1 && whole.length <= 64 ? [...words, whole.replace(/_/g, '')] : words;
      })
      .join(' ');
  const src = resolve(__dirname, '..', '..', 'src');
  const texts = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(resolve(src, f), 'utf8'));
  for (const text of [...texts, '', '   ', '$__$', 'a_b_$c HTTPServer2xx x1y2']) {
    assert.equal(lexicalField(text), reference(text));
    assert.deepEqual(codeTokens(text), reference(text) === '' ? [] : reference(text).split(' '));
  }
});
