import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeRows, poolAndNormalize } from '../../src/core/embed/pooling';

// Two inputs, three positions, hidden size 2. The second input is padded at position 2.
const states = {
  data: Float32Array.from([
    3, 4, /* */ 1, 0, /* */ 0, 1,
    0, 2, /* */ 2, 2, /* */ 100, -100,
  ]),
  batch: 2,
  sequence: 3,
  hidden: 2,
};
const mask = BigInt64Array.from([1n, 1n, 1n, 1n, 1n, 0n]);

function close(actual: Float32Array, expected: number[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `${Array.from(actual).join(',')} vs ${expected.join(',')}`));
}

test('CLS pooling takes the first position and normalises it', () => {
  const [a, b] = poolAndNormalize(states, mask, 'cls');
  close(a, [0.6, 0.8]);
  close(b, [0, 1]);
});

test('mean pooling averages unmasked positions only, then normalises', () => {
  const [a, b] = poolAndNormalize(states, mask, 'mean');
  // a: mean of (3,4), (1,0), (0,1) = (4/3, 5/3); b: mean of (0,2), (2,2) = (1, 2); the padded (100,-100) is ignored.
  close(a, [4 / Math.sqrt(41), 5 / Math.sqrt(41)]);
  close(b, [1 / Math.sqrt(5), 2 / Math.sqrt(5)]);
});

test('a numeric mask works like a bigint one', () => {
  const [, b] = poolAndNormalize(states, [1, 1, 1, 1, 1, 0], 'mean');
  close(b, [1 / Math.sqrt(5), 2 / Math.sqrt(5)]);
});

test('a zero vector stays zero instead of becoming NaN', () => {
  const [v] = poolAndNormalize({ data: new Float32Array(4), batch: 1, sequence: 2, hidden: 2 }, [1, 1], 'mean');
  close(v, [0, 0]);
});

test('already pooled rows are only normalised', () => {
  const rows = normalizeRows(Float32Array.from([0, 5, 3, 4]), 2, 2);
  close(rows[0], [0, 1]);
  close(rows[1], [0.6, 0.8]);
});

test('shape mismatches are reported, not silently misread', () => {
  assert.throws(() => poolAndNormalize(states, [1, 1], 'cls'), RangeError);
  assert.throws(() => poolAndNormalize({ ...states, hidden: 3 }, mask, 'cls'), RangeError);
});
