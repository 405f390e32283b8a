/** Turns the model's per-token hidden states into one unit-length vector per input. Pure. */
import type { Pooling } from './modelInfo';

export interface HiddenStates {
  /** Row-major [batch, sequence, hidden]. */
  data: Float32Array;
  batch: number;
  sequence: number;
  hidden: number;
}

/**
 * CLS takes the first position; mean averages the positions whose mask is non-zero. Every vector is then
 * divided by its L2 norm (a zero vector stays zero).
 */
export function poolAndNormalize(states: HiddenStates, mask: ArrayLike<number | bigint>, pooling: Pooling): Float32Array[] {
  const { data, batch, sequence, hidden } = states;
  if (data.length !== batch * sequence * hidden) throw new RangeError(`Hidden states hold ${data.length} values, expected ${batch}×${sequence}×${hidden}.`);
  if (mask.length !== batch * sequence) throw new RangeError(`Attention mask holds ${mask.length} values, expected ${batch}×${sequence}.`);
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const rowStart = b * sequence * hidden;
    const vector = pooling === 'cls' ? data.slice(rowStart, rowStart + hidden) : meanOfRow(states, mask, b);
    out.push(normalize(vector));
  }
  return out;
}

/** Already pooled output [batch, hidden] (a `sentence_embedding` head): only normalised. */
export function normalizeRows(data: Float32Array, batch: number, hidden: number): Float32Array[] {
  if (data.length !== batch * hidden) throw new RangeError(`Embeddings hold ${data.length} values, expected ${batch}×${hidden}.`);
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) out.push(normalize(data.slice(b * hidden, (b + 1) * hidden)));
  return out;
}

/**
 * Matryoshka truncation: the first `dimension` values of a unit vector, scaled back to unit length
 * (the prefix of a normalised vector is shorter than 1). Returns a new array.
 */
export function truncateAndNormalize(vector: Float32Array, dimension: number): Float32Array {
  if (!Number.isInteger(dimension) || dimension <= 0 || dimension > vector.length) throw new RangeError(`Cannot truncate a vector of ${vector.length} values to ${dimension}.`);
  return normalize(vector.slice(0, dimension));
}

function meanOfRow(states: HiddenStates, mask: ArrayLike<number | bigint>, b: number): Float32Array {
  const { data, sequence, hidden } = states;
  const sum = new Float64Array(hidden);
  let count = 0;
  for (let t = 0; t < sequence; t++) {
    if (Number(mask[b * sequence + t]) === 0) continue;
    count++;
    const offset = (b * sequence + t) * hidden;
    for (let h = 0; h < hidden; h++) sum[h] += data[offset + h];
  }
  const mean = new Float32Array(hidden);
  if (count > 0) for (let h = 0; h < hidden; h++) mean[h] = sum[h] / count;
  return mean;
}

function normalize(v: Float32Array): Float32Array {
  let squares = 0;
  for (let i = 0; i < v.length; i++) squares += v[i] * v[i];
  const norm = Math.sqrt(squares);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}
