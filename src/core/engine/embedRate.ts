/**
 * The embedding rate over the last minute (texts per second) and the time left at that rate. Pure: the
 * clock is passed in, so tests drive it.
 */

/** Samples older than this no longer count: the rate follows load changes within a minute. */
const WINDOW_MS = 60_000;
/** Before this much time has passed, a rate is too noisy to promise an ETA with. */
const MIN_SPAN_MS = 2_000;

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
