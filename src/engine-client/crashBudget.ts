/**
 * How many unexpected exits a supervised process may have before the supervisor gives up, after
 * vscode-languageclient: `maxRestarts` restarts within `windowMs`; one more crash inside the window stops it.
 */
export class CrashBudget {
  private readonly crashes: number[] = [];

  constructor(
    readonly maxRestarts = 4,
    readonly windowMs = 3 * 60_000,
  ) {}

  /** Records a crash at `now`; true when a restart is still within budget. */
  recordCrash(now: number): boolean {
    this.crashes.push(now);
    while (this.crashes.length > 0 && now - this.crashes[0]! > this.windowMs) this.crashes.shift();
    return this.crashes.length <= this.maxRestarts;
  }

  get recentCrashes(): number {
    return this.crashes.length;
  }

  reset(): void {
    this.crashes.length = 0;
  }
}
