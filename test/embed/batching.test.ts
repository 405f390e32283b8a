import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packBatches } from '../../src/core/embed/batching';

test('packs inputs by length, longest first, within the token budget and batch size', () => {
  const lengths = [5, 40, 7, 38, 6, 39, 8];
  const batches = packBatches(lengths, { maxTokens: 80, maxBatchSize: 3 });
  for (const b of batches) {
    assert.ok(b.indices.length <= 3);
    assert.equal(b.paddedLength, Math.max(...b.indices.map((i) => lengths[i])));
    assert.ok(b.paddedLength * b.indices.length <= 80 || b.indices.length === 1);
  }
  // Sorted: 40, 39, 38, 8, 7, 6, 5. 40 + 39 fill 2 × 40 = 80; 38 then takes 8 (2 × 38 = 76); the short
  // ones share a batch of three (the batch size limit), 5 comes last.
  assert.deepEqual(batches.map((b) => b.indices), [[1, 5], [3, 6], [2, 4, 0]]);
});

test('every input lands in exactly one batch, so callers can restore input order', () => {
  const lengths = Array.from({ length: 50 }, (_, i) => ((i * 37) % 23) + 1);
  const batches = packBatches(lengths, { maxTokens: 64, maxBatchSize: 8 });
  const seen = batches.flatMap((b) => b.indices).sort((a, b) => a - b);
  assert.deepEqual(seen, lengths.map((_, i) => i));
  const restored: number[] = new Array<number>(lengths.length);
  for (const b of batches) for (const i of b.indices) restored[i] = lengths[i];
  assert.deepEqual(restored, lengths);
});

test('an input longer than the budget gets a batch of its own', () => {
  const batches = packBatches([500, 3, 3], { maxTokens: 100, maxBatchSize: 16 });
  assert.deepEqual(batches, [{ indices: [0], paddedLength: 500 }, { indices: [1, 2], paddedLength: 3 }]);
});

test('no inputs give no batches', () => {
  assert.deepEqual(packBatches([], { maxTokens: 100, maxBatchSize: 4 }), []);
});
