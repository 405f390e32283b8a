import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { sha256 } from '../../src/core/hash';
import { englishWords, loadEnglishWords } from '../../src/core/search/englishWords';
import { search } from '../../src/core/search/searcher';
import { correctSpelling, singleEdits, type SpellingSources } from '../../src/core/search/spelling';
import { IndexStore } from '../../src/core/store/store';
import type { CodeUnit } from '../../src/core/types';
import { MemoryLogger } from '../helpers/memoryLogger';
import { tempDir } from '../helpers/tempDir';

test('single edits: every deletion, swap of neighbours, replacement and insertion, never the word itself', () => {
  const edits = new Set(singleEdits('obejct'));
  for (const e of ['object', 'bejct', 'obect', 'obeject', 'xbejct']) assert.ok(edits.has(e), e);
  assert.ok(!edits.has('obejct'));
  assert.ok(!edits.has('objects'), 'two edits away');
});

/** Document frequencies of a tiny index, stems being the words themselves. */
function sources(held: Record<string, number>, english: string[] = []): SpellingSources {
  return {
    documentFrequency: (stems) => new Map(stems.map((s) => [s, held[s] ?? 0])),
    stem: (w) => w,
    english: { has: (w) => english.includes(w) },
  };
}

test('a query word neither indexed nor English becomes the indexed word one typo away that most units hold', () => {
  const held = { dictionary: 40, dictionar: 2, merge: 9, nexted: 3 };
  assert.deepEqual(correctSpelling(['merge', 'dictinary'], sources(held)), { terms: ['merge', 'dictionary'], corrections: [{ from: 'dictinary', to: 'dictionary' }] });
  // A real English word the index lacks is what was asked: it stays.
  assert.deepEqual(correctSpelling(['nested', 'merge'], sources(held, ['nested'])), { terms: ['nested', 'merge'], corrections: [] });
  // Short words, words with digits, and words with no indexed neighbour stay.
  assert.deepEqual(correctSpelling(['mrge', 'utf8x', 'qqqqqq'], sources(held)).corrections, []);
  // The correction joins a word already asked for once.
  assert.deepEqual(correctSpelling(['dictinary', 'dictionary'], sources(held)).terms, ['dictionary']);
});

test('the English word list loads once and knows words that its file lists out of order', () => {
  const words = englishWords();
  assert.ok(words, 'word-list is installed');
  for (const w of ['nested', 'remote', 'correctly', 'manlihood', 'sharrowed', 'aa', 'zzzs']) assert.ok(words.has(w), w);
  for (const w of ['dictinary', 'obejct', 'stirng', '']) assert.ok(!words.has(w), w);
  assert.equal(loadEnglishWords('/nonexistent/no-such-list.txt'), undefined, 'an unreadable list is no list: nothing is corrected');
});

function unit(file: string, name: string, body: string): CodeUnit {
  const text = `file: ${file}\n${body}`;
  return { file, startLine: 1, endLine: body.split('\n').length, name, kind: 'function', language: 'python', text, fields: { name, signature: body.split('\n')[0]!, doc: '', body }, contentHash: sha256(text) };
}

test('search answers a misspelt word as the indexed one, says so, and leaves English words the index lacks alone', async (t) => {
  const { store } = IndexStore.open(join(tempDir(t), 'index.sqlite'), new MemoryLogger());
  t.after(() => store.close());
  const units = [
    unit('a.py', 'merge_dictionaries', 'def merge_dictionaries(first, second):\n    return {**first, **second}'),
    unit('b.py', 'read_lines', 'def read_lines(path):\n    return open(path).readlines()'),
    unit('c.py', 'remove_item', 'def remove_item(items, item):\n    items.remove(item)'),
  ];
  const record = (path: string) => ({ path, size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, statAtMs: 10_000, hash: 'h', chunkKey: 'k', language: 'python', parseStatus: 'parsed' });
  store.apply({ upserts: units.map((u) => ({ file: record(u.file), units: [u] })), touches: [], removals: [] });

  const typo = await search({ store }, 'merge two dictinaries', { k: 3, mode: 'lexical' });
  assert.deepEqual(typo.corrected, [{ from: 'dictinaries', to: 'dictionaries' }]);
  assert.equal(typo.results[0]?.name, 'merge_dictionaries');

  const english = await search({ store }, 'remote item', { k: 3, mode: 'lexical' });
  assert.equal(english.corrected, undefined, '"remote" is English: not turned into "remove"');
  const plain = await search({ store }, 'read lines', { k: 3, mode: 'lexical' });
  assert.equal(plain.corrected, undefined);
});
