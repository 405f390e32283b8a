import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeRanked } from '../../src/server/mergeRanked';
import type { FolderResult } from '../../src/shared/protocol';

const r = (folderId: string, name: string, score: number): FolderResult => ({
  folderId, name, score, file: `${name}.ts`, startLine: 1, endLine: 2, kind: 'function', language: 'typescript', snippet: '', matchedBy: ['semantic'],
});

test('comparable scores (cosine) merge by score across folders', () => {
  const merged = mergeRanked([[r('a', 'a1', 0.9), r('a', 'a2', 0.5)], [r('b', 'b1', 0.7)]], 3, true);
  assert.deepEqual(merged.map((x) => x.name), ['a1', 'b1', 'a2']);
});

test('incomparable scores interleave by rank, keeping each folder\'s order, cut at k', () => {
  const merged = mergeRanked([[r('a', 'a1', 30), r('a', 'a2', 20), r('a', 'a3', 10)], [r('b', 'b1', 0.01), r('b', 'b2', 0.005)]], 4, false);
  assert.deepEqual(merged.map((x) => x.name), ['a1', 'b1', 'a2', 'b2']);
});

test('one folder\'s list is returned as it is', () => {
  assert.deepEqual(mergeRanked([[], [r('b', 'b1', 1), r('b', 'b2', 2)]], 5, true).map((x) => x.name), ['b1', 'b2']);
});
