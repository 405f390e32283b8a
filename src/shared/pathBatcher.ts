import { realScheduler, type Scheduler } from './scheduler';

/** Paths of one folder to re-index, or the whole folder when a burst is too large to list. */
export type Batch = { folderId: string; paths: string[] } | { folderId: string; all: true };

/**
 * Collects changed files per folder (saves, file watcher events) and hands them over in one batch once
 * the folder has been quiet for `delayMs`. A burst larger than `maxPaths` (a branch switch, a code
 * generator) becomes one whole-folder update, which the engine answers from size and mtime.
 */
export class PathBatcher {
  private readonly pending = new Map<string, { paths: Set<string>; all: boolean; handle: unknown }>();

  constructor(
    private readonly delayMs: number,
    private readonly flush: (batch: Batch) => void,
    private readonly maxPaths = 500,
    private readonly scheduler: Scheduler = realScheduler,
  ) {}

  add(folderId: string, path: string): void {
    const entry = this.pending.get(folderId) ?? { paths: new Set<string>(), all: false, handle: undefined };
    if (entry.handle !== undefined) this.scheduler.clearTimeout(entry.handle);
    if (!entry.all) {
      entry.paths.add(path);
      if (entry.paths.size > this.maxPaths) {
        entry.all = true;
        entry.paths.clear();
      }
    }
    entry.handle = this.scheduler.setTimeout(() => this.flushFolder(folderId), this.delayMs);
    this.pending.set(folderId, entry);
  }

  /** Hands over every pending batch now. */
  flushAll(): void {
    for (const folderId of [...this.pending.keys()]) this.flushFolder(folderId);
  }

  /** Forgets a folder's pending paths (the folder was removed, or is being re-indexed in full). */
  drop(folderId: string): void {
    const entry = this.pending.get(folderId);
    if (entry?.handle !== undefined) this.scheduler.clearTimeout(entry.handle);
    this.pending.delete(folderId);
  }

  dispose(): void {
    for (const folderId of [...this.pending.keys()]) this.drop(folderId);
  }

  private flushFolder(folderId: string): void {
    const entry = this.pending.get(folderId);
    if (!entry) return;
    this.drop(folderId);
    this.flush(entry.all ? { folderId, all: true } : { folderId, paths: [...entry.paths].sort() });
  }
}
