import { rm } from 'node:fs/promises';
import type { CancellationToken } from '../core/cancellation';
import type { IndexReport } from '../core/engine/indexReport';
import { isCancelled, toCodeloupeError } from '../core/errors';
import type { Logger } from '../core/logger';
import { isEmptyScope, scopeMatcher, type SearchScope } from '../core/search/searchScope';
import type { SearchMode } from '../core/types';
import type { FolderEngine, OpenFolderEngine, QueryUnit } from './folderEngine';
import { Throttle } from './progressThrottle';
import type { FolderActivity, FolderConfig, FolderResult, FolderStatus, NotificationName, Notifications, RunProgress } from '../shared/protocol';
import { RunQueue, type RunInfo } from './runQueue';

export type Notify = <N extends NotificationName>(method: N, params: Notifications[N]) => void;

const PROGRESS_INTERVAL_MS = 150;
/** A search narrowed to languages or paths ranks this many times k candidates before filtering. */
const SCOPE_DEPTH = 10;
const MAX_SCOPED_CANDIDATES = 1000;
/** During a run, the folder's counts (files, chunks, vectors) are sent at most this often, and at each new phase. */
const STATUS_INTERVAL_MS = 2000;

/** One workspace folder inside the engine server: its index, its queue of index runs, its activity. */
export class FolderHost {
  private readonly queue: RunQueue;
  private progress: { runId: number; value: RunProgress } | undefined;
  private lastError: FolderActivity | undefined;
  private readonly progressThrottle: Throttle<{ runId: number; progress: RunProgress }>;
  private readonly statusThrottle: Throttle<null>;

  private constructor(
    readonly config: FolderConfig,
    private readonly index: FolderEngine,
    private readonly notify: Notify,
  ) {
    const folderId = config.folderId;
    this.progressThrottle = new Throttle(PROGRESS_INTERVAL_MS, (p) => notify('progress', { folderId, ...p }));
    // Counted when sent (the store's counts are cheap queries), so clients show true counts while a run
    // rebuilds the index, not the ones from before it (issue 14).
    this.statusThrottle = new Throttle(STATUS_INTERVAL_MS, () => notify('status', { folderId, status: this.status() }));
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
    return new FolderHost(config, index, notify);
  }

  get folderId(): string {
    return this.config.folderId;
  }

  activity(): FolderActivity {
    // A paused folder says so at once, even while its active run winds down to the end of its batch.
    if (this.queue.isPaused) return { state: 'paused', pending: this.queue.hasPending || this.queue.activeRun !== undefined };
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
  }

  resume(): void {
    this.queue.resume();
  }

  stopIndexing(): void {
    this.queue.stop();
  }

  /** Results of this folder, and why they are lexical only when they are (never an error: clients say why). */
  async search(query: string, k: number, mode: SearchMode, token?: CancellationToken, scope?: SearchScope): Promise<{ results: FolderResult[]; lexicalOnly?: string }> {
    // A scoped search looks at the best SCOPE_DEPTH × k matches and keeps those in scope.
    const scoped = !isEmptyScope(scope);
    const depth = scoped ? Math.min(k * SCOPE_DEPTH, MAX_SCOPED_CANDIDATES) : k;
    const answer = await this.index.search(query, { k: depth, mode, lexicalFallback: true, ...(token && { token }) });
    const inScope = scoped ? answer.results.filter(scopeMatcher(scope!)).slice(0, k) : answer.results;
    return { ...answer, results: inScope.map((r) => ({ ...r, folderId: this.folderId })) };
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
    await this.queue.close();
    this.progressThrottle.cancel();
    this.statusThrottle.cancel();
    await this.index.close();
    if (deleteIndex) await rm(this.config.indexDir, { recursive: true, force: true });
  }

  private execute(run: RunInfo, token: CancellationToken): Promise<IndexReport> {
    this.progress = undefined;
    return this.index.update({
      token,
      onProgress: (p) => {
        const value = { phase: p.phase, done: p.done, total: p.total };
        const newPhase = this.progress?.runId !== run.id || this.progress.value.phase !== p.phase;
        this.progress = { runId: run.id, value };
        this.progressThrottle.push({ runId: run.id, progress: value });
        this.statusThrottle.push(null);
        if (newPhase) this.statusThrottle.flush();
      },
      ...(run.paths && { paths: [...run.paths] }),
    });
  }

  private finished(run: RunInfo, outcome: { report: IndexReport } | { error: unknown }): void {
    this.progressThrottle.flush();
    // runFinished carries the status as the run ends.
    this.statusThrottle.cancel();
    const full = run.paths === undefined;
    if ('report' in outcome) {
      this.notify('runFinished', { folderId: this.folderId, runId: run.id, full, report: outcome.report, status: this.status() });
    } else if (!isCancelled(outcome.error)) {
      const error = toCodeloupeError(outcome.error);
      this.lastError = { state: 'failed', error: error.serialize() };
      this.notify('log', { level: 'error', folderId: this.folderId, message: `Index run failed: ${error.describe()}${stackOf(outcome.error)}` });
    }
  }
}

function folderLogger(folderId: string, notify: Notify): Logger {
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string) => notify('log', { level, message, folderId });
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

function stackOf(err: unknown): string {
  return err instanceof Error && err.stack ? `\n${err.stack}` : '';
}
