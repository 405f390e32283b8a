import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nullLogger } from '../../src/core/logger';
import { VectorIndex } from '../../src/core/store/vectorIndex';
import { percentile } from '../lib/stats';
import { seededRandom } from './synthetic';

export interface VectorSearchFigures {
  vectors: number;
  dimension: number;
  queries: number;
  /** Mean share of the exact top 10 that HNSW returns. */
  recallAt10: number;
  hnswMs: { p50: number; p95: number };
  exactMs: { p50: number; p95: number };
}

/** The live vectors of an index, read straight from its store (float32 blobs). */
function readVectors(indexDir: string): { ids: number[]; matrix: Float32Array; dimension: number } {
  const db = new Database(join(indexDir, 'index.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare('select v.id as id, v.vector as vector from vectors v where exists (select 1 from chunks c where c.content_hash = v.content_hash) order by v.id')
      .all() as { id: number; vector: Buffer }[];
    const dimension = rows[0] ? rows[0].vector.byteLength / 4 : 0;
    const matrix = new Float32Array(rows.length * dimension);
    rows.forEach((r, i) => {
      const bytes = new Uint8Array(r.vector.byteLength);
      bytes.set(r.vector);
      matrix.set(new Float32Array(bytes.buffer), i * dimension);
    });
    return { ids: rows.map((r) => r.id), matrix, dimension };
  } finally {
    db.close();
  }
}

/** Exact top-k by inner product (the vectors are unit length, so this is cosine similarity). */
export function exactTopK(matrix: Float32Array, dimension: number, query: Float32Array, k: number): number[] {
  const n = matrix.length / dimension;
  const best: { row: number; score: number }[] = [];
  for (let row = 0; row < n; row++) {
    let dot = 0;
    const base = row * dimension;
    for (let d = 0; d < dimension; d++) dot += matrix[base + d]! * query[d]!;
    if (best.length < k || dot > best[best.length - 1]!.score) {
      best.push({ row, score: dot });
      best.sort((a, b) => b.score - a.score);
      if (best.length > k) best.pop();
    }
  }
  return best.map((b) => b.row);
}

/**
 * HNSW (the project's VectorIndex, loaded from the index's own file) against exact search over the same
 * vectors. Queries are midpoints of two random stored vectors, normalised: near real data, never a stored
 * vector itself.
 */
export function measureVectorSearch(indexDir: string, queryCount: number, ef?: number): VectorSearchFigures | undefined {
  const { ids, matrix, dimension } = readVectors(indexDir);
  if (ids.length < 20) return undefined;
  const manifest = JSON.parse(readFileSync(join(indexDir, 'vectors.hnsw.json'), 'utf8')) as { modelKey: string; dimension: number };
  const loaded = VectorIndex.load(join(indexDir, 'vectors.hnsw'), manifest.modelKey, manifest.dimension, nullLogger);
  if (!loaded.index) throw new Error(`The HNSW file in ${indexDir} could not be loaded: ${loaded.reason ?? 'unknown reason'}`);
  const hnsw = loaded.index;
  const rand = seededRandom(42);
  const hnswTimes: number[] = [];
  const exactTimes: number[] = [];
  let recall = 0;
  for (let q = 0; q < queryCount; q++) {
    const a = Math.floor(rand() * ids.length);
    const b = Math.floor(rand() * ids.length);
    const query = new Float32Array(dimension);
    let norm = 0;
    for (let d = 0; d < dimension; d++) {
      query[d] = matrix[a * dimension + d]! + matrix[b * dimension + d]!;
      norm += query[d]! ** 2;
    }
    for (let d = 0; d < dimension; d++) query[d]! /= Math.sqrt(norm) || 1;
    let t = performance.now();
    const exact = new Set(exactTopK(matrix, dimension, query, 10).map((row) => ids[row]!));
    exactTimes.push(performance.now() - t);
    t = performance.now();
    const approx = hnsw.search(query, 10, undefined, ef);
    hnswTimes.push(performance.now() - t);
    recall += approx.filter((h) => exact.has(h.id)).length / exact.size;
  }
  return {
    vectors: ids.length,
    dimension,
    queries: queryCount,
    recallAt10: recall / queryCount,
    hnswMs: { p50: percentile(hnswTimes, 50), p95: percentile(hnswTimes, 95) },
    exactMs: { p50: percentile(exactTimes, 50), p95: percentile(exactTimes, 95) },
  };
}
