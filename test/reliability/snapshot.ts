/**
 * What an index holds, read from its directory the way any later process would find it, in a form two
 * indexes can be compared by: files, chunks, lexical rankings with their scores, search results, and the
 * stored vectors by text. Chunk ids, vector ids and file stamps differ between an edited index and a fresh
 * one by design, so they are left out; everything else must be equal.
 */
import { join } from 'node:path';
import { checkIndex } from '../../src/core/engine/indexCheck';
import { MemoryLogger } from '../helpers/memoryLogger';
import { search } from '../../src/core/search/searcher';
import { ftsMatchExpression, queryTerms } from '../../src/core/store/lexicalText';
import { IndexStore } from '../../src/core/store/store';
import type { StoredChunk } from '../../src/core/store/storedTypes';
import { VectorIndex } from '../../src/core/store/vectorIndex';
import { QUERIES } from './sourceGen';

export interface IndexSnapshot {
  /** `path hash chunkKey language parseStatus`, sorted. */
  files: string[];
  /** The indexed paths alone. */
  paths: string[];
  /** Every chunk without its id, as JSON, sorted. */
  chunks: string[];
  /** Per query: the lexical index's whole ranking (up to 200), each `chunk bm25`. */
  lexical: Record<string, string[]>;
  /** Per query: what keyword search answers (top 10), as the CLI prints it in JSON. */
  searches: Record<string, string[]>;
  /** The stored vector of every chunk text. */
  vectors: Map<string, Float32Array>;
  /** What is wrong with this index on its own: vector file, labels, exactness of vector search, texts without vectors. */
  problems: string[];
}

const LEXICAL_DEPTH = 200;

export async function readSnapshot(indexDir: string, options: { probes: number }): Promise<IndexSnapshot> {
  const { store } = IndexStore.open(join(indexDir, 'index.sqlite'), new MemoryLogger(), { onCorrupt: 'fail' });
  try {
    const files = store.listFiles();
    const chunks = files.flatMap((f) => store.chunksOfFile(f.path));
    const byId = new Map(chunks.map((c) => [c.id, c]));
    const lexical: Record<string, string[]> = {};
    const searches: Record<string, string[]> = {};
    for (const query of QUERIES) {
      const match = ftsMatchExpression(queryTerms(query));
      lexical[query] = match === undefined ? [] : store.lexicalSearch(match, LEXICAL_DEPTH).map((h) => `${identity(byId.get(h.chunkId))} ${h.bm25}`);
      const answer = await search({ store }, query, { k: 10, mode: 'lexical' });
      searches[query] = answer.results.map((r) => JSON.stringify({ file: r.file, startLine: r.startLine, endLine: r.endLine, name: r.name, kind: r.kind, score: r.score }));
    }
    const vectors = new Map<string, Float32Array>();
    for (const hash of new Set(chunks.map((c) => c.contentHash))) {
      const stored = store.vectorOf(hash);
      if (stored) vectors.set(hash, stored.vector);
    }
    const problems: string[] = [];
    const modelKey = store.getMeta('model_key');
    const dimension = vectors.values().next().value?.length;
    if (modelKey !== undefined && dimension !== undefined) {
      const loaded = VectorIndex.load(join(indexDir, 'vectors.hnsw'), modelKey, dimension, new MemoryLogger());
      if (!loaded.index) problems.push(`the saved vector index cannot be used: ${loaded.reason}`);
      const check = checkIndex(store, loaded.index, { probes: options.probes, k: [10, 50] });
      problems.push(...check.problems.map((p) => `saved vector index: ${p}`));
      if (check.textsWithoutVectors > 0) problems.push(`${check.textsWithoutVectors} chunk texts have no vector`);
    } else if (chunks.length > 0) {
      problems.push('no vectors were stored');
    }
    return {
      files: files.map((f) => `${f.path} ${f.hash} ${f.chunkKey} ${f.language} ${f.parseStatus}`),
      paths: files.map((f) => f.path),
      chunks: chunks.map(({ id: _id, ...rest }) => JSON.stringify(rest)).sort(),
      lexical,
      searches,
      vectors,
      problems,
    };
  } finally {
    store.close();
  }
}

function identity(chunk: StoredChunk | undefined): string {
  if (!chunk) return '(a row of the lexical index without its chunk)';
  return `${chunk.file}:${chunk.startLine}-${chunk.endLine}:${chunk.kind}:${chunk.name}${chunk.windowIndex === null ? '' : `#${chunk.windowIndex}`}`;
}
