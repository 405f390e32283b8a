import { CancellationSource, type CancellationToken } from '../core/cancellation';
import type { EmbedPendingReport } from '../core/engine/codeIndex';
import type { IndexProgress } from '../core/engine/ports';

export type EmbedPending = (options: { token: CancellationToken; onProgress: (p: IndexProgress) => void }) => Promise<EmbedPendingReport>;

export interface BackgroundEmbeddingEvents {
  progress(progress: IndexProgress): void;
  finished(report: EmbedPendingReport): void;
  failed(error: unknown): void;
}

/**
 * One folder's embedding of pending texts, off the index runs' queue: index runs stop after the lexical
 * index (a save is searchable at once) and kick this, which embeds until nothing is pending. A kick while
 * it runs makes it go once more when it ends (the run may have added texts it had passed). Pause holds it
 * until resume; stop ends it until the next kick.
 */
export class BackgroundEmbedding {
  private running: { source: CancellationSource; done: Promise<void> } | undefined;
  private again = false;
  private paused = false;
  private closed = false;

  constructor(
    private readonly embedPending: EmbedPending,
    private readonly events: BackgroundEmbeddingEvents,
  ) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  kick(): void {
    if (this.closed || this.paused) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const source = new CancellationSource();
    const done = this.embedPending({ token: source.token, onProgress: (p) => this.events.progress(p) }).then(
      (report) => this.ended(source, () => this.events.finished(report), !report.cancelled && report.skipped === undefined),
      (error: unknown) => this.ended(source, () => this.events.failed(error), false),
    );
    this.running = { source, done };
  }

  pause(): void {
    this.paused = true;
    this.cancel();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.kick();
  }

  /** Ends the current embedding; the next kick starts again. */
  stop(): void {
    this.cancel();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cancel();
    await this.running?.done;
  }

  private cancel(): void {
    this.again = false;
    this.running?.source.cancel();
  }

  private ended(source: CancellationSource, report: () => void, mayGoAgain: boolean): void {
    if (this.running?.source === source) this.running = undefined;
    const again = this.again && mayGoAgain;
    this.again = false;
    try {
      report();
    } finally {
      if (again) this.kick();
    }
  }
}
