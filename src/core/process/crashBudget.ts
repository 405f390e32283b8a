/**
 * How many unexpected exits a supervised process may have before its supervisor gives up, like a
 * language client's restart limit (vscode-languageclient: 4 restarts in 3 minutes). The embedding worker's
 * supervisor and the extension's engine-server supervisor both use it.
 */

export interface CrashBudgetLimits {
  /** Crashes tolerated within the window; one more inside it exhausts the budget. */
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

  /** Records a crash; false once more than `maxCrashes` fell within the window (a restart is over budget). */
  record(): boolean {
    const t = this.now();
    this.times.push(t);
    while (this.times.length > 0 && this.times[0]! <= t - this.limits.windowMs) this.times.shift();
    return this.times.length <= this.limits.maxCrashes;
  }

  /** Crashes within the window as of the last `record`. */
  get recent(): number {
    return this.times.length;
  }

  /** Forgets every crash (a restart the user asked for starts with a full budget). */
  reset(): void {
    this.times.length = 0;
  }
}
