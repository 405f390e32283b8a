import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BLOCK_PRIOR, DATA_PRIOR, DATA_SHARE, literalShare, unitPrior } from '../../src/core/search/prior';
import type { StoredChunk } from '../../src/core/store/storedTypes';

function chunk(kind: StoredChunk['kind'], text: string): StoredChunk {
  return {
    id: 1, file: 'a.js', startLine: 1, endLine: 1, name: 'x', kind, language: 'javascript', container: null,
    contentHash: 'h', text, codeOffset: 0, windowIndex: null, windowCount: null, unitStartLine: null,
  };
}

const LOCALE = `const formatDistanceLocale = {
  lessThanXSeconds: { one: "less than a second", other: "less than {{count}} seconds" },
  xMinutes: { one: "1 minute", other: "{{count}} minutes" },
  aboutXHours: { one: "about 1 hour", other: "about {{count}} hours" },
};`;
const CODE = `function addDays(date, amount) {
  if (!amount) return date;
  date.setDate(date.getDate() + amount);
  return date;
}`;

test('the literal share counts the words inside string and number literals', () => {
  assert.equal(literalShare(CODE), 0);
  assert.ok(literalShare(LOCALE) > DATA_SHARE, String(literalShare(LOCALE)));
  assert.equal(literalShare('x = "a b c"'), 0.75);
  assert.equal(literalShare(''), 0);
});

test('named code keeps its score; blocks and data-like text lose part of it', () => {
  assert.equal(unitPrior(chunk('function', CODE)), 1);
  const withMessage = 'function retry(upload) {\n  log.warn("retrying the upload", upload.id);\n  return upload.send(upload.body, { retries: 3 });\n}';
  assert.equal(unitPrior(chunk('function', withMessage)), 1, 'a function with a message is still code');
  assert.equal(unitPrior(chunk('block', CODE)), BLOCK_PRIOR);
  const data = unitPrior(chunk('block', LOCALE));
  assert.ok(data < BLOCK_PRIOR && data >= BLOCK_PRIOR * DATA_PRIOR, String(data));
  assert.equal(unitPrior(chunk('file', LOCALE)), 1, 'a file unit is a summary: its prior does not look at literals');
});
