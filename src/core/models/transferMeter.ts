/** Bytes done, rate and time left of a transfer, from samples over a sliding window. Pure (the clock is given). */

export interface TransferSnapshot {
  doneBytes: number;
  totalBytes: number;
  /** Over the last few seconds; 0 until two samples exist. */
  bytesPerSecond: number;
  /** undefined while the rate is unknown. */
  etaSeconds: number | undefined;
}

const WINDOW_MS = 5_000;

export class TransferMeter {
  private done = 0;
  private readonly samples: { at: number; done: number }[] = [];

  constructor(
    readonly totalBytes: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Bytes already on disk (a resumed file): counted as done, not as speed. */
  skip(bytes: number): void {
    this.done += bytes;
    for (const s of this.samples) s.done += bytes;
  }

  add(bytes: number): void {
    this.done += bytes;
    const at = this.now();
    this.samples.push({ at, done: this.done });
    while (this.samples.length > 2 && at - this.samples[0]!.at > WINDOW_MS) this.samples.shift();
  }

  snapshot(): TransferSnapshot {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const seconds = first && last ? (last.at - first.at) / 1000 : 0;
    const bytesPerSecond = seconds > 0 ? (last!.done - first!.done) / seconds : 0;
    const left = Math.max(0, this.totalBytes - this.done);
    return {
      doneBytes: this.done,
      totalBytes: this.totalBytes,
      bytesPerSecond,
      etaSeconds: left === 0 ? 0 : bytesPerSecond > 0 ? left / bytesPerSecond : undefined,
    };
  }
}

/** 1.5 MB, 312 kB, 12 B (decimal units, as the Hub shows sizes). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(0)} kB`;
  return `${bytes} B`;
}

/** 0:07, 12:30, 1:02:03. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
