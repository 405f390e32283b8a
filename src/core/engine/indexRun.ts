import { CodeloupeError, isCancelled } from '../errors';
import type { CancellationToken } from '../cancellation';
import { planIndexRun } from './runPlan';
import type { IndexStore } from '../store/store';
import type { VectorIndex } from '../store/vectorIndex';
import type { Logger } from '../logger';
import { readSourceFile } from '../scan/readSource';
import { scanFolder } from '../scan/scanner';
import type { ScanOptions } from '../scan/scanOptions';
import type { ScannedFile } from '../types';
import { runChunkStage, type ChunkStageInput, type ChunkStageResult } from './chunkStage';
import { EMBED_RATE_META, EmbedRateMeter, type EmbedRate } from './embedRate';
import { emptyTally, runEmbedStage, type EmbedTally } from './embedStage';
import { countSkip, emptyReport, type IndexReport } from './indexReport';
import type { PendingTextQueue } from './pendingTexts';
import type { ChunkRequest, IndexProgress, TextEmbedder, UnitChunker } from './ports';
import type { DeviceFallback } from '../embed/devices';
import { unavailableFrom, type SemanticModel, type SemanticUnavailable } from './semanticModel';
import { scanPaths } from './scopedScan';
import { syncVectorIndex } from './vectorSync';
import { definedProps } from '../definedProps';

export interface IndexRunInput {
  root: string;
  store: IndexStore;
  chunker: UnitChunker;
  /** Chunks many files at once on other threads (large runs); absent: everything is chunked by `chunker`. */
  parallelChunker?: UnitChunker;
  logger: Logger;
  scan: ScanOptions;
  chunking: { key: string } & ChunkRequest;
  /**
   * Chunking that counts no tokens (windows cut by an estimate), for the keyword index of a large run: it is
   * written with this first, so that lexical search does not wait for token counting, then long units are cut
   * again by `chunking` before anything is embedded. Absent: `chunking` writes the keyword index directly.
   */
  keywordFirst?: { key: string } & ChunkRequest;
  semantic:
    | {
        model: SemanticModel;
        vectors: () => { vectors: VectorIndex; note?: string };
        /** Waiting for the embedder (a worker loading the model) ends when `token` is cancelled. */
        embedder: (token: CancellationToken) => Promise<TextEmbedder & { device: string; fallbacks: readonly DeviceFallback[] }>;
        vectorPath: string;
        /** The texts to embed in priority order; absent: the run leaves them to a background embedding. */
        queue?: () => PendingTextQueue;
        rate?: EmbedRate;
      }
    | { unavailable: string; hint?: string };
  notes: string[];
  scope?: ReadonlySet<string>;
  token: CancellationToken;
  onProgress: (p: IndexProgress) => void;
}

/** Cached vectors that no chunk uses are kept up to this many (branch switches reuse them). */
const KEEP_UNUSED_VECTORS = 20_000;

/**
 * Runs reading at least this many files write the keyword index first (see `keywordFirst`): below it, the
 * second pass would cost more than the token counting it moves (a save, a few edited files).
 */
export const KEYWORD_FIRST_FROM_FILES = 32;

/**
 * One index run: scan → plan → read/chunk/store (lexical search works from here on) → for a large run with a
 * model, chunk again with exact token counts (see `keywordFirst`) → embed what has no vector yet → save.
 * Cancelling keeps everything finished so far; the next run resumes from there.
 */
export async function runIndexUpdate(input: IndexRunInput): Promise<IndexReport> {
  const { store, logger, token } = input;
  const report = emptyReport();
  report.recovered.push(...input.notes);
  const started = performance.now();
  let vectors: VectorIndex | undefined;
  let tally: EmbedTally | undefined;
  try {
    input.onProgress({ phase: 'scan', done: 0, total: 0 });
    const t0 = performance.now();
    const stored = store.listFiles();
    const scoped = input.scope && (await scanPaths(input.root, input.scope, input.scan, new Set(stored.map((f) => f.path))));
    const scope = scoped ? input.scope : undefined;
    const scanned = scoped ?? (await scanFolder(input.root, input.scan, token));
    report.timings.scanMs = performance.now() - t0;
    report.files.scanned = scanned.files.length;
    report.files.ignored = scanned.ignored.gitignore + scanned.ignored.builtin + scanned.ignored.user;
    for (const skipped of scanned.skipped) countSkip(report, skipped);

    const plan = planIndexRun(scanned.files, stored, input.chunking.key, scope);
    report.files.unchanged = plan.unchanged.length;
    const readSource = (file: ScannedFile) =>
      readSourceFile(file, {
        realRoot: input.root,
        followSymlinks: input.scan.followSymlinks ?? false,
        ...definedProps({ maxFileBytes: input.scan.maxFileBytes }),
      });
    const stage = { store, chunker: input.chunker, ...definedProps({ parallelChunker: input.parallelChunker }), readSource, token, onProgress: input.onProgress };
    const keywordFirst = input.keywordFirst !== undefined && plan.toRead.length >= KEYWORD_FIRST_FROM_FILES ? input.keywordFirst : undefined;
    const keywordPass = await runChunkStage({
      ...stage,
      chunkRequest: keywordFirst ?? input.chunking,
      chunkKey: keywordFirst?.key ?? input.chunking.key,
      ...definedProps({ alsoCurrentKey: keywordFirst && input.chunking.key }),
      toRead: plan.toRead,
      toRemove: plan.toRemove,
      report,
    });
    report.timings.lexicalMs = performance.now() - started;
    const writtenHashes = keywordFirst === undefined ? keywordPass.writtenHashes : await cutExactWindows(input, stage, keywordFirst.key, scanned.files, keywordPass, report);

    if ('unavailable' in input.semantic) {
      const { unavailable, hint } = input.semantic;
      report.semantic = { available: false, reason: unavailable, ...definedProps({ hint }), fallbacks: [] };
    } else {
      const semantic = input.semantic;
      const opened = semantic.vectors();
      vectors = opened.vectors;
      if (opened.note) report.recovered.push(opened.note);
      report.vectors.reused = store.countCached(writtenHashes);
      syncVectorIndex(store, vectors);
      const activeVectors = vectors;
      const save = (): void => activeVectors.save(semantic.vectorPath);
      if (semantic.queue && store.hasPendingTexts()) {
        const embedder = await startEmbedder(() => semantic.embedder(token));
        if ('unavailable' in embedder) {
          // ONNX Runtime cannot run here: the keyword index is complete, the texts wait for a runtime that loads.
          report.semantic = { available: false, reason: embedder.unavailable.reason, ...definedProps({ hint: embedder.unavailable.hint }), fallbacks: [] };
        } else {
          report.semantic = { available: true, device: embedder.device, fallbacks: [...embedder.fallbacks] };
          tally = emptyTally();
          const meter = new EmbedRateMeter((rate) => store.setMeta(EMBED_RATE_META, String(rate)));
          try {
            await runEmbedStage({
              store,
              vectors,
              embedder,
              queue: semantic.queue(),
              token,
              onProgress: (p) => {
                meter.observe(p);
                input.onProgress(p);
              },
              onCheckpoint: save,
              tally,
              ...definedProps({ rate: semantic.rate }),
            });
          } finally {
            meter.flush();
          }
        }
      } else {
        report.semantic = { available: true, fallbacks: [] };
      }
      input.onProgress({ phase: 'save', done: 0, total: 1 });
      save();
    }
    store.collectVectorGarbage(KEEP_UNUSED_VECTORS);
    store.setMeta('last_indexed_at', new Date().toISOString());
  } catch (err) {
    if (!isCancelled(err)) throw err;
    report.cancelled = true;
    logger.info('Indexing cancelled; finished work is kept and the next run resumes from it.');
  } finally {
    if (report.cancelled && vectors && !('unavailable' in input.semantic)) vectors.save(input.semantic.vectorPath);
    if (tally) addTally(report, tally);
    report.timings.totalMs = performance.now() - started;
  }
  const counts = store.counts();
  report.chunks.total = counts.chunks;
  report.vectors.pending = 'unavailable' in input.semantic ? counts.distinctTexts : counts.distinctTexts - counts.embeddedTexts;
  return report;
}

/**
 * The second pass of a run that wrote its keyword index first: every file stored under the keyword-first key
 * (this run's, and any an interrupted run left) is read and chunked again with exact token counts (its
 * bytes are usually unchanged; a file edited since is chunked as it is now). The report counts each file
 * once and the chunks this pass writes in place of the first pass's; its time is `windowsMs` alone.
 */
async function cutExactWindows(
  input: IndexRunInput,
  stage: Omit<ChunkStageInput, 'chunkRequest' | 'chunkKey' | 'toRead' | 'toRemove' | 'report'>,
  keywordKey: string,
  scanned: readonly ScannedFile[],
  keywordPass: ChunkStageResult,
  report: IndexReport,
): Promise<Set<string>> {
  const t0 = performance.now();
  const keywordOnly = new Set(input.store.listFiles().flatMap((f) => (f.chunkKey === keywordKey ? [f.path] : [])));
  report.chunks.written -= keywordPass.written;
  const { writtenHashes } = await runChunkStage({
    ...stage,
    chunkRequest: input.chunking,
    chunkKey: input.chunking.key,
    toRead: scanned.filter((f) => keywordOnly.has(f.path)),
    toRemove: [],
    // Its counts go to the run's report, its times stay out of the keyword index's.
    report: { ...report, timings: emptyReport().timings },
    countReads: false,
    countsOutcome: (path) => !keywordPass.rechunked.has(path),
    phase: 'windows',
  });
  report.timings.windowsMs = performance.now() - t0;
  return writtenHashes;
}

function addTally(report: IndexReport, tally: EmbedTally): void {
  report.vectors.embedded += tally.embedded;
  report.vectors.failed += tally.failed;
  report.vectors.failures.push(...tally.failures);
  report.vectors.tokens += tally.tokens;
  report.vectors.paddedTokens += tally.paddedTokens;
  report.vectors.truncated += tally.truncated;
  report.timings.embedMs += tally.embedMs;
  report.timings.tokenizeMs += tally.tokenizeMs;
  report.timings.inferMs += tally.inferMs;
  report.timings.storeMs += tally.storeMs;
}

/** Starts the embedder; a native runtime that cannot load here is an outcome (semantic unavailable), not a failed run. */
async function startEmbedder<E>(start: () => Promise<E>): Promise<E | { unavailable: SemanticUnavailable }> {
  try {
    return await start();
  } catch (err) {
    if (err instanceof CodeloupeError && err.code === 'E_NATIVE_MODULE') return { unavailable: unavailableFrom(err) };
    throw err;
  }
}
