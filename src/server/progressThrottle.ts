/**
 * Passes on at most one value per interval, always the latest, and never drops the last one: progress
 * from a scan of 100,000 files becomes a few messages a second. `flush` sends a held value now.
 */
export class Throttle<T> {
  private held: { value: T } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastSent = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (value: T) => void,
    private readonly now: () => number = Date.now,
  ) {}

  push(value: T): void {
    const wait = this.lastSent + this.intervalMs - this.now();
    if (wait <= 0 && !this.timer) {
      this.emit(value);
      return;
    }
    this.held = { value };
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, wait));
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const held = this.held;
    this.held = undefined;
    if (held) this.emit(held.value);
  }

  /** Drops a held value without sending it. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.held = undefined;
  }

  private emit(value: T): void {
    this.lastSent = this.now();
    this.send(value);
  }
}
