import type { HierarchicalNSW } from 'hnswlib-node';
import { loadNative } from '../native/nativeModules';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Logger } from '../logger';

/** What is written beside the HNSW file so that a stale, truncated or foreign file is recognised. */
interface VectorIndexManifest {
  format: 1;
  modelKey: string;
  dimension: number;
  /** Byte size of the HNSW file as written. */
  bytes: number;
  /** Live labels (vector ids) in the file. */
  count: number;
  /** Labels still in the file but marked deleted (hnswlib lists them with the live ones). */
  deleted: number[];
}

export interface VectorHit {
  id: number;
  /** Cosine similarity (vectors are L2-normalised). */
  similarity: number;
}

const M = 16;
const EF_CONSTRUCTION = 200;
const EF_SEARCH_MIN = 64;
const SEED = 100;

/**
 * Approximate nearest-neighbour search over the live vectors (hnswlib, inner product on unit vectors).
 * The HNSW file is a cache of the store's vectors: whenever it is missing, truncated, of another model or
 * dimension, or out of step with the store, it is rebuilt from them, never trusted blindly.
 */
export class VectorIndex {
  private dirty = false;

  private constructor(
    private readonly hnsw: HierarchicalNSW,
    private readonly live: Set<number>,
    readonly dimension: number,
    readonly modelKey: string,
  ) {}

  static empty(dimension: number, modelKey: string, capacity = 1024): VectorIndex {
    const hnsw = new (loadNative('hnswlib-node').HierarchicalNSW)('ip', dimension);
    hnsw.initIndex({ maxElements: Math.max(16, capacity), m: M, efConstruction: EF_CONSTRUCTION, randomSeed: SEED, allowReplaceDeleted: true });
    const index = new VectorIndex(hnsw, new Set(), dimension, modelKey);
    index.dirty = true;
    return index;
  }

  /**
   * Loads the HNSW file at `path` when its manifest matches `modelKey`/`dimension` and its size; returns
   * undefined, with the reason logged, when it must be rebuilt.
   */
  static load(path: string, modelKey: string, dimension: number, logger: Logger): { index?: VectorIndex; reason?: string } {
    const manifestPath = `${path}.json`;
    if (!existsSync(path) || !existsSync(manifestPath)) return { reason: 'the vector index file is missing' };
    let manifest: VectorIndexManifest;
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as VectorIndexManifest;
    } catch (err) {
      return { reason: `its manifest is unreadable (${String(err)})` };
    }
    if (manifest.format !== 1 || !Array.isArray(manifest.deleted)) return { reason: `its format ${String(manifest.format)} is unknown` };
    if (manifest.modelKey !== modelKey) return { reason: `it was built for another model (${manifest.modelKey})` };
    if (manifest.dimension !== dimension) return { reason: `it has dimension ${manifest.dimension}, the model has ${dimension}` };
    const bytes = statSync(path).size;
    if (bytes !== manifest.bytes) return { reason: `the file is ${bytes} bytes, ${manifest.bytes} were written (truncated or overwritten)` };
    try {
      const hnsw = new (loadNative('hnswlib-node').HierarchicalNSW)('ip', dimension);
      hnsw.readIndexSync(path, true);
      const deleted = new Set(manifest.deleted);
      const live = new Set(hnsw.getIdsList().filter((id) => !deleted.has(id)));
      if (live.size !== manifest.count) return { reason: `it holds ${live.size} vectors, ${manifest.count} were written` };
      logger.debug(`Loaded vector index ${path} (${live.size} vectors).`);
      return { index: new VectorIndex(hnsw, live, dimension, modelKey) };
    } catch (err) {
      return { reason: `it could not be read (${String(err)})` };
    }
  }

  get size(): number {
    return this.live.size;
  }

  has(id: number): boolean {
    return this.live.has(id);
  }

  ids(): ReadonlySet<number> {
    return this.live;
  }

  add(id: number, vector: Float32Array): void {
    if (vector.length !== this.dimension) throw new Error(`vector of dimension ${vector.length}, index has ${this.dimension}`);
    if (this.live.has(id)) return;
    const needed = this.hnsw.getCurrentCount() + 1;
    if (needed > this.hnsw.getMaxElements()) this.hnsw.resizeIndex(Math.max(needed, this.hnsw.getMaxElements() * 2));
    this.hnsw.addPoint(Array.from(vector), id, true);
    this.live.add(id);
    this.dirty = true;
  }

  remove(id: number): void {
    if (!this.live.delete(id)) return;
    this.hnsw.markDelete(id);
    this.dirty = true;
  }

  search(query: Float32Array, k: number, accept?: (id: number) => boolean): VectorHit[] {
    const n = Math.min(k, this.live.size);
    if (n === 0) return [];
    this.hnsw.setEf(Math.max(EF_SEARCH_MIN, n * 2));
    const result = accept ? this.hnsw.searchKnn(Array.from(query), n, accept) : this.hnsw.searchKnn(Array.from(query), n);
    return result.neighbors.map((id, i) => ({ id, similarity: 1 - result.distances[i]! }));
  }

  /** Writes the index atomically (temporary file, then rename) with its manifest, if anything changed. */
  save(path: string): void {
    if (!this.dirty) return;
    const tmp = `${path}.tmp-${process.pid}`;
    this.hnsw.writeIndexSync(tmp);
    const deleted = this.hnsw.getIdsList().filter((id) => !this.live.has(id));
    const manifest: VectorIndexManifest = {
      format: 1,
      modelKey: this.modelKey,
      dimension: this.dimension,
      bytes: statSync(tmp).size,
      count: this.live.size,
      deleted,
    };
    // Remove the old manifest first: a crash between the two renames leaves no manifest, which means "rebuild".
    rmSync(`${path}.json`, { force: true });
    renameSync(tmp, path);
    writeFileSync(`${path}.json.tmp`, JSON.stringify(manifest));
    renameSync(`${path}.json.tmp`, `${path}.json`);
    this.dirty = false;
  }
}
