import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { neverCancelled, type CancellationToken } from './cancellation';
import { CancelledError, CodeloupeError } from './errors';

/** Who holds a lock, as its holder wrote it beside the lock (informational: staleness is judged by mtime). */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  /** What the holder is doing ("codeloupe index", "model download"). */
  purpose: string;
}

export interface AcquireOptions {
  /** What this process will do while holding the lock, for others' messages. */
  purpose: string;
  token?: CancellationToken;
  /** Called once, when the lock is held by someone else and waiting starts. */
  onWait?: (holder: LockHolder | undefined, clearHint: string) => void;
  /** Give up (E_INDEX_LOCKED) after waiting this long; default: wait until cancelled. */
  timeoutMs?: number;
}

/**
 * A lock that a live holder keeps fresh by touching it every few seconds (proper-lockfile: an mkdir'ed
 * directory whose mtime is refreshed). A lock whose mtime is older than STALE_MS is abandoned and taken
 * over, whoever's pid it names, so a reused pid never blocks anyone. A holder recorded on this machine
 * whose process is gone is taken over sooner (after FRESH_MS), so a killed `codeloupe index` costs the
 * next run two seconds, not thirty.
 */
export class FileLock {
  static readonly STALE_MS = 30_000;
  static readonly FRESH_MS = 2_000;
  private static readonly RETRY_MS = 250;
  private static readonly MAX_RETRY_MS = 1_000;

  private released = false;
  /** Set when another process took the lock over (this process stalled for longer than STALE_MS). */
  compromised: Error | undefined;
  private readonly compromiseListeners = new Set<() => void>();

  private constructor(
    readonly path: string,
    private readonly unlock: () => void,
  ) {}

  /** Takes the lock now, or returns undefined when someone else holds it. */
  static tryAcquire(path: string, purpose: string): FileLock | undefined {
    const holder = FileLock.holder(path);
    const holderGone = holder !== undefined && holder.host === hostname() && !isRunning(holder.pid);
    // The library reports a takeover to the lock object made once it is held.
    const taken: { lock?: FileLock } = {};
    let unlock: () => void;
    try {
      unlock = lockfile.lockSync(path, {
        lockfilePath: path,
        realpath: false,
        stale: holderGone ? FileLock.FRESH_MS : FileLock.STALE_MS,
        update: FileLock.STALE_MS / 6,
        onCompromised: (err) => taken.lock?.onCompromised(err),
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOCKED') return undefined;
      throw err;
    }
    const lock = (taken.lock = new FileLock(path, unlock));
    try {
      const mine: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), purpose };
      writeFileSync(FileLock.holderPath(path), JSON.stringify(mine));
    } catch (err) {
      lock.release();
      throw err;
    }
    return lock;
  }

  /** Takes the lock, waiting (cancellably) while someone else holds it. */
  static async acquire(path: string, options: AcquireOptions): Promise<FileLock> {
    const token = options.token ?? neverCancelled;
    const started = Date.now();
    let told = false;
    for (let delay = FileLock.RETRY_MS; ; delay = Math.min(delay * 2, FileLock.MAX_RETRY_MS)) {
      if (token.isCancellationRequested) throw new CancelledError();
      const lock = FileLock.tryAcquire(path, options.purpose);
      if (lock) return lock;
      const holder = FileLock.holder(path);
      if (!told) {
        told = true;
        options.onWait?.(holder, FileLock.clearHint(path));
      }
      if (options.timeoutMs !== undefined && Date.now() - started >= options.timeoutMs) {
        throw new CodeloupeError('E_INDEX_LOCKED', `${path} is held by ${describeHolder(holder)}.`, { hint: FileLock.clearHint(path) });
      }
      await delayOrCancel(delay, token);
    }
  }

  /** The holder the lock names, if it names one. */
  static holder(path: string): LockHolder | undefined {
    try {
      statSync(path);
      const parsed = JSON.parse(readFileSync(FileLock.holderPath(path), 'utf8')) as LockHolder;
      return typeof parsed.pid === 'number' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  /** How a user clears a lock by hand. */
  static clearHint(path: string): string {
    return `If no codeloupe process is running, it is left over: it is taken over by itself ${FileLock.STALE_MS / 1000} s after its holder stopped, or remove the folder ${path} now.`;
  }

  /** Runs `listener` if another process takes the lock over. */
  onCompromise(listener: () => void): { dispose(): void } {
    if (this.compromised) listener();
    else this.compromiseListeners.add(listener);
    return { dispose: () => void this.compromiseListeners.delete(listener) };
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    // The holder file goes first, while the lock still keeps others from writing theirs.
    rmSync(FileLock.holderPath(this.path), { force: true });
    try {
      this.unlock();
    } catch {
      // Already released (compromised): nothing of ours is left to remove.
    }
  }

  private onCompromised(err: Error): void {
    this.compromised = err;
    for (const listener of [...this.compromiseListeners]) listener();
  }

  private static holderPath(path: string): string {
    return `${path}.holder.json`;
  }
}

export function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'another process';
  return `process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`} (${holder.purpose}, since ${holder.since})`;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function delayOrCancel(ms: number, token: CancellationToken): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      resolve();
    }, ms);
    const subscription = token.onCancellationRequested(() => {
      clearTimeout(timer);
      reject(new CancelledError());
    });
  });
}
