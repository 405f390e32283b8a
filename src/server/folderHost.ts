import type { SpellingCorrection } from '../core/search/spelling';
import { rm } from 'node:fs/promises';
import type { CancellationToken } from '../core/cancellation';
import type { EmbedPendingReport } from '../core/engine/codeIndex';
import type { IndexReport } from '../core/engine/indexReport';
import type { IndexProgress } from '../core/engine/ports';
import type { PriorityHints } from '../core/engine/priorityHints';
import { isCancelled, toCodeloupeError } from '../core/errors';
import type { Logger } from '../core/logger';
import { isEmptyScope, scopeMatcher, type SearchScope } from '../core/search/searchScope';
import type { SearchMode } from '../core/types';
import type { FolderEngine, OpenFolderEngine, QueryUnit } from './folderEngine';
import { Throttle } from './progressThrottle';
import type { FolderActivity, FolderConfig, FolderResult, FolderStatus, NotificationName, Notifications, RunProgress } from '../shared/protocol';
import { RunQueue, type RunInfo } from './runQueue';
import { BackgroundEmbedding } from './backgroundEmbedding';
import { definedProps } from '../core/definedProps';

export type Notify = <N extends NotificationName>(method: N, params: Notifications[N]) => void;

const PROGRESS_INTERVAL_MS = 150;
/** A search narrowed to languages or paths ranks this many times k candidates before filtering. */
const SCOPE_DEPTH = 10;
const MAX_SCOPED_CANDIDATES = 1000;
/** During a run, the folder's counts (files, chunks, vectors) are sent at most this often, and at each new phase. */
const STATUS_INTERVAL_MS = 2000;
/** Background embedding runs for minutes: its progress (in the activity) is sent at most this often. */
const EMBED_PROGRESS_INTERVAL_MS = 1000;

/**
 * One workspace folder inside the engine server: its index, its queue of index runs, its background
 * embedding (index runs end with the lexical index; vectors follow, what the user looks at first), and its
 * activity.
 */
export class FolderHost {
  private readonly queue: RunQueue;
  private progress: { runId: number; value: RunProgress } | undefined;
  private lastError: FolderActivity | undefined;
  private readonly progressThrottle: Throttle<{ runId: number; progress: RunProgress }>;
  private readonly statusThrottle: Throttle<null>;
  private readonly activityThrottle: Throttle<null>;
  private readonly embedding: BackgroundEmbedding;
  private embedProgress: RunProgress | undefined;

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
    this.activityThrottle = new Throttle(EMBED_PROGRESS_INTERVAL_MS, () => notify('activity', { folderId, activity: this.activity() }));
    this.embedding = new BackgroundEmbedding((options) => this.index.embedPending(options), {
      progress: (p) => {
        const first = this.embedProgress === undefined;
        this.embedProgress = { phase: p.phase, done: p.done, total: p.total, ...rateOf(p) };
        this.activityThrottle.push(null);
        this.statusThrottle.push(null);
        if (first) this.statusThrottle.flush();
      },
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
    if (this.queue.isPaused) return { state: 'paused', pending: this.queue.hasPending || this.queue.activeRun !== undefined || this.hasPendingTexts() };
    const run = this.queue.activeRun;
    if (run) {
      const progress = this.progress?.runId === run.id ? this.progress.value : undefined;
      return { state: 'indexing', runId: run.id, full: run.paths === undefined, ...(progress && { progress }) };
    }
    // Only once it has work: an embedding that finds nothing pending ends at once, unseen.
    if (this.embedding.isRunning && this.embedProgress && this.embedProgress.done < this.embedProgress.total) return { state: 'embedding', progress: this.embedProgress };
    return this.lastError ?? { state: 'idle' };
  }

  status(): FolderStatus {
    const reason = this.index.semanticUnavailable();
    return {
      folderId: this.folderId,
      ...this.index.status(),
      ...definedProps({ semanticUnavailable: reason }),
      activity: this.activity(),
    };
  }

  /** `embed`: the run embeds what it leaves pending before it ends (else vectors follow in the background). */
  update(paths: readonly string[] | undefined, token: CancellationToken, embed = false): Promise<IndexReport> {
    return this.queue.request(paths, token, { embed });
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
  async search(query: string, k: number, mode: SearchMode, token?: CancellationToken, scope?: SearchScope): Promise<{ results: FolderResult[]; lexicalOnly?: string; corrected?: SpellingCorrection[] }> {
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
    await Promise.all([this.queue.close(), this.embedding.close()]);
    this.progressThrottle.cancel();
    this.statusThrottle.cancel();
    this.activityThrottle.cancel();
    await this.index.close();
    if (deleteIndex) await rm(this.config.indexDir, { recursive: true, force: true });
  }

  private execute(run: RunInfo, token: CancellationToken): Promise<IndexReport> {
    this.progress = undefined;
    // A run that embeds itself takes over from the background embedding (which would take the same texts).
    if (run.embed) this.embedding.stop();
    return this.index.update({
      token,
      embed: run.embed,
      onProgress: (p) => {
        const value = { phase: p.phase, done: p.done, total: p.total, ...rateOf(p) };
        const newPhase = this.progress?.runId !== run.id || this.progress.value.phase !== p.phase;
        this.progress = { runId: run.id, value };
        this.progressThrottle.push({ runId: run.id, progress: value });
        this.statusThrottle.push(null);
        if (newPhase) this.statusThrottle.flush();
      },
      ...(run.paths && { paths: [...run.paths] }),
    })
      // Stopped after its last check (the keyword index complete, nothing left but to return): it still counts
      // as cancelled, so that the background embedding does not start against the user's Cancel and the user
      // is offered Resume, as for any cancelled run. What it finished is kept either way.
      .then((report) => (token.isCancellationRequested && !report.cancelled ? { ...report, cancelled: true } : report))
      // The run's last progress goes out before whoever waits for the run hears that it ended.
      .finally(() => this.progressThrottle.flush());
  }

  private hasPendingTexts(): boolean {
    const status = this.index.status();
    return 'id' in status.model && status.embedded < status.texts;
  }

  private embeddingFinished(report: EmbedPendingReport | undefined, error?: unknown): void {
    this.activityThrottle.cancel();
    this.statusThrottle.cancel();
    const ran = this.embedProgress !== undefined;
    this.embedProgress = undefined;
    // Nothing was pending: nothing to tell.
    if (!ran && error === undefined && report !== undefined && report.embedded === 0 && report.failed === 0 && report.skipped === undefined) return;
    const failure = error === undefined || isCancelled(error) ? undefined : toCodeloupeError(error);
    if (failure) this.notify('log', { level: 'error', folderId: this.folderId, message: `Background embedding failed: ${failure.describe()}${stackOf(error)}` });
    if (report?.skipped !== undefined && report.pending > 0) this.notify('log', { level: 'info', folderId: this.folderId, message: `Background embedding waits: ${report.skipped}` });
    if (report && report.failed > 0) {
      const first = report.failures[0];
      this.notify('log', { level: 'warn', folderId: this.folderId, message: `${report.failed} texts could not be embedded (they stay searchable by keywords); first: ${first?.file}:${first?.line} ${first?.message}` });
    }
    const status = this.status();
    this.notify('embeddingFinished', {
      folderId: this.folderId,
      embedded: report?.embedded ?? 0,
      failed: report?.failed ?? 0,
      pending: status.texts - status.embedded,
      cancelled: report?.cancelled ?? (error !== undefined && isCancelled(error)),
      ...(failure && { error: failure.serialize() }),
      status,
    });
    this.notify('activity', { folderId: this.folderId, activity: status.activity });
  }

  private finished(run: RunInfo, outcome: { report: IndexReport } | { error: unknown }): void {
    this.progressThrottle.flush();
    // runFinished carries the status as the run ends.
    this.statusThrottle.cancel();
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
  return { ...definedProps({ textsPerSecond: p.textsPerSecond, etaSeconds: p.etaSeconds }) };
}

function folderLogger(folderId: string, notify: Notify): Logger {
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string) => notify('log', { level, message, folderId });
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

function stackOf(err: unknown): string {
  return err instanceof Error && err.stack ? `\n${err.stack}` : '';
}
