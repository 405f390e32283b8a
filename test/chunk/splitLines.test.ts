import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceLine } from '../../src/core/chunk/sourceText';
import { compose, fittingPrefixLength, splitLines, type TokenBudget } from '../../src/core/chunk/splitLines';

/** One token per character: budgets in these tests are character counts. */
const perChar = (maxTokens: number): TokenBudget => ({ maxTokens, countTokens: (t) => t.length });

const numbered = (texts: string[], first = 1): SourceLine[] => texts.map((text, i) => ({ line: first + i, text }));

void test('lines that fit go out as one piece', () => {
  const lines = numbered(['a', 'bb', 'ccc'], 10);
  assert.deepEqual(splitLines(lines, perChar(100), { header: 'h', continuationHeader: 'h', maxLines: 10, overlap: 1 }), [
    { startLine: 10, endLine: 12, code: 'a\nbb\nccc', cut: false },
  ]);
});

void test('pieces respect maxLines and overlap', () => {
  const lines = numbered(Array.from({ length: 10 }, (_, i) => `l${i}`));
  const pieces = splitLines(lines, perChar(1000), { header: '', continuationHeader: '', maxLines: 4, overlap: 1 });
  assert.deepEqual(
    pieces.map((p) => [p.startLine, p.endLine]),
    [
      [1, 4],
      [4, 7],
      [7, 10],
    ],
  );
});

void test('every piece fits the budget with its header; together they cover every line', () => {
  const texts = Array.from({ length: 50 }, (_, i) => 'x'.repeat((i * 37) % 45));
  const budget = perChar(120);
  const header = 'file: a.ts';
  const continuationHeader = 'file: a.ts\nfunction f() {';
  const pieces = splitLines(numbered(texts), budget, { header, continuationHeader, maxLines: Number.POSITIVE_INFINITY, overlap: 2 });
  for (const p of pieces) assert.ok(compose(continuationHeader, p.code).length <= 120, `${p.startLine}-${p.endLine}`);
  const covered = new Set(pieces.flatMap((p) => Array.from({ length: p.endLine - p.startLine + 1 }, (_, i) => p.startLine + i)));
  assert.equal(covered.size, 50);
  for (let i = 1; i < pieces.length; i++) assert.ok(pieces[i]!.endLine > pieces[i - 1]!.endLine);
});

void test('a line over budget is cut into character pieces that rebuild it, and the next line starts afresh', () => {
  const long = 'abcdefghij'.repeat(30);
  const pieces = splitLines(numbered(['short one', long, 'tail']), perChar(60), { header: 'h', continuationHeader: 'h', maxLines: 40, overlap: 5 });
  const cut = pieces.filter((p) => p.cut);
  assert.ok(cut.length >= 5);
  assert.ok(cut.every((p) => p.startLine === 2 && p.endLine === 2 && compose('h', p.code).length <= 60));
  assert.equal(cut.map((p) => p.code).join(''), long);
  assert.deepEqual(pieces[0], { startLine: 1, endLine: 1, code: 'short one', cut: false });
  assert.deepEqual(pieces.at(-1), { startLine: 3, endLine: 3, code: 'tail', cut: false });
});

void test('a budget smaller than the header still makes progress, one character at a time', () => {
  const pieces = splitLines(numbered(['abc']), perChar(2), { header: 'header', continuationHeader: 'header', maxLines: 40, overlap: 5 });
  assert.deepEqual(
    pieces.map((p) => p.code),
    ['a', 'b', 'c'],
  );
});

void test('the longest fitting prefix never splits a surrogate pair', () => {
  const text = `${'a'.repeat(9)}😀${'b'.repeat(20)}`;
  assert.equal(fittingPrefixLength(text, '', perChar(10)), 9);
  assert.equal(fittingPrefixLength(text, '', perChar(11)), 11);
  assert.equal(fittingPrefixLength('short', 'h', perChar(100)), 5);
});

void test('counting tokens that do not add up across lines is still checked piece by piece', () => {
  // A tokenizer that charges extra for every line break, so per-line estimates undercount.
  const budget: TokenBudget = { maxTokens: 40, countTokens: (t) => t.length + 5 * (t.split('\n').length - 1) };
  const pieces = splitLines(numbered(Array.from({ length: 30 }, () => 'abcd')), budget, { header: 'h', continuationHeader: 'h', maxLines: 40, overlap: 1 });
  for (const p of pieces) assert.ok(budget.countTokens(compose('h', p.code)) <= 40);
  assert.equal(pieces.at(-1)!.endLine, 30);
});
