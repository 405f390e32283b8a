import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reciprocalRankFusion } from '../../src/core/search/fusion';

test('reciprocal rank fusion favours ids ranked well by both lists', () => {
  const fused = reciprocalRankFusion([
    ['a', 'b', 'c'],
    ['b', 'c', 'a'],
  ]);
  assert.deepEqual(fused.map((f) => f.id), ['b', 'a', 'c']);
  assert.ok(Math.abs(fused[0]!.score - (1 / 62 + 1 / 61)) < 1e-12);
});

test('an id found by one list only still ranks, below one found by both', () => {
  const fused = reciprocalRankFusion([['x', 'shared'], ['shared']]);
  assert.deepEqual(fused.map((f) => f.id), ['shared', 'x']);
});
