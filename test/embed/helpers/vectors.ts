import assert from 'node:assert/strict';

export function norm(v: Float32Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Code-like texts of different lengths, so batches need padding. */
export function codeTexts(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const body = Array.from({ length: 1 + (i % 7) }, (_, k) => `  const v${k} = items[${k}] * ${i} + offset;`).join('\n');
    return `export function compute${i}(items: number[], offset: number): number {\n${body}\n  return v0;\n}`;
  });
}
