import type { Disposable, Event } from '../../shared/lifecycle';
import { PathBatcher } from '../../shared/pathBatcher';
import { realScheduler, type Scheduler } from '../../shared/scheduler';
import type { FolderUri } from './enginePorts';
import type { EngineService } from './engineService';

/** Quiet time after the last save or file event before the changed files are re-indexed. */
export const BATCH_DELAY_MS = 500;
/** Folders whose changes are never the index's business (the engine's scan rules skip them anyway). */
const IGNORED_SEGMENTS = new Set(['.git', 'node_modules', '.hg', '.svn']);

/**
 * Re-indexes what changed: a saved file, and files changed outside the editor (a git checkout, a
 * generator) that a file watcher reports, batched per folder once it has been quiet for BATCH_DELAY_MS (a
 * burst of more than 500 becomes one whole-folder update). No VS Code import: the editor's save and watcher
 * events arrive as `changes`.
 */
export class ChangeWatcher implements Disposable {
  private readonly batcher: PathBatcher;
  private readonly subscription: Disposable;

  constructor(
    private readonly engine: Pick<EngineService, 'locate' | 'index'>,
    changes: Event<Pick<FolderUri, 'scheme' | 'fsPath'>>,
    scheduler: Scheduler = realScheduler,
  ) {
    this.batcher = new PathBatcher(BATCH_DELAY_MS, (batch) => engine.index(batch.folderId, 'all' in batch ? undefined : batch.paths), 500, scheduler);
    this.subscription = changes((uri) => this.changed(uri));
  }

  dispose(): void {
    this.subscription.dispose();
    this.batcher.dispose();
  }

  private changed(uri: Pick<FolderUri, 'scheme' | 'fsPath'>): void {
    const located = this.engine.locate(uri);
    if (!located || located.path.split('/').some((s) => IGNORED_SEGMENTS.has(s))) return;
    this.batcher.add(located.folder.id, located.path);
  }
}
