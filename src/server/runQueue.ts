import { CancellationSource, type CancellationToken } from '../core/cancellation';
import type { IndexReport } from '../core/engine/indexReport';
import { CancelledError, isCancelled } from '../core/errors';

/** One index run: the whole folder, or a set of relative paths. */
export interface RunInfo {
  readonly id: number;
  /** undefined = the whole folder. */
  readonly paths: ReadonlySet<string> | undefined;
  /** Some request wants the run to embed what it leaves pending before it ends (else vectors follow in the background). */
  readonly embed: boolean;
}

interface Waiter {
  resolve(report: IndexReport): void;
  reject(err: unknown): void;
  unsubscribe?: () => void;
}

interface Run extends RunInfo {
  paths: Set<string> | undefined;
  embed: boolean;
  waiters: Set<Waiter>;
  /** Kept even when every waiter gave up: a run remembered by pause, to be done on resume. */
  keep: boolean;
  source?: CancellationSource;
  /** Set by pause: when the run ends cancelled, its scope and waiters go back to the queue. */
  requeue?: boolean;
}

export interface RunQueueEvents {
  started(run: RunInfo): void;
  finished(run: RunInfo, outcome: { report: IndexReport } | { error: unknown }): void;
  /** Paused, resumed, queued or dropped: anything that changes what the folder reports as its activity. */
  changed(): void;
}

export type RunExecutor = (run: RunInfo, token: CancellationToken) => Promise<IndexReport>;

/**
 * Serialises the index runs of one folder. Requests that arrive while a run is active merge into one
 * pending run (a whole-folder request absorbs path requests). Pause cancels the active run (the engine
 * stops after its current batch and keeps what it finished) and remembers it for resume; stop drops it.
 */
export class RunQueue {
  private active: Run | undefined;
  private pending: Run | undefined;
  private paused = false;
  private closed = false;
  private nextId = 1;
  private activeDone: Promise<void> = Promise.resolve();

  constructor(
    private readonly execute: RunExecutor,
    private readonly events: RunQueueEvents,
  ) {}

  get isPaused(): boolean {
    return this.paused;
  }

  get hasPending(): boolean {
    return this.pending !== undefined;
  }

  get activeRun(): RunInfo | undefined {
    return this.active;
  }

  /** Resolves with the report of the run that covered the request; rejects with CancelledError if dropped. */
  request(paths: readonly string[] | undefined, token?: CancellationToken, options: { embed?: boolean } = {}): Promise<IndexReport> {
    if (this.closed) return Promise.reject(new CancelledError());
    const run = this.pendingRun();
    mergeScope(run, paths === undefined ? undefined : new Set(paths));
    if (options.embed) run.embed = true;
    const promise = new Promise<IndexReport>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      run.waiters.add(waiter);
      if (token) {
        const subscription = token.onCancellationRequested(() => this.abandon(waiter));
        waiter.unsubscribe = () => subscription.dispose();
      }
    });
    this.events.changed();
    this.pump();
    return promise;
  }

  pause(): void {
    if (this.paused || this.closed) return;
    this.paused = true;
    if (this.active) {
      this.active.requeue = true;
      this.active.source?.cancel();
    }
    this.events.changed();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.events.changed();
    this.pump();
  }

  /** Cancels the active run and drops the queued one; their waiters are rejected with CancelledError. */
  stop(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) rejectAll(pending, new CancelledError());
    if (this.active) {
      this.active.requeue = false;
      this.active.source?.cancel();
    }
    this.events.changed();
  }

  /** Stops everything and waits for the active run to end. */
  async close(): Promise<void> {
    this.closed = true;
    this.stop();
    await this.activeDone;
  }

  private pendingRun(): Run {
    this.pending ??= { id: this.nextId++, paths: new Set(), embed: false, waiters: new Set(), keep: false };
    return this.pending;
  }

  private abandon(waiter: Waiter): void {
    for (const run of [this.active, this.pending]) {
      if (!run?.waiters.delete(waiter)) continue;
      waiter.reject(new CancelledError());
      if (run.waiters.size > 0 || run.keep) return;
      if (run === this.active) {
        run.requeue = false;
        run.source?.cancel();
      } else {
        this.pending = undefined;
        this.events.changed();
      }
      return;
    }
  }

  private pump(): void {
    if (this.active || !this.pending || this.paused || this.closed) return;
    const run = this.pending;
    this.pending = undefined;
    this.active = run;
    const source = (run.source = new CancellationSource());
    this.events.started(run);
    this.events.changed();
    this.activeDone = this.execute(run, source.token).then(
      (report) => this.finish(run, { report }),
      (error: unknown) => this.finish(run, { error }),
    );
  }

  private finish(run: Run, outcome: { report: IndexReport } | { error: unknown }): void {
    this.active = undefined;
    const cancelled = 'report' in outcome ? outcome.report.cancelled : isCancelled(outcome.error);
    if (cancelled && run.requeue && !this.closed) {
      // Paused: the run and whoever waits for it go back to the queue, to be done on resume.
      const next = this.pendingRun();
      mergeScope(next, run.paths);
      if (run.embed) next.embed = true;
      next.keep = true;
      for (const w of run.waiters) next.waiters.add(w);
    } else if ('report' in outcome) {
      for (const w of run.waiters) settle(w, () => w.resolve(outcome.report));
    } else {
      rejectAll(run, outcome.error);
    }
    try {
      this.events.finished(run, outcome);
    } finally {
      this.events.changed();
      this.pump();
    }
  }
}

function mergeScope(run: Run, paths: Set<string> | undefined): void {
  if (run.paths === undefined) return;
  if (paths === undefined) run.paths = undefined;
  else for (const p of paths) run.paths.add(p);
}

function settle(waiter: Waiter, action: () => void): void {
  waiter.unsubscribe?.();
  action();
}

function rejectAll(run: Run, error: unknown): void {
  for (const w of run.waiters) settle(w, () => w.reject(error));
  run.waiters.clear();
}
