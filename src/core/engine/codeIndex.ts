import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CancellationSource, neverCancelled, throwIfCancelled, type CancellationToken } from '../cancellation';
import { describeHolder, FileLock } from '../fileLock';
import { CHUNKER_VERSION, Chunker } from '../chunk/chunker';
import { ChunkThreadPool, defaultChunkThreads } from '../chunk/threads/chunkThreadPool';
import { ESTIMATED_CHARS_PER_TOKEN, estimateCounter, tokenizerCounter, type TokenCounting } from '../chunk/tokenCounting';
import { briefReason, type DeviceRequest } from '../embed/devices';
import type { Precision } from '../models/precision';
import { EmbedderPool, type EmbedderLease } from '../embed/embedderPool';
import { WorkerEmbedder } from '../embed/workerEmbedder';
import { CancelledError, CodeloupeError, isCancelled } from '../errors';
import { IndexStore } from '../store/store';
import { VectorIndex } from '../store/vectorIndex';
import { KEYWORD_FIRST_KEY_SUFFIX } from '../store/storedTypes';
import { nullLogger, type Logger } from '../logger';
import { defaultModelId } from '../models/defaultModel';
import { cudaProvisioning } from '../models/cudaProvisioning';
import { defaultIndexDir, defaultModelDir } from '../paths';
import { existingFolder } from '../scan/existingFolder';
import type { ScanOptions } from '../scan/scanOptions';
import { findSimilar, type SimilarAnswer, type SimilarTarget } from '../search/similar';
import { search, type SearchAnswer, type SearchOptions, type SearchSources } from '../search/searcher';
import { runIndexUpdate } from './indexRun';
import { EMBED_RATE_META, EmbedRate, EmbedRateMeter } from './embedRate';
import { emptyTally, runEmbedStage } from './embedStage';
import type { EmbedFailure, IndexReport } from './indexReport';
import { PendingTextQueue } from './pendingTexts';
import { PriorityFiles, type PriorityHints } from './priorityHints';
import type { ChunkRequest, IndexProgress } from './ports';
import { loadSemanticModel, type SemanticModelOutcome, type SemanticUnavailable } from './semanticModel';
import { openVectorIndex } from './vectorSync';
import { checkIndex, type IndexCheck, type IndexCheckOptions } from './indexCheck';
import { definedProps } from '../definedProps';

export interface CodeIndexOptions {
  /** The folder to index. */
  root: string;
  /** Where the index lives; default: a per-folder directory under the user's cache folder. */
  indexDir?: string;
  /** A model folder in the Hugging Face layout; default: the default model's folder in the cache. */
  modelDir?: string;
  /**
   * Why there is no model (a download that failed, or one still running): semantic search is off with this
   * reason, and lexical indexing goes on. Wins over `modelDir`.
   */
  modelUnavailable?: SemanticUnavailable;
  /** Which ONNX export to run (int8 on the CPU, fp16 on GPUs: see models/precision); default fp32's file. */
  precision?: Precision;
  /** An ONNX file in the model folder; wins over `precision`. */
  onnx?: string;
  /** Matryoshka truncation of every vector (re-normalised). */
  truncateDimension?: number;
  device?: DeviceRequest;
  threads?: number;
  batchTokens?: number;
  /** Token budget of one chunk; longer units are split into overlapping windows. */
  maxChunkTokens?: number;
  /** Threads that chunk large index runs (0: all on the calling thread); default: one per core, at most 4. */
  chunkThreads?: number;
  scan?: ScanOptions;
  logger?: Logger;
  /** Where the bundled embedding worker is (the extension passes its install folder's copy). */
  workerPath?: string;
  grammarDir?: string;
  /** Shares embedding workers with other indexes (multi-root workspaces); default: this index's own. */
  embedderPool?: EmbedderPool;
  /**
   * Open an existing index to read it (search, status): fail with E_INDEX_MISSING instead of creating an
   * empty index, and with E_INDEX_CORRUPT instead of replacing a damaged one. Without it the index is
   * opened to be written: under the index's writer lock, creating, migrating or rebuilding it as needed.
   */
  mustExist?: boolean;
  /** Keep the writer lock from `open` until `close` (a CLI index run), instead of taking it per update. */
  holdLock?: boolean;
  /** Cancels waiting for the writer lock in `open`. */
  token?: CancellationToken;
}

export interface IndexStatus {
  root: string;
  indexDir: string;
  files: number;
  chunks: number;
  /** Distinct chunk texts, and how many of them have a vector. */
  texts: number;
  embedded: number;
  model: { id: string; dimension: number } | { unavailable: string };
  /** The model the stored vectors were made with, when it differs from or stands in for `model`. */
  vectorsModel?: string;
  /** The device the last embedding ran on, as recorded by the last index run. */
  device?: string;
  /** Texts embedded per second, as last measured by an index run (for the ETA of the texts left). */
  embedRate?: number;
  lastIndexedAt?: string;
}

/** What a background embedding did (`CodeIndex.embedPending`). */
export interface EmbedPendingReport {
  embedded: number;
  failed: number;
  failures: EmbedFailure[];
  /** Texts still without a vector afterwards (cancelled, failed, or added meanwhile). */
  pending: number;
  cancelled: boolean;
  /** Why nothing was embedded, when semantic indexing cannot run. */
  skipped?: string;
}

/**
 * The token cap: the most tokens the model sees for one embedded text. Longer units are split into
 * overlapping windows that fit it (never truncated by chunking); the worker cuts anything longer and counts it.
 */
export const DEFAULT_MAX_CHUNK_TOKENS = 512;


/**
 * One indexed folder: the engine's facade that the CLI, the engine server and the tests use. It owns the
 * store, the vector index, the chunker and (lazily) the embedding worker.
 */
export class CodeIndex {
  private chunker: Chunker | undefined;
  /** Chunks large runs on other threads; started on the first large run, its threads end when idle. */
  private chunkThreads: ChunkThreadPool | undefined;
  /** Cancelled by close: stops waiting for an embedding worker that is still starting. */
  private readonly closing = new CancellationSource();
  /** The writer lock, when held from open to close (`holdLock`). */
  private heldLock: FileLock | undefined;
  private lease: Promise<EmbedderLease> | undefined;
  /** ONNX Runtime could not load in the embedding worker (E_NATIVE_MODULE): why, for semantic search's answer. */
  private runtimeMissing: string | undefined;
  /** Notes about repairs done while opening, reported by the next index run. */
  private readonly openNotes: string[] = [];
  private readonly priority = new PriorityFiles();
  private readonly rate = new EmbedRate();
  private readonly backgroundRuns = new Set<Promise<EmbedPendingReport>>();
  /** The writer lock while index runs or background embedding of this process need it (a count of holds). */
  private sharedLock: { lock: Promise<FileLock>; holds: number } | undefined;

  private constructor(
    readonly root: string,
    readonly indexDir: string,
    private readonly store: IndexStore,
    private readonly semantic: SemanticModelOutcome,
    private vectors: VectorIndex | undefined,
    /** The stored vectors were made by another model: unusable until the next index run re-embeds. */
    private vectorsStale: string | undefined,
    private readonly options: CodeIndexOptions,
    private readonly logger: Logger,
    private readonly embedders: EmbedderPool = options.embedderPool ?? new EmbedderPool(),
  ) {}

  /**
   * Where the index of a folder lives, checking that the folder exists and, with `mustExist`, that it
   * has been indexed. Cheap: callers check this before slow preparation such as a model download.
   */
  static locate(options: Pick<CodeIndexOptions, 'root' | 'indexDir' | 'mustExist'>): { root: string; indexDir: string } {
    const root = existingFolder(options.root);
    const indexDir = resolve(options.indexDir ?? defaultIndexDir(root));
    if (options.mustExist && !existsSync(join(indexDir, 'index.sqlite'))) {
      throw new CodeloupeError('E_INDEX_MISSING', `No index for ${root} (looked in ${indexDir}).`, {
        hint: `Run: codeloupe index ${root}${options.indexDir ? ` --index-dir ${options.indexDir}` : ''}`,
      });
    }
    return { root, indexDir };
  }

  static async open(options: CodeIndexOptions): Promise<CodeIndex> {
    const logger = options.logger ?? nullLogger;
    const { root, indexDir } = CodeIndex.locate(options);
    const rebuildHint = `Rebuild it: codeloupe index ${root}${options.indexDir ? ` --index-dir ${options.indexDir}` : ''}`;
    let lock: FileLock | undefined;
    let opened: { store: IndexStore; recreated?: string };
    if (options.mustExist) {
      opened = IndexStore.open(join(indexDir, 'index.sqlite'), logger, { onCorrupt: 'fail', rebuildHint });
    } else {
      mkdirSync(indexDir, { recursive: true });
      // Before the store is opened: creating, migrating or replacing a damaged store is the writer's job.
      lock = await acquireWriterLock(indexDir, logger, options.token);
      try {
        opened = IndexStore.open(join(indexDir, 'index.sqlite'), logger, { onCorrupt: 'recreate' });
      } catch (err) {
        lock.release();
        throw err;
      }
    }
    const { store, recreated } = opened;
    try {
      claimFolder(store, root, indexDir, !options.mustExist);
    } catch (err) {
      store.close();
      lock?.release();
      throw err;
    }
    if (lock && !options.holdLock) {
      lock.release();
      lock = undefined;
    }
    const semantic =
      options.modelUnavailable !== undefined
        ? ({ ok: false, ...options.modelUnavailable } as const)
        : await loadSemanticModel(options.modelDir ?? defaultModelDir(defaultModelId(options.device ?? 'auto', { platform: process.platform, arch: process.arch, cudaReady: cudaProvisioning().ready })), {
            ...definedProps({ precision: options.precision, preferredOnnx: options.onnx, truncateDimension: options.truncateDimension }),
          });
    let vectors: VectorIndex | undefined;
    let stale: string | undefined;
    const notes: string[] = recreated ? [recreated] : [];
    if (semantic.ok) {
      const previous = store.getMeta('model_key');
      if (previous !== undefined && previous !== semantic.model.key) {
        stale = `the index was embedded with another model (${previous.split('|')[0]}); the next index run re-embeds it with ${semantic.model.info.id}`;
        logger.warn(`Stored vectors are from another model: ${stale}.`);
      } else {
        const opened = openVectorIndex(store, vectorIndexPath(indexDir), semantic.model.key, semantic.model.info.dimension, logger);
        vectors = opened.vectors;
        if (opened.rebuilt) notes.push(opened.rebuilt);
      }
    }
    const index = new CodeIndex(root, indexDir, store, semantic, vectors, stale, options, logger);
    index.openNotes.push(...notes);
    index.heldLock = lock;
    return index;
  }

  /**
   * Brings the index up to date with the folder (or with `paths` only), reporting progress. With
   * `embed: false` the run stops after the lexical index and leaves new texts to `embedPending` (the
   * engine server embeds in the background, so a save is searchable at once); `paths` jump its queue.
   */
  async update(
    options: { token?: CancellationToken; onProgress?: (p: IndexProgress) => void; paths?: readonly string[]; embed?: boolean } = {},
  ): Promise<IndexReport> {
    const { lock, release } = await this.holdWriterLock(options.token);
    // Another process that took the lock over (this one stalled past its staleness) stops this run.
    const run = new CancellationSource(options.token);
    const lost = lock.onCompromise(() => run.cancel());
    if (options.paths) this.priority.boost(options.paths);
    const embedNow = options.embed !== false;
    try {
      // Only the lock holder saves the vector file, so any temporary file now is a crashed save's.
      const leftovers = VectorIndex.removeLeftovers(vectorIndexPath(this.indexDir));
      if (leftovers.length > 0) this.logger.info(`Removed ${leftovers.length} temporary vector files left by an interrupted save.`);
      const chunker = (this.chunker ??= await Chunker.create(this.options.grammarDir ? { grammarDir: this.options.grammarDir } : {}));
      const threads = this.options.chunkThreads ?? defaultChunkThreads();
      if (threads > 0) {
        this.chunkThreads ??= new ChunkThreadPool({ threads, fallback: chunker, logger: this.logger, ...definedProps({ grammarDir: this.options.grammarDir }) });
      }
      const onProgress = options.onProgress ?? (() => undefined);
      const chunking = this.chunking();
      const report = await runIndexUpdate({
        root: this.root,
        store: this.store,
        chunker,
        ...definedProps({ parallelChunker: this.chunkThreads }),
        logger: this.logger,
        scan: this.options.scan ?? {},
        chunking,
        ...definedProps({ keywordFirst: this.keywordFirstChunking(chunking) }),
        semantic: this.semantic.ok
          ? {
              model: this.semantic.model,
              vectors: () => this.vectorsForWriting(),
              embedder: (token) => this.embedder(token),
              vectorPath: vectorIndexPath(this.indexDir),
              ...(embedNow && { queue: () => new PendingTextQueue(this.store, this.priority), rate: this.rate }),
            }
          : { unavailable: this.semantic.reason, ...definedProps({ hint: this.semantic.hint }) },
        notes: this.openNotes.splice(0),
        token: run.token,
        onProgress,
        ...(options.paths && { scope: new Set(options.paths) }),
      });
      if (lock.compromised) {
        throw new CodeloupeError('E_INDEX_LOCKED', `Another process took over the lock of ${this.indexDir} while this run held it, so this run stopped.`, {
          hint: 'Run the index again once the other process is done.',
        });
      }
      return report;
    } finally {
      lost.dispose();
      release();
    }
  }

  /**
   * Embeds the texts that have no vector yet, what the user looks at first (`setPriorityHints`, saved
   * files), until none is left or `token` is cancelled. Index runs may go on meanwhile: search, similar
   * and hover use each vector as soon as it is stored.
   */
  async embedPending(options: { token?: CancellationToken; onProgress?: (p: IndexProgress) => void } = {}): Promise<EmbedPendingReport> {
    const running = this.embedPendingUntilClosed(options);
    this.backgroundRuns.add(running);
    try {
      return await running;
    } finally {
      this.backgroundRuns.delete(running);
    }
  }

  private async embedPendingUntilClosed(options: { token?: CancellationToken; onProgress?: (p: IndexProgress) => void }): Promise<EmbedPendingReport> {
    const source = new CancellationSource(options.token);
    const subscription = this.closing.token.onCancellationRequested(() => source.cancel());
    try {
      return await this.embedPendingNow(source.token, options.onProgress);
    } finally {
      subscription.dispose();
    }
  }

  private async embedPendingNow(token: CancellationToken, onProgress: ((p: IndexProgress) => void) | undefined): Promise<EmbedPendingReport> {
    const report: EmbedPendingReport = { embedded: 0, failed: 0, failures: [], pending: 0, cancelled: token.isCancellationRequested };
    if (report.cancelled) return report;
    if (!this.semantic.ok) return { ...report, skipped: this.semantic.reason };
    if (this.vectorsStale) return { ...report, pending: this.store.countPendingTexts(), skipped: this.vectorsStale };
    if (!this.store.hasPendingTexts()) return report;
    let held: { lock: FileLock; release: () => void };
    try {
      held = await this.holdWriterLock(token, { wait: false });
    } catch (err) {
      if (err instanceof CodeloupeError && err.code === 'E_INDEX_LOCKED') return { ...report, pending: this.store.countPendingTexts(), skipped: err.message };
      if (isCancelled(err)) return { ...report, cancelled: true };
      throw err;
    }
    const run = new CancellationSource(token);
    const lost = held.lock.onCompromise(() => run.cancel());
    const meter = new EmbedRateMeter((rate) => this.store.setMeta(EMBED_RATE_META, String(rate)));
    const tally = emptyTally();
    const path = vectorIndexPath(this.indexDir);
    let vectors: VectorIndex | undefined;
    try {
      vectors = this.vectorsForWriting().vectors;
      const active = vectors;
      const embedder = await this.embedder(run.token);
      throwIfCancelled(run.token);
      await runEmbedStage({
        store: this.store,
        vectors: active,
        embedder,
        queue: new PendingTextQueue(this.store, this.priority),
        token: run.token,
        tally,
        rate: this.rate,
        onCheckpoint: () => active.save(path),
        onProgress: (p) => {
          meter.observe(p);
          onProgress?.(p);
        },
      });
    } catch (err) {
      if (!isCancelled(err)) throw err;
      report.cancelled = true;
    } finally {
      if (!held.lock.compromised) {
        vectors?.save(path);
        meter.flush();
      }
      lost.dispose();
      held.release();
    }
    if (held.lock.compromised) return { ...report, embedded: tally.embedded, failed: tally.failed, failures: tally.failures, pending: this.store.countPendingTexts(), skipped: 'another process took over the index lock' };
    return { ...report, embedded: tally.embedded, failed: tally.failed, failures: tally.failures, pending: this.store.countPendingTexts() };
  }

  /** What the editor shows: these files' texts are embedded before the rest. Paths relative to the root. */
  setPriorityHints(hints: PriorityHints): void {
    this.priority.setHints(hints);
  }

  /**
   * Ranked results; see SearchOptions for what happens when semantic ranking cannot run. `token` cancels
   * the query's embedding: a cancelled search never reaches the model.
   */
  async search(query: string, options: SearchOptions & { token?: CancellationToken }): Promise<SearchAnswer> {
    return search(this.searchSources(options.token), query, options);
  }

  async similar(target: SimilarTarget, k: number, token?: CancellationToken): Promise<SimilarAnswer> {
    return findSimilar(
      { ...this.searchSources(token), embedDocument: async (code) => this.embedOne(code, 'document', token) },
      target,
      k,
    );
  }

  status(): IndexStatus {
    const counts = this.store.counts();
    const device = this.store.getMeta('device');
    const lastIndexedAt = this.store.getMeta('last_indexed_at');
    const vectorsModel = this.store.getMeta('model_key')?.split('|')[0];
    const rate = Number(this.store.getMeta(EMBED_RATE_META));
    const embedRate = Number.isFinite(rate) && rate > 0 ? rate : undefined;
    return {
      root: this.root,
      indexDir: this.indexDir,
      files: counts.files,
      chunks: counts.chunks,
      texts: counts.distinctTexts,
      embedded: counts.embeddedTexts,
      model: this.semantic.ok ? { id: this.semantic.model.info.id, dimension: this.semantic.model.info.dimension } : { unavailable: this.semantic.reason },
      ...definedProps({ vectorsModel, device, embedRate, lastIndexedAt }),
    };
  }

  /**
   * The writer lock for an index run or a background embedding: the one held from open to close, or one
   * shared by this process's runs and embedding (taken by the first, released by the last). With
   * `wait: false` a lock held by another process is E_INDEX_LOCKED at once instead of a wait (background
   * embedding tries again after the next run rather than queue behind a CLI run).
   */
  private async holdWriterLock(token: CancellationToken | undefined, options: { wait?: boolean } = {}): Promise<{ lock: FileLock; release: () => void }> {
    if (this.heldLock) return { lock: this.heldLock, release: () => undefined };
    const shared = (this.sharedLock ??= {
      lock: options.wait === false ? tryWriterLock(this.indexDir) : acquireWriterLock(this.indexDir, this.logger, token),
      holds: 0,
    });
    shared.holds++;
    let lock: FileLock;
    try {
      lock = await shared.lock;
    } catch (err) {
      if (--shared.holds === 0 && this.sharedLock === shared) this.sharedLock = undefined;
      throw err;
    }
    let released = false;
    return {
      lock,
      release: () => {
        if (released) return;
        released = true;
        if (--shared.holds > 0) return;
        if (this.sharedLock === shared) this.sharedLock = undefined;
        lock.release();
      },
    };
  }

  /**
   * Checks that the vector index holds exactly the stored vectors that chunks use and that its searches
   * agree with an exact search over them (see indexCheck.ts). Read-only; for tests and diagnostics.
   */
  checkConsistency(options: IndexCheckOptions = {}): IndexCheck {
    return checkIndex(this.store, this.semantic.ok && !this.vectorsStale ? this.vectors : undefined, options);
  }

  /** Why semantic search cannot run now, or undefined when it can. */
  semanticUnavailable(): string | undefined {
    if (!this.semantic.ok) return this.semantic.reason;
    if (this.runtimeMissing !== undefined) return this.runtimeMissing;
    if (this.vectorsStale) return this.vectorsStale;
    if (!this.vectors || this.vectors.size === 0) return 'the index has no vectors yet (run index)';
    return undefined;
  }

  async close(): Promise<void> {
    // A worker still loading the model is stopped (unless another index shares it), not waited for;
    // background embedding stops after its current group.
    this.closing.cancel();
    await Promise.allSettled([...this.backgroundRuns]);
    const lease = this.lease;
    this.lease = undefined;
    if (lease) await lease.then((l) => l.release(), () => undefined);
    await this.chunkThreads?.dispose();
    this.chunkThreads = undefined;
    this.chunker?.dispose();
    this.chunker = undefined;
    this.store.close();
    this.heldLock?.release();
    this.heldLock = undefined;
  }

  /** Most tokens the model sees per embedded text (special tokens and the document prefix included). */
  private tokenCap(): number {
    const cap = this.options.maxChunkTokens ?? DEFAULT_MAX_CHUNK_TOKENS;
    return this.semantic.ok ? Math.min(cap, this.semantic.model.info.maxTokens) : cap;
  }

  /**
   * With a model, a large run writes its keyword index first with windows cut by the length estimate (no
   * token counting), under a key of its own, then cuts them again by `exact` (see runIndexUpdate).
   */
  private keywordFirstChunking(exact: { key: string } & ChunkRequest): ({ key: string } & ChunkRequest) | undefined {
    return this.semantic.ok ? estimateChunking(`${exact.key}${KEYWORD_FIRST_KEY_SUFFIX}`, exact.maxTokens) : undefined;
  }

  private chunking(): { key: string } & ChunkRequest {
    const maxTokens = this.tokenCap();
    if (this.semantic.ok) {
      const { tokenizer, info } = this.semantic.model;
      // Units are cut to what is left of the cap once the document prefix ("search_document: ") is added.
      // (one token more: the prefix's last space may merge with the text's first word differently).
      const prefixTokens = info.documentPrefix === '' ? 0 : tokenizer.count(info.documentPrefix) - tokenizer.count('') + 1;
      const budget = Math.max(16, maxTokens - prefixTokens);
      const counting: TokenCounting = { kind: 'tokenizer', tokenizerPath: info.tokenizerPath };
      return { key: `${CHUNKER_VERSION}:${budget}:${info.id}`, maxTokens: budget, ...tokenizerCounter(tokenizer), counting };
    }
    return estimateChunking(`${CHUNKER_VERSION}:${maxTokens}:estimate`, maxTokens);
  }

  /** The vector index an index run writes to; a model switch starts it afresh (and says so). */
  private vectorsForWriting(): { vectors: VectorIndex; note?: string } {
    if (!this.semantic.ok) throw new Error('no semantic model');
    const { model } = this.semantic;
    let note: string | undefined;
    if (this.vectorsStale || !this.vectors) {
      if (this.vectorsStale) {
        note = `Model changed: ${this.vectorsStale}.`;
        this.store.clearVectors();
      }
      this.vectors = openVectorIndex(this.store, vectorIndexPath(this.indexDir), model.key, model.info.dimension, this.logger).vectors;
      this.vectorsStale = undefined;
    }
    this.store.setMeta('model_key', model.key);
    return note === undefined ? { vectors: this.vectors } : { vectors: this.vectors, note };
  }

  /** The embedding worker, started on first use; waiting for it ends when `token` is cancelled (the start goes on). */
  private embedder(token: CancellationToken = neverCancelled): Promise<WorkerEmbedder> {
    if (!this.semantic.ok) return Promise.reject(new CodeloupeError('E_MODEL_UNAVAILABLE', this.semantic.reason, this.semantic.hint === undefined ? {} : { hint: this.semantic.hint }));
    if (!this.lease) {
      const { key } = this.semantic.model;
      // The worker cuts every text at the token cap (and counts those it cuts); chunking keeps texts under it.
      const info = { ...this.semantic.model.info, maxTokens: this.tokenCap() };
      const device = this.options.device ?? 'auto';
      const poolKey = [key, device, this.options.threads, this.options.batchTokens, info.maxTokens].join('|');
      const lease = this.embedders
        .acquire(
          poolKey,
          (startToken) =>
            WorkerEmbedder.start(
              {
                model: info,
                device,
                logger: this.logger,
                ...definedProps({ threads: this.options.threads, batchTokens: this.options.batchTokens, workerPath: this.options.workerPath }),
              },
              startToken,
            ),
          this.closing.token,
        )
        .then((held) => {
          for (const f of held.embedder.fallbacks) this.logger.info(`Device ${f.device} unavailable, fell back: ${briefReason(f.reason)}`);
          this.logger.info(`Embedding with ${info.id} on ${held.embedder.device}.`);
          this.store.setMeta('device', held.embedder.device);
          return held;
        });
      // A failed start is not kept: the next call tries again. A runtime that cannot load here is remembered.
      lease.catch((err: unknown) => {
        if (this.lease === lease) this.lease = undefined;
        if (err instanceof CodeloupeError && err.code === 'E_NATIVE_MODULE') this.runtimeMissing = err.message;
      });
      this.lease = lease;
    }
    return whenNotCancelled(this.lease.then((held) => held.embedder), token);
  }

  /**
   * Embeds a query or a snippet, cut to the chunk budget (512 tokens by default): stored chunks are no longer,
   * and the model's memory grows with the square of the input's length (a 100 KB query took 3.4 GB uncut).
   */
  private async embedOne(text: string, kind: 'query' | 'document', token?: CancellationToken): Promise<Float32Array> {
    const embedder = await this.embedder(token);
    const input = this.semantic.ok ? this.semantic.model.tokenizer.truncate(text, this.chunking().maxTokens) : text;
    const result = await embedder.embed([input], kind, token);
    const vector = result.vectors[0];
    if (!vector) throw new CodeloupeError('E_EMBED_FAILED', `The model could not embed the ${kind}: ${result.failures[0]?.error.message ?? 'unknown error'}.`);
    return vector;
  }

  private searchSources(token?: CancellationToken): SearchSources {
    const unavailable = this.semanticUnavailable();
    if (unavailable !== undefined || !this.vectors) return { store: this.store, semanticUnavailable: unavailable ?? 'no vectors' };
    return { store: this.store, vectors: this.vectors, embedQuery: (q) => this.embedOne(q, 'query', token) };
  }
}

/** The index's writer lock: one process at a time creates, migrates or updates an index. */
/** The writer lock now, or E_INDEX_LOCKED naming its holder. */
/** Chunking by the length estimate (no tokenizer), under `key`. */
function estimateChunking(key: string, maxTokens: number): { key: string } & ChunkRequest {
  const counting: TokenCounting = { kind: 'estimate', charsPerToken: ESTIMATED_CHARS_PER_TOKEN };
  return { key, maxTokens, ...estimateCounter(ESTIMATED_CHARS_PER_TOKEN), counting };
}

async function tryWriterLock(indexDir: string): Promise<FileLock> {
  const path = join(indexDir, 'writer.lock');
  const lock = FileLock.tryAcquire(path, 'updating the index');
  if (lock) return lock;
  const holder = FileLock.holder(path);
  throw new CodeloupeError('E_INDEX_LOCKED', `${holder ? describeHolder(holder) : 'Another process'} is updating the index in ${indexDir}.`, {
    hint: 'Background embedding goes on after the next index run.',
  });
}

async function acquireWriterLock(indexDir: string, logger: Logger, token: CancellationToken | undefined): Promise<FileLock> {
  return FileLock.acquire(join(indexDir, 'writer.lock'), {
    purpose: 'updating the index',
    ...definedProps({ token }),
    onWait: (holder, clearHint) => logger.warn(`Waiting for ${describeHolder(holder)}, which is updating the index in ${indexDir}. ${clearHint}`),
  });
}

/**
 * An index records the folder it belongs to, and refuses another one: pointing `--index-dir` at another
 * folder's index would otherwise delete that folder's entries as "files that no longer exist".
 */
function claimFolder(store: IndexStore, root: string, indexDir: string, write: boolean): void {
  const owner = store.getMeta('root');
  if (owner === undefined) {
    if (write) store.setMeta('root', root);
    return;
  }
  if (owner !== root) {
    throw new CodeloupeError('E_INDEX_FOREIGN', `The index in ${indexDir} belongs to ${owner}, not to ${root}.`, {
      hint: `Choose another --index-dir for ${root}, or delete ${indexDir} if ${owner} no longer needs its index.`,
    });
  }
}

/** `promise`, or the cancellation error as soon as `token` is cancelled (the work behind `promise` goes on). */
function whenNotCancelled<T>(promise: Promise<T>, token: CancellationToken): Promise<T> {
  if (token === neverCancelled) return promise;
  if (token.isCancellationRequested) return Promise.reject(new CancelledError());
  return new Promise<T>((resolve, reject) => {
    const subscription = token.onCancellationRequested(() => reject(new CancelledError()));
    promise.then(resolve, reject).finally(() => subscription.dispose());
  });
}

function vectorIndexPath(indexDir: string): string {
  return join(indexDir, 'vectors.hnsw');
}


