/** Compares an index with a clean rebuild of the same tree: every difference is a mismatch. */
import type { IndexSnapshot } from './snapshot';

/**
 * Vectors of one text computed in different batches differ by float rounding only (padding changes the
 * shapes ONNX Runtime multiplies); anything larger is a wrong vector.
 */
const VECTOR_TOLERANCE = 1e-4;

export function compareSnapshots(index: IndexSnapshot, clean: IndexSnapshot): string[] {
  const out: string[] = [];
  out.push(...index.problems.map((p) => `index: ${p}`));
  out.push(...clean.problems.map((p) => `clean rebuild: ${p}`));
  out.push(...listDiff('files', index.files, clean.files));
  out.push(...listDiff('chunks', index.chunks, clean.chunks));
  for (const query of Object.keys(clean.lexical)) {
    out.push(...rankingDiff(`lexical ranking of "${query}"`, index.lexical[query] ?? [], clean.lexical[query]!));
    out.push(...rankingDiff(`search results of "${query}"`, index.searches[query] ?? [], clean.searches[query]!));
  }
  const hashes = new Set([...index.vectors.keys(), ...clean.vectors.keys()]);
  const missing: string[] = [];
  const differing: string[] = [];
  for (const hash of hashes) {
    const a = index.vectors.get(hash);
    const b = clean.vectors.get(hash);
    if (!a || !b) missing.push(`${hash.slice(0, 12)} ${a ? 'only in the index' : 'only in the clean rebuild'}`);
    else if (maxAbsDiff(a, b) > VECTOR_TOLERANCE) differing.push(`${hash.slice(0, 12)} (max difference ${maxAbsDiff(a, b).toExponential(2)})`);
  }
  if (missing.length > 0) out.push(`stored vectors by text: ${missing.length} differ: ${missing.slice(0, 5).join('; ')}`);
  if (differing.length > 0) out.push(`vector values: ${differing.length} texts differ: ${differing.slice(0, 5).join('; ')}`);
  return out;
}

function listDiff(what: string, actual: readonly string[], expected: readonly string[]): string[] {
  const a = new Set(actual);
  const e = new Set(expected);
  const extra = actual.filter((x) => !e.has(x));
  const lacking = expected.filter((x) => !a.has(x));
  if (extra.length === 0 && lacking.length === 0 && actual.length === expected.length) return [];
  return [`${what}: ${extra.length} only in the index, ${lacking.length} only in the clean rebuild${describe(' index has', extra)}${describe(' clean has', lacking)}`];
}

function rankingDiff(what: string, actual: readonly string[], expected: readonly string[]): string[] {
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (actual[i] !== expected[i]) return [`${what}: first difference at rank ${i + 1}: index has ${actual[i] ?? '(nothing)'}, clean rebuild has ${expected[i] ?? '(nothing)'}`];
  }
  return [];
}

function describe(label: string, items: readonly string[]): string {
  return items.length === 0 ? '' : `;${label} ${items.slice(0, 3).map((s) => (s.length > 160 ? `${s.slice(0, 160)}…` : s)).join(' | ')}`;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
