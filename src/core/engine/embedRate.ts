import type { IndexProgress } from './ports';

/** The store's meta key holding the last measured embedding rate (texts per second, as a decimal string). */
export const EMBED_RATE_META = 'embed_rate';

/** Measure over at least this long and this many texts before trusting a rate. */
const MIN_SECONDS = 2;
const MIN_TEXTS = 8;
/** How often a running measurement is written, so another process (`codeloupe status`) sees it. */
const WRITE_EVERY_MS = 5000;

/**
 * Measures how many texts per second an index run embeds (wall time of the embed stage, so batching and
 * storing count too) and keeps it in the store's meta, from which the ETA of the remaining texts is
 * estimated (`semanticCoverage`). Fed with the run's progress; written every few seconds and at the end.
 */
export class EmbedRateMeter {
  private start: { at: number; done: number } | undefined;
  private last: { at: number; done: number } | undefined;
  private writtenAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly write: (rate: number) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  observe(p: IndexProgress): void {
    if (p.phase !== 'embed') return;
    const at = this.now();
    this.start ??= { at, done: p.done };
    this.last = { at, done: p.done };
    if (at - this.writtenAt >= WRITE_EVERY_MS) this.flush();
  }

  /** Texts per second so far, once enough has been measured. */
  get rate(): number | undefined {
    if (!this.start || !this.last) return undefined;
    const seconds = (this.last.at - this.start.at) / 1000;
    const texts = this.last.done - this.start.done;
    return seconds >= MIN_SECONDS && texts >= MIN_TEXTS ? texts / seconds : undefined;
  }

  /** Writes the rate measured so far (the run ends, or is cancelled). */
  flush(): void {
    const rate = this.rate;
    if (rate === undefined) return;
    this.writtenAt = this.now();
    this.write(rate);
  }
}

/** Samples older than this no longer count: the rate follows load changes within a minute. */
const WINDOW_MS = 60_000;
/** Before this much time has passed, a rate is too noisy to promise an ETA with. */
const MIN_SPAN_MS = 2_000;

/**
 * The live rate over the last minute (texts per second), for the progress and ETA of an embed stage while
 * it runs (the meter above keeps the stage's rate in the index). Pure: the clock is passed in.
 */
export class EmbedRate {
  private readonly samples: { at: number; done: number }[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Call with the running total of texts done (embedded or failed). */
  record(done: number): void {
    const at = this.now();
    this.samples.push({ at, done });
    while (this.samples.length > 2 && this.samples[1]!.at <= at - WINDOW_MS) this.samples.shift();
  }

  /** Texts per second over the window, or undefined until enough time has passed. */
  textsPerSecond(): number | undefined {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < MIN_SPAN_MS) return undefined;
    return ((last.done - first.done) * 1000) / (last.at - first.at);
  }
}

/** Seconds until `pending` texts are embedded at `textsPerSecond`; undefined without a usable rate. */
export function etaSeconds(pending: number, textsPerSecond: number | undefined): number | undefined {
  if (pending === 0) return 0;
  if (textsPerSecond === undefined || !(textsPerSecond > 0)) return undefined;
  return Math.ceil(pending / textsPerSecond);
}
