import type { IndexStore } from '../store/store';
import type { VectorIndex } from '../store/vectorIndex';

/** What an index check found; `problems` is empty when the vector index agrees with the store. */
export interface IndexCheck {
  /** Distinct chunk texts, and how many of them have no stored vector yet. */
  texts: number;
  textsWithoutVectors: number;
  /** Stored vectors that chunks use, and live labels in the vector index. */
  liveVectors: number;
  labels: number;
  /** Nearest-neighbour searches compared with an exact search over the stored vectors. */
  probes: number;
  problems: string[];
}

export interface IndexCheckOptions {
  /** How many stored vectors to use as queries (spread over the index); default 20. */
  probes?: number;
  /** Result counts to compare; default [10]. */
  k?: readonly number[];
}

/**
 * Two similarities closer than this are a tie: the graph and the exact scan compute them in different
 * float orders, so tied neighbours may come in either order.
 */
const SIMILARITY_TOLERANCE = 1e-5;

/**
 * Checks the vector index against the store: every stored vector a chunk uses has exactly one live label,
 * no label is left without a live vector, the graph's own label table agrees, and nearest-neighbour
 * search returns the exact top k (up to ties) for probe queries.
 */
export function checkIndex(store: IndexStore, vectors: VectorIndex | undefined, options: IndexCheckOptions = {}): IndexCheck {
  const counts = store.counts();
  const live = new Map<number, Float32Array>();
  for (const { id, vector } of store.liveVectors()) live.set(id, vector);
  const problems: string[] = [];
  const check: IndexCheck = {
    texts: counts.distinctTexts,
    textsWithoutVectors: counts.distinctTexts - counts.embeddedTexts,
    liveVectors: live.size,
    labels: vectors?.size ?? 0,
    probes: 0,
    problems,
  };
  if (!vectors) {
    if (live.size > 0) problems.push(`${live.size} stored vectors but no vector index`);
    return check;
  }
  const missing = [...live.keys()].filter((id) => !vectors.has(id));
  const orphans = [...vectors.ids()].filter((id) => !live.has(id));
  if (missing.length > 0) problems.push(`stored vectors without a live label: ${sample(missing)}`);
  if (orphans.length > 0) problems.push(`live labels without a stored vector that a chunk uses: ${sample(orphans)}`);
  const audit = vectors.audit();
  if (audit.duplicates.length > 0) problems.push(`labels listed more than once in the graph: ${sample(audit.duplicates)}`);
  if (audit.missing.length > 0) problems.push(`labels the graph does not hold: ${sample(audit.missing)}`);
  if (audit.unknown.length > 0) problems.push(`labels in the graph the index does not know: ${sample(audit.unknown)}`);
  if (problems.length > 0) return check;

  const ids = [...live.keys()].sort((a, b) => a - b);
  const probeCount = Math.min(options.probes ?? 20, ids.length);
  for (let p = 0; p < probeCount; p++) {
    const queryId = ids[Math.floor((p * ids.length) / probeCount)]!;
    const query = live.get(queryId)!;
    const exact = [...live].map(([id, v]) => ({ id, similarity: dot(query, v) })).sort((a, b) => b.similarity - a.similarity);
    const exactById = new Map(exact.map((e) => [e.id, e.similarity]));
    for (const k of options.k ?? [10]) {
      check.probes++;
      const found = vectors.search(query, k);
      const want = Math.min(k, live.size);
      const where = `top ${k} for vector ${queryId}`;
      if (found.length !== want) {
        problems.push(`${where}: ${found.length} results, ${want} expected`);
        continue;
      }
      if (new Set(found.map((f) => f.id)).size !== found.length) problems.push(`${where}: a vector is returned twice`);
      found.forEach((f, i) => {
        const actual = exactById.get(f.id);
        if (actual === undefined) problems.push(`${where}: rank ${i + 1} is ${f.id}, not a live vector`);
        else if (Math.abs(actual - exact[i]!.similarity) > SIMILARITY_TOLERANCE) {
          problems.push(`${where}: rank ${i + 1} is ${f.id} (similarity ${actual.toFixed(6)}), exact search has ${exact[i]!.id} (${exact[i]!.similarity.toFixed(6)})`);
        }
      });
    }
  }
  return check;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function sample(ids: readonly number[]): string {
  return ids.length <= 10 ? ids.join(', ') : `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more`;
}
