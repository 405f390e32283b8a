import type { Logger } from '../logger';
import type { IndexStore } from '../store/store';
import { VectorIndex, type VectorSource } from '../store/vectorIndex';

/**
 * Opens the HNSW index for the store's live vectors: loads the file when it can be trusted, else
 * rebuilds it from the vectors in the store. Either way it then holds exactly the live vectors, and any
 * later error from the vector library rebuilds it from the store again.
 */
export function openVectorIndex(
  store: IndexStore,
  path: string,
  modelKey: string,
  dimension: number,
  logger: Logger,
): { vectors: VectorIndex; rebuilt?: string } {
  const source: VectorSource = () => store.liveVectors();
  const loaded = VectorIndex.load(path, modelKey, dimension, logger, source);
  if (loaded.index) {
    syncVectorIndex(store, loaded.index);
    return { vectors: loaded.index };
  }
  const vectors = VectorIndex.build(dimension, modelKey, source(), store.liveVectorIds().size + 1024, source, logger);
  const rebuilt = `Rebuilt the vector index from ${vectors.size} stored vectors: ${loaded.reason ?? 'unknown reason'}.`;
  if (vectors.size > 0 || loaded.reason !== 'the vector index file is missing') logger.info(rebuilt);
  return { vectors, rebuilt: vectors.size > 0 ? rebuilt : undefined };
}

/** Deleted nodes kept in the graph before it is rebuilt without them: this many, and at least as many as live ones. */
const COMPACT_AFTER_DELETED = 1024;

/**
 * Makes the HNSW index hold exactly the vectors that chunks in the store use. When deleted nodes come to
 * outnumber the live ones, the graph is rebuilt from the store without them.
 */
export function syncVectorIndex(store: IndexStore, vectors: VectorIndex): { added: number; removed: number; compacted: boolean } {
  const live = store.liveVectorIds();
  let removed = 0;
  for (const id of [...vectors.ids()]) {
    if (!live.has(id)) {
      vectors.remove(id);
      removed++;
    }
  }
  if (vectors.deletedCount > Math.max(COMPACT_AFTER_DELETED, vectors.size)) {
    vectors.rebuild();
    return { added: 0, removed, compacted: true };
  }
  let added = 0;
  const missing = [...live].filter((id) => !vectors.has(id));
  if (missing.length > 0) {
    const wanted = new Set(missing);
    for (const { id, vector } of store.liveVectors(missing.reduce((a, b) => Math.min(a, b)) - 1)) {
      if (!wanted.has(id)) continue;
      vectors.add(id, vector);
      added++;
    }
  }
  return { added, removed, compacted: false };
}
