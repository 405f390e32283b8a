import type { Logger } from '../logger';
import type { IndexStore } from '../store/store';
import { VectorIndex } from '../store/vectorIndex';

/**
 * Opens the HNSW index for the store's live vectors: loads the file when it can be trusted, else
 * rebuilds it from the vectors in the store. Either way it then holds exactly the live vectors.
 */
export function openVectorIndex(
  store: IndexStore,
  path: string,
  modelKey: string,
  dimension: number,
  logger: Logger,
): { vectors: VectorIndex; rebuilt?: string } {
  const loaded = VectorIndex.load(path, modelKey, dimension, logger);
  if (loaded.index) {
    syncVectorIndex(store, loaded.index);
    return { vectors: loaded.index };
  }
  const live = store.liveVectorIds();
  const vectors = VectorIndex.empty(dimension, modelKey, live.size + 1024);
  for (const { id, vector } of store.liveVectors()) vectors.add(id, vector);
  const rebuilt = `Rebuilt the vector index from ${vectors.size} stored vectors: ${loaded.reason ?? 'unknown reason'}.`;
  if (vectors.size > 0 || loaded.reason !== 'the vector index file is missing') logger.info(rebuilt);
  return { vectors, rebuilt: vectors.size > 0 ? rebuilt : undefined };
}

/** Makes the HNSW index hold exactly the vectors that chunks in the store use. */
export function syncVectorIndex(store: IndexStore, vectors: VectorIndex): { added: number; removed: number } {
  const live = store.liveVectorIds();
  let removed = 0;
  for (const id of [...vectors.ids()]) {
    if (!live.has(id)) {
      vectors.remove(id);
      removed++;
    }
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
  return { added, removed };
}
