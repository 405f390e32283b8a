import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toJsonResult } from '../../src/cli/resultText';
import type { SearchResult } from '../../src/core/types';

const result: SearchResult = {
  file: 'src/format/formatters.js', startLine: 40, endLine: 79, name: 'G', kind: 'method', language: 'javascript',
  score: 1.23456789, snippet: 'G: function (date, token) {', matchedBy: ['lexical'],
};

test('the JSON result carries container and window only when they apply', () => {
  assert.deepEqual(toJsonResult(result), { file: 'src/format/formatters.js', startLine: 40, endLine: 79, name: 'G', kind: 'method', score: 1.234568 });
  assert.deepEqual(toJsonResult({ ...result, container: 'formatters', window: { index: 1, count: 3 } }), {
    file: 'src/format/formatters.js', startLine: 40, endLine: 79, name: 'G', kind: 'method', score: 1.234568,
    container: 'formatters', window: { index: 1, count: 3 },
  });
});

test('a result found by keywords alone because the model was unusable says semantic: false', () => {
  assert.equal(toJsonResult(result, true).semantic, false);
  assert.equal('semantic' in toJsonResult(result), false);
});
