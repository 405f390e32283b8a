import { lstatSync, type Stats } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import ignore from 'ignore';
import { errorMessage, isCancelled } from '../core/errors';
import type { Logger } from '../core/logger';
import { ALWAYS_IGNORED_NAME, BUILTIN_IGNORE_PATTERNS } from '../core/scan/builtinExcludes';
import { PathBatcher } from '../shared/pathBatcher';
import type { ServedFolder } from './servedFolders';

/** Quiet time after the last file event before the changed files of a folder are re-indexed. */
export const WATCH_DELAY_MS = 300;

/** Re-indexes a folder's changed paths (or all of it); resolves when a run covering them ended. */
export type ReindexPaths = (folder: ServedFolder, paths: string[] | undefined) => Promise<unknown>;

/**
 * Watches the served folders (chokidar) and re-indexes what changed, debounced and batched per folder
 * (PathBatcher, as the extension does). Built-in excludes (.git, node_modules, build output) and the index
 * directory are not watched; anything else ignored (.gitignore) is filtered by the engine's own rules.
 * `settle` lets a search wait until what the watcher saw is in the index.
 */
export class FolderWatcher {
  private readonly batcher: PathBatcher;
  private readonly watchers: FSWatcher[] = [];
  private readonly ready: Promise<void>;
  private readonly inFlight = new Map<string, Set<Promise<unknown>>>();
  private isReady = false;

  constructor(
    private readonly folders: readonly ServedFolder[],
    private readonly reindex: ReindexPaths,
    private readonly logger: Logger,
    delayMs = WATCH_DELAY_MS,
  ) {
    this.batcher = new PathBatcher(delayMs, (batch) => {
      const folder = this.folders.find((f) => f.root === batch.folderId);
      if (folder) this.track(folder, 'all' in batch ? undefined : batch.paths);
    });
    const readies = folders.map((folder) => {
      const watcher = watch(folder.root, { ignoreInitial: true, followSymlinks: false, ignored: watchFilter(folder) });
      this.watchers.push(watcher);
      watcher.on('all', (_event, path) => {
        const rel = relative(folder.root, path);
        if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) this.batcher.add(folder.root, rel.split(sep).join('/'));
      });
      watcher.on('error', (err) => this.logger.warn(`Watching ${folder.root} failed: ${err instanceof Error ? err.message : String(err)}`));
      return new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    });
    this.ready = Promise.all(readies).then(() => {
      this.isReady = true;
    });
  }

  /** 'ready' once every folder's initial directory walk is done and changes are being seen. */
  get state(): 'starting' | 'ready' {
    return this.isReady ? 'ready' : 'starting';
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  /**
   * Hands over the changes seen so far in `folders` without waiting for quiet, and waits up to
   * `timeoutMs` for the runs that index them. False when some were still running at the time limit.
   */
  async settle(folders: readonly ServedFolder[], timeoutMs: number): Promise<boolean> {
    this.batcher.flushAll();
    const waiting = folders.flatMap((f) => [...(this.inFlight.get(f.root) ?? [])]);
    if (waiting.length === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([Promise.allSettled(waiting).then(() => true as const), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.batcher.dispose();
    await Promise.allSettled(this.watchers.map((w) => w.close()));
  }

  private track(folder: ServedFolder, paths: string[] | undefined): void {
    const runs = this.inFlight.get(folder.root) ?? new Set<Promise<unknown>>();
    this.inFlight.set(folder.root, runs);
    const run: Promise<unknown> = this.reindex(folder, paths)
      .catch((err: unknown) => {
        if (!isCancelled(err)) this.logger.warn(`Re-indexing changed files of ${folder.root} failed: ${errorMessage(err)}`);
      })
      .finally(() => runs.delete(run));
    runs.add(run);
  }
}

/** What chokidar need not watch: `.git`, the built-in excluded directories, and the index itself. */
function watchFilter(folder: ServedFolder): (path: string, stats?: Stats) => boolean {
  const builtin = ignore().add([...BUILTIN_IGNORE_PATTERNS]);
  return (path, stats) => {
    if (path === folder.indexDir || path.startsWith(`${folder.indexDir}${sep}`)) return true;
    const rel = relative(folder.root, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return false;
    const slashed = rel.split(sep).join('/');
    if (slashed.split('/').includes(ALWAYS_IGNORED_NAME)) return true;
    // Built-in patterns name directories: a file named like one (a script called `build`) is watched.
    if (!builtin.ignores(`${slashed}/`)) return false;
    return stats !== undefined ? stats.isDirectory() : isDirectory(path);
  };
}

function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false; // gone already: nothing to watch either way
  }
}
