import { realScheduler, type Scheduler } from '../../shared/scheduler';

/** Calls `action` with the latest value once no new value came for `delayMs`. */
export class Debouncer<T> {
  private handle: unknown;
  private armed = false;

  constructor(
    private readonly delayMs: number,
    private readonly action: (value: T) => void,
    private readonly scheduler: Scheduler = realScheduler,
  ) {}

  trigger(value: T): void {
    this.cancel();
    this.armed = true;
    this.handle = this.scheduler.setTimeout(() => {
      this.armed = false;
      this.action(value);
    }, this.delayMs);
  }

  cancel(): void {
    if (this.armed) this.scheduler.clearTimeout(this.handle);
    this.armed = false;
  }

  dispose(): void {
    this.cancel();
  }
}
