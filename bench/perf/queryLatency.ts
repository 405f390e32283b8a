import { CodeIndex } from '../../src/core/engine/codeIndex';
import type { SearchMode } from '../../src/core/types';
import { percentile } from '../lib/stats';

export interface LatencyFigures {
  queries: number;
  p50: number;
  p95: number;
  mean: number;
}

export interface QueryLatency {
  lexical: LatencyFigures;
  hybrid?: LatencyFigures;
  /** Why hybrid was not measured (no vectors). */
  hybridSkipped?: string;
}

async function time(index: CodeIndex, queries: readonly string[], mode: SearchMode): Promise<LatencyFigures> {
  // Warm-up: the first queries start the embedding worker and fill SQLite's page cache.
  for (const q of queries.slice(0, 5)) await index.search(q, { k: 10, mode });
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await index.search(q, { k: 10, mode });
    times.push(performance.now() - t);
  }
  return { queries: queries.length, p50: percentile(times, 50), p95: percentile(times, 95), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

/**
 * Per-query latency in one warm process, through the engine's own facade (the CLI's `search` runs the same
 * call per query line). Hybrid includes embedding the query in the worker process.
 */
export async function measureQueryLatency(root: string, indexDir: string, modelDir: string, queries: readonly string[]): Promise<QueryLatency> {
  const index = await CodeIndex.open({ root, indexDir, modelDir, mustExist: true });
  try {
    const lexical = await time(index, queries, 'lexical');
    const unavailable = index.semanticUnavailable();
    if (unavailable !== undefined) return { lexical, hybridSkipped: unavailable };
    return { lexical, hybrid: await time(index, queries, 'hybrid') };
  } finally {
    await index.close();
  }
}
