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
