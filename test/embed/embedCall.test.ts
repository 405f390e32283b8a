import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunkTexts } from '../../src/core/embed/embedCall';

test('texts are sent in chunks bounded by count and characters, keeping their offsets', () => {
  const texts = ['aaaa', 'bb', 'cccccc', 'd', 'ee', 'f'];
  assert.deepEqual(chunkTexts(texts, { maxTexts: 3, maxChars: 8 }), [
    { offset: 0, texts: ['aaaa', 'bb'] },
    { offset: 2, texts: ['cccccc', 'd'] },
    { offset: 4, texts: ['ee', 'f'] },
  ]);
  assert.deepEqual(chunkTexts(texts, { maxTexts: 4, maxChars: 100 }).map((c) => c.offset), [0, 4]);
  // A text longer than the character budget still goes, alone.
  assert.deepEqual(chunkTexts(['x'.repeat(50), 'y'], { maxTexts: 4, maxChars: 10 }).map((c) => c.texts.length), [1, 1]);
  assert.deepEqual(chunkTexts([], { maxTexts: 4, maxChars: 10 }), []);
});
