/** Counts worker crashes in a sliding time window, like a language client's restart limit. */

export interface CrashBudgetLimits {
  maxCrashes: number;
  windowMs: number;
}

export const DEFAULT_CRASH_BUDGET: CrashBudgetLimits = { maxCrashes: 4, windowMs: 3 * 60_000 };

export class CrashBudget {
  private readonly times: number[] = [];

  constructor(
    readonly limits: CrashBudgetLimits = DEFAULT_CRASH_BUDGET,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash; false once more than `maxCrashes` fell within the window. */
  record(): boolean {
    const t = this.now();
    this.times.push(t);
    while (this.times.length > 0 && this.times[0] <= t - this.limits.windowMs) this.times.shift();
    return this.times.length <= this.limits.maxCrashes;
  }

  get recent(): number {
    return this.times.length;
  }
}
