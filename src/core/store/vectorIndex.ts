import type { HierarchicalNSW } from 'hnswlib-node';
import { loadNative } from '../native/nativeModules';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileSha256 } from '../hash';
import { errorMessage } from '../errors';
import type { Logger } from '../logger';

/** What is written beside the HNSW file so that a stale, damaged or foreign file is recognised. */
interface VectorIndexManifest {
  format: 2;
  modelKey: string;
  dimension: number;
  /** Byte size of the HNSW file as written. */
  bytes: number;
  /** sha256 of the HNSW file as written: hnswlib trusts the bytes it reads, so nothing unchecked is loaded. */
  sha256: string;
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

/** The vectors to rebuild from: the store's live vectors, the source of truth the HNSW file caches. */
export type VectorSource = () => Iterable<{ id: number; vector: Float32Array }>;

/**
 * Up to this many live vectors, search compares the query with every one of them: exact, and about as fast
 * as the graph at this size (4,096 x 768 multiply-adds take a few ms). Larger indexes search the graph.
 * Costs a copy of the vectors while the index is this small (12 MB at 768 dimensions).
 */
export const FULL_SCAN_MAX_VECTORS = 4096;
const M = 16;
const EF_CONSTRUCTION = 200;
// At 102,789 vectors (bench:scale) recall@10 against exact search was 0.937 at ef 64, 0.983 at 128 (0.5 ms p50)
// and 0.996 at 256 (0.8 ms): 128 is the narrowest width that keeps recall@10 at 0.98 there.
const EF_SEARCH_MIN = 128;
const SEED = 100;

/**
 * Approximate nearest-neighbour search over the live vectors (hnswlib, inner product on unit vectors).
 * The HNSW file is a cache of the store's vectors: whenever it is missing, damaged (checksum), of another
 * model or dimension, or out of step with the store, it is rebuilt from them, never trusted blindly. Any
 * error from the vector library rebuilds the index from `source` and retries the operation once.
 *
 * A removed label stays in the graph marked deleted (hnswlib's replace-deleted mode reuses slots by
 * relabelling them, which leaves the label table inconsistent after a remove, re-add, remove of the same
 * labels); adding it again revives and updates that node. `deletedCount` says when a rebuild pays.
 */
export class VectorIndex {
  private dirty = false;
  /** Every label in the graph, live or marked deleted. */
  private readonly labels: Set<number>;
  /** The live vectors, while there are at most FULL_SCAN_MAX_VECTORS of them (searched exactly). */
  private scan: Map<number, Float32Array> | undefined;

  private constructor(
    private hnsw: HierarchicalNSW,
    private readonly live: Set<number>,
    labels: Iterable<number>,
    readonly dimension: number,
    readonly modelKey: string,
    private readonly source: VectorSource | undefined,
    private readonly logger: Logger | undefined,
  ) {
    this.labels = new Set(labels);
    this.scan = live.size <= FULL_SCAN_MAX_VECTORS ? new Map([...live].map((id) => [id, Float32Array.from(hnsw.getPoint(id))])) : undefined;
  }

  static empty(dimension: number, modelKey: string, capacity = 1024, source?: VectorSource, logger?: Logger): VectorIndex {
    const index = new VectorIndex(newGraph(dimension, capacity), new Set(), [], dimension, modelKey, source, logger);
    index.dirty = true;
    return index;
  }

  /** A fresh index holding exactly `vectors`. */
  static build(dimension: number, modelKey: string, vectors: Iterable<{ id: number; vector: Float32Array }>, capacity: number, source?: VectorSource, logger?: Logger): VectorIndex {
    const index = VectorIndex.empty(dimension, modelKey, capacity, source, logger);
    for (const { id, vector } of vectors) index.addPoint(id, vector);
    return index;
  }

  /**
   * Loads the HNSW file at `path` when its manifest matches `modelKey`/`dimension` and its size and
   * checksum; returns the reason when it must be rebuilt instead.
   */
  static load(path: string, modelKey: string, dimension: number, logger: Logger, source?: VectorSource): { index?: VectorIndex; reason?: string } {
    const manifestPath = `${path}.json`;
    if (!existsSync(path) || !existsSync(manifestPath)) return { reason: 'the vector index file is missing' };
    let manifest: VectorIndexManifest;
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as VectorIndexManifest;
    } catch (err) {
      return { reason: `its manifest is unreadable (${String(err)})` };
    }
    if (manifest.format !== 2 || !Array.isArray(manifest.deleted) || typeof manifest.sha256 !== 'string') {
      return { reason: `its format ${String(manifest.format)} is not this codeloupe's` };
    }
    if (manifest.modelKey !== modelKey) return { reason: `it was built for another model (${manifest.modelKey})` };
    if (manifest.dimension !== dimension) return { reason: `it has dimension ${manifest.dimension}, the model has ${dimension}` };
    try {
      const bytes = statSync(path).size;
      if (bytes !== manifest.bytes) return { reason: `the file is ${bytes} bytes, ${manifest.bytes} were written (truncated or overwritten)` };
      if (fileSha256(path) !== manifest.sha256) return { reason: 'its checksum does not match what was written (the file is damaged)' };
      const hnsw = new (loadNative('hnswlib-node').HierarchicalNSW)('ip', dimension);
      hnsw.readIndexSync(path, false);
      const labels = hnsw.getIdsList();
      const deleted = new Set(manifest.deleted);
      const live = new Set(labels.filter((id) => !deleted.has(id)));
      if (live.size !== manifest.count) return { reason: `it holds ${live.size} vectors, ${manifest.count} were written` };
      logger.debug(`Loaded vector index ${path} (${live.size} vectors).`);
      return { index: new VectorIndex(hnsw, live, labels, dimension, modelKey, source, logger) };
    } catch (err) {
      return { reason: `it could not be read (${errorMessage(err)})` };
    }
  }

  /** Removes `<path>.tmp-PID` files that an interrupted save left. Call only while holding the index lock. */
  static removeLeftovers(path: string): string[] {
    const dir = dirname(path);
    const prefix = `${basename(path)}.tmp-`;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    const leftovers = names.filter((n) => n.startsWith(prefix) || n === `${basename(path)}.json.tmp`);
    for (const name of leftovers) rmSync(join(dir, name), { force: true });
    return leftovers;
  }

  get size(): number {
    return this.live.size;
  }

  /** Labels in the graph that are marked deleted (memory and search work that a rebuild would drop). */
  get deletedCount(): number {
    return this.labels.size - this.live.size;
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
    this.guarded(`adding vector ${id}`, () => {
      if (!this.live.has(id)) this.addPoint(id, vector);
    });
  }

  remove(id: number): void {
    if (!this.live.has(id)) return;
    this.guarded(`removing vector ${id}`, () => {
      if (!this.live.has(id)) return;
      this.hnsw.markDelete(id);
      this.live.delete(id);
      this.scan?.delete(id);
      this.dirty = true;
    });
  }

  /**
   * The `k` live vectors most similar to `query` (that `accept` keeps); ties by id. `ef`: the graph's search
   * width (candidates kept while searching); default max(EF_SEARCH_MIN, 2k). Wider finds more of the exact top
   * k, slower. Small indexes are scanned exactly and ignore it.
   */
  search(query: Float32Array, k: number, accept?: (id: number) => boolean, ef?: number): VectorHit[] {
    if (query.length !== this.dimension) throw new Error(`query of dimension ${query.length}, index has ${this.dimension}`);
    if (this.scan) return fullScan(this.scan, query, k, accept);
    return this.guarded('searching', () => {
      const n = Math.min(k, this.live.size);
      if (n === 0) return [];
      this.hnsw.setEf(Math.max(ef ?? EF_SEARCH_MIN, n * 2));
      const result = accept ? this.hnsw.searchKnn(Array.from(query), n, accept) : this.hnsw.searchKnn(Array.from(query), n);
      return result.neighbors.map((id, i) => ({ id, similarity: 1 - result.distances[i]! }));
    });
  }

  /**
   * What the graph itself holds, checked against this index's bookkeeping: labels listed twice, labels
   * the graph lacks, and labels the graph has that the index does not know.
   */
  audit(): { duplicates: number[]; missing: number[]; unknown: number[] } {
    const listed = this.hnsw.getIdsList();
    const seen = new Set<number>();
    const duplicates = new Set<number>();
    for (const id of listed) (seen.has(id) ? duplicates : seen).add(id);
    return {
      duplicates: [...duplicates],
      missing: [...this.labels].filter((id) => !seen.has(id)),
      unknown: [...seen].filter((id) => !this.labels.has(id)),
    };
  }

  /** Replaces the graph with one built from `source` alone: exact live set, no deleted nodes. */
  rebuild(): void {
    if (!this.source) throw new Error('this vector index has no source to rebuild from');
    this.hnsw = newGraph(this.dimension, this.live.size + 1024);
    this.live.clear();
    this.labels.clear();
    this.scan = new Map();
    for (const { id, vector } of this.source()) this.addPoint(id, vector);
    this.dirty = true;
  }

  /** Writes the index atomically (temporary file, then rename) with its manifest, if anything changed. */
  save(path: string): void {
    if (!this.dirty) return;
    const tmp = `${path}.tmp-${process.pid}`;
    this.hnsw.writeIndexSync(tmp);
    const manifest: VectorIndexManifest = {
      format: 2,
      modelKey: this.modelKey,
      dimension: this.dimension,
      bytes: statSync(tmp).size,
      sha256: fileSha256(tmp),
      count: this.live.size,
      deleted: [...this.labels].filter((id) => !this.live.has(id)),
    };
    // Remove the old manifest first: a crash between the two renames leaves no manifest, which means "rebuild".
    rmSync(`${path}.json`, { force: true });
    renameSync(tmp, path);
    writeFileSync(`${path}.json.tmp`, JSON.stringify(manifest));
    renameSync(`${path}.json.tmp`, `${path}.json`);
    this.dirty = false;
  }

  private addPoint(id: number, vector: Float32Array): void {
    if (!this.labels.has(id)) {
      const needed = this.hnsw.getCurrentCount() + 1;
      if (needed > this.hnsw.getMaxElements()) this.hnsw.resizeIndex(Math.max(needed, this.hnsw.getMaxElements() * 2));
    }
    // An existing (deleted) label is revived and its vector replaced.
    this.hnsw.addPoint(Array.from(vector), id, false);
    this.labels.add(id);
    this.live.add(id);
    if (this.scan && this.live.size > FULL_SCAN_MAX_VECTORS) this.scan = undefined;
    this.scan?.set(id, vector);
    this.dirty = true;
  }

  /**
   * Runs a call into the vector library; if it throws, the graph cannot be trusted: rebuild it from the
   * source and try once more (the source already reflects the change the call was making).
   */
  private guarded<T>(what: string, action: () => T): T {
    try {
      return action();
    } catch (err) {
      if (!this.source) throw err;
      this.logger?.warn(`The vector index failed while ${what} (${errorMessage(err)}); rebuilding it from the stored vectors.`);
      this.rebuild();
      return action();
    }
  }
}

function fullScan(vectors: ReadonlyMap<number, Float32Array>, query: Float32Array, k: number, accept?: (id: number) => boolean): VectorHit[] {
  const hits: VectorHit[] = [];
  for (const [id, vector] of vectors) {
    if (accept && !accept(id)) continue;
    let dot = 0;
    for (let i = 0; i < vector.length; i++) dot += vector[i]! * query[i]!;
    hits.push({ id, similarity: dot });
  }
  return hits.sort((a, b) => b.similarity - a.similarity || a.id - b.id).slice(0, Math.max(0, k));
}

function newGraph(dimension: number, capacity: number): HierarchicalNSW {
  const hnsw = new (loadNative('hnswlib-node').HierarchicalNSW)('ip', dimension);
  hnsw.initIndex({ maxElements: Math.max(16, capacity), m: M, efConstruction: EF_CONSTRUCTION, randomSeed: SEED, allowReplaceDeleted: false });
  return hnsw;
}
