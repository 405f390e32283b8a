import { rm } from 'node:fs/promises';
import type { CancellationToken } from '../core/cancellation';
import type { IndexReport } from '../core/engine/indexReport';
import { isCancelled, toCodeloupeError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { SearchMode } from '../core/types';
import type { FolderEngine, OpenFolderEngine, QueryUnit } from './folderEngine';
import { Throttle } from './progressThrottle';
import type { FolderActivity, FolderConfig, FolderResult, FolderStatus, NotificationName, Notifications, RunProgress } from '../shared/protocol';
import { RunQueue, type RunInfo } from './runQueue';
import { BackgroundEmbedding } from './backgroundEmbedding';
import type { EmbedPendingReport } from '../core/engine/codeIndex';
import type { IndexProgress } from '../core/engine/ports';
import type { PriorityHints } from '../core/engine/priorityHints';

export type Notify = <N extends NotificationName>(method: N, params: Notifications[N]) => void;

const PROGRESS_INTERVAL_MS = 150;
/** Background embedding runs for minutes: its progress needs fewer messages. */
const EMBED_PROGRESS_INTERVAL_MS = 1000;

/** One workspace folder inside the engine server: its index, its queue of index runs, its activity. */
export class FolderHost {
  private readonly queue: RunQueue;
  private progress: { runId: number; value: RunProgress } | undefined;
  private lastError: FolderActivity | undefined;
  private readonly progressThrottle: Throttle<{ runId: number; progress: RunProgress }>;
  private readonly embedProgressThrottle: Throttle<RunProgress>;
  private readonly embedding: BackgroundEmbedding;

  private constructor(
    readonly config: FolderConfig,
    private readonly index: FolderEngine,
    private readonly notify: Notify,
  ) {
    const folderId = config.folderId;
    this.progressThrottle = new Throttle(PROGRESS_INTERVAL_MS, (p) => notify('progress', { folderId, ...p }));
    this.embedProgressThrottle = new Throttle(EMBED_PROGRESS_INTERVAL_MS, (progress) => notify('embeddingProgress', { folderId, progress }));
    this.embedding = new BackgroundEmbedding((options) => this.index.embedPending(options), {
      progress: (p) => this.embedProgressThrottle.push({ phase: p.phase, done: p.done, total: p.total, ...rateOf(p) }),
      finished: (report) => this.embeddingFinished(report),
      failed: (error) => this.embeddingFinished(undefined, error),
    });
    this.queue = new RunQueue((run, token) => this.execute(run, token), {
      started: () => {
        this.lastError = undefined;
      },
      finished: (run, outcome) => this.finished(run, outcome),
      changed: () => notify('activity', { folderId, activity: this.activity() }),
    });
  }

  static async open(config: FolderConfig, openIndex: OpenFolderEngine, notify: Notify): Promise<FolderHost> {
    const index = await openIndex(config, folderLogger(config.folderId, notify));
    const host = new FolderHost(config, index, notify);
    // Texts left without a vector by an earlier session are embedded without waiting for an index run.
    host.embedding.kick();
    return host;
  }

  get folderId(): string {
    return this.config.folderId;
  }

  activity(): FolderActivity {
    // A paused folder says so at once, even while its active run winds down to the end of its batch.
    if (this.queue.isPaused) return { state: 'paused', pending: this.queue.hasPending || this.queue.activeRun !== undefined || (this.index.status().embedding?.pending ?? 0) > 0 };
    const run = this.queue.activeRun;
    if (run) {
      const progress = this.progress?.runId === run.id ? this.progress.value : undefined;
      return { state: 'indexing', runId: run.id, full: run.paths === undefined, ...(progress && { progress }) };
    }
    return this.lastError ?? { state: 'idle' };
  }

  status(): FolderStatus {
    const reason = this.index.semanticUnavailable();
    return {
      folderId: this.folderId,
      ...this.index.status(),
      ...(reason !== undefined && { semanticUnavailable: reason }),
      activity: this.activity(),
    };
  }

  update(paths: readonly string[] | undefined, token: CancellationToken): Promise<IndexReport> {
    return this.queue.request(paths, token);
  }

  pause(): void {
    this.queue.pause();
    this.embedding.pause();
  }

  resume(): void {
    this.queue.resume();
    this.embedding.resume();
  }

  stopIndexing(): void {
    this.queue.stop();
    this.embedding.stop();
  }

  /** Open and recent files of this folder: their texts are embedded first. */
  setPriorityHints(hints: PriorityHints): void {
    this.index.setPriorityHints(hints);
  }

  /** Results of this folder, and why they are lexical only when they are (never an error: clients say why). */
  async search(query: string, k: number, mode: SearchMode, token?: CancellationToken): Promise<{ results: FolderResult[]; lexicalOnly?: string }> {
    const answer = await this.index.search(query, { k, mode, lexicalFallback: true, ...(token && { token }) });
    return { ...answer, results: answer.results.map((r) => ({ ...r, folderId: this.folderId })) };
  }

  async similarAt(file: string, line: number, k: number, token?: CancellationToken): Promise<{ query?: QueryUnit; results: FolderResult[]; mode: 'semantic' | 'lexical'; lexicalOnly?: string }> {
    const answer = await this.index.similar({ file, line }, k, token);
    return { ...answer, results: answer.results.map((r) => ({ ...r, folderId: this.folderId })) };
  }

  async similarTo(code: string, k: number, token?: CancellationToken): Promise<{ results: FolderResult[]; mode: 'semantic' | 'lexical'; lexicalOnly?: string }> {
    const { query: _query, ...answer } = await this.index.similar({ code }, k, token);
    return { ...answer, results: answer.results.map((r) => ({ ...r, folderId: this.folderId })) };
  }

  /** Stops indexing, closes the engine, and with `deleteIndex` removes the index directory. */
  async close(deleteIndex = false): Promise<void> {
    await Promise.all([this.queue.close(), this.embedding.close()]);
    this.progressThrottle.cancel();
    this.embedProgressThrottle.cancel();
    await this.index.close();
    if (deleteIndex) await rm(this.config.indexDir, { recursive: true, force: true });
  }

  private execute(run: RunInfo, token: CancellationToken): Promise<IndexReport> {
    this.progress = undefined;
    return this.index.update({
      token,
      embed: false,
      onProgress: (p) => {
        const value = { phase: p.phase, done: p.done, total: p.total, ...rateOf(p) };
        this.progress = { runId: run.id, value };
        this.progressThrottle.push({ runId: run.id, progress: value });
      },
      ...(run.paths && { paths: [...run.paths] }),
    });
  }

  private embeddingFinished(report: EmbedPendingReport | undefined, error?: unknown): void {
    this.embedProgressThrottle.flush();
    const failure = error === undefined || isCancelled(error) ? undefined : toCodeloupeError(error);
    if (failure) this.notify('log', { level: 'error', folderId: this.folderId, message: `Background embedding failed: ${failure.describe()}${stackOf(error)}` });
    if (report && report.failed > 0) {
      this.notify('log', { level: 'warn', folderId: this.folderId, message: `${report.failed} texts could not be embedded (they stay searchable lexically); first: ${report.failures[0]?.file}:${report.failures[0]?.line} ${report.failures[0]?.message}` });
    }
    const status = this.status();
    this.notify('embeddingFinished', {
      folderId: this.folderId,
      embedded: report?.embedded ?? 0,
      failed: report?.failed ?? 0,
      pending: status.embedding?.pending ?? report?.pending ?? 0,
      cancelled: report?.cancelled ?? (error !== undefined && isCancelled(error)),
      ...(failure && { error: failure.serialize() }),
      status,
    });
  }

  private finished(run: RunInfo, outcome: { report: IndexReport } | { error: unknown }): void {
    this.progressThrottle.flush();
    const full = run.paths === undefined;
    if ('report' in outcome) {
      this.notify('runFinished', { folderId: this.folderId, runId: run.id, full, report: outcome.report, status: this.status() });
      if (!outcome.report.cancelled) this.embedding.kick();
    } else if (!isCancelled(outcome.error)) {
      const error = toCodeloupeError(outcome.error);
      this.lastError = { state: 'failed', error: error.serialize() };
      this.notify('log', { level: 'error', folderId: this.folderId, message: `Index run failed: ${error.describe()}${stackOf(outcome.error)}` });
    }
  }
}

function rateOf(p: IndexProgress): Pick<IndexProgress, 'textsPerSecond' | 'etaSeconds'> {
  return { ...(p.textsPerSecond !== undefined && { textsPerSecond: p.textsPerSecond }), ...(p.etaSeconds !== undefined && { etaSeconds: p.etaSeconds }) };
}

function folderLogger(folderId: string, notify: Notify): Logger {
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string) => notify('log', { level, message, folderId });
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

function stackOf(err: unknown): string {
  return err instanceof Error && err.stack ? `\n${err.stack}` : '';
}
