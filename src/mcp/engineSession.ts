import { neverCancelled, type CancellationToken } from '../core/cancellation';
import { errorMessage, isCancelled, toCodeloupeError, type CodeloupeError } from '../core/errors';
import { EmbedderPool } from '../core/embed/embedderPool';
import type { IndexReport } from '../core/engine/indexReport';
import type { Logger } from '../core/logger';
import { codeIndexOpener } from '../server/codeIndexAdapter';
import { EngineHost } from '../server/engineHost';
import type { FolderConfig, FolderStatus, Method, NotificationName, Notifications, ParamsOf, ResultOf, RunProgress } from '../shared/protocol';
import { FolderWatcher } from './folderWatcher';
import { ServedFolders, type ServedFolder } from './servedFolders';

/** What every folder is opened with besides its place: model, device, scan settings. */
export type FolderSettings = Omit<FolderConfig, 'folderId' | 'root' | 'indexDir'>;

/** The outcome of a folder's last index run, for index_status. */
export interface LastRun {
  finishedAt: string;
  full: boolean;
  cancelled: boolean;
  report: IndexReport;
}

export interface SessionOptions {
  folders: readonly ServedFolder[];
  /** The settings to open folders with now: called again before a reindex, so a model placed since is used. */
  settings: () => FolderSettings;
  logger: Logger;
  watch: boolean;
}

/** A search waits this long for the re-indexing of changes the watcher saw before answering anyway. */
const SETTLE_TIMEOUT_MS = 15_000;

/**
 * The engine for the MCP server, in this process: the engine server's own multi-folder host (one folder
 * host per folder, index runs serialised and merged per folder, results merged across folders), called
 * directly instead of over IPC, plus a watcher that keeps the indexes current while the server runs.
 */
export class EngineSession {
  readonly folders: ServedFolders;
  private readonly host: EngineHost;
  private readonly statuses = new Map<string, FolderStatus>();
  private readonly lastRuns = new Map<string, LastRun>();
  /** Folders a reindex was asked for: changes seen while their first index is built are queued after it. */
  private readonly building = new Set<string>();
  /** Folders whose index could not be opened (locked, damaged, unreadable), and why. */
  private readonly openFailures = new Map<string, CodeloupeError>();
  private readonly progressListeners = new Set<(folder: ServedFolder, progress: RunProgress) => void>();
  private watcher: FolderWatcher | undefined;
  private settingsInUse: FolderSettings;
  private opened: Promise<void> = Promise.resolve();

  private constructor(private readonly options: SessionOptions) {
    this.folders = new ServedFolders(options.folders);
    this.host = new EngineHost(codeIndexOpener(new EmbedderPool()), (method, params) => this.onNotification(method, params), () => undefined);
    this.settingsInUse = options.settings();
  }

  /** A session whose folders open in the background (tools wait for them) and, with `watch`, are watched. */
  static start(options: SessionOptions): EngineSession {
    const session = new EngineSession(options);
    session.opened = session.openAll(session.settingsInUse);
    if (options.watch) session.watcher = new FolderWatcher(options.folders, (folder, paths) => session.whenIndexed(folder, paths), options.logger);
    return session;
  }

  /** Resolves when every folder is open; indexed folders then catch up with changes made while no server ran. */
  async whenOpen(): Promise<void> {
    await this.opened;
  }

  request<M extends Method>(method: M, params: ParamsOf<M>, token: CancellationToken = neverCancelled): Promise<ResultOf<M>> {
    return this.host.handle(method, params, token);
  }

  /** Whether a folder has an index to search (a first run has written to it). */
  isIndexed(folder: ServedFolder): boolean {
    const status = this.statuses.get(folder.root);
    return status !== undefined && (status.lastIndexedAt !== undefined || status.files > 0);
  }

  /** Why the folder's index could not be opened, when it could not; reindex tries again. */
  openFailure(folder: ServedFolder): CodeloupeError | undefined {
    return this.openFailures.get(folder.root);
  }

  /** The folders' statuses; a folder that could not be opened has none. */
  async status(folders: readonly ServedFolder[]): Promise<(FolderStatus | undefined)[]> {
    await this.opened;
    return Promise.all(
      folders.map(async (f) => {
        if (this.openFailures.has(f.root)) return undefined;
        const status = (await this.request('status', { folderId: f.root }))[0]!;
        this.statuses.set(f.root, status);
        return status;
      }),
    );
  }

  lastRun(folder: ServedFolder): LastRun | undefined {
    return this.lastRuns.get(folder.root);
  }

  get watchState(): 'off' | 'starting' | 'ready' {
    return this.watcher?.state ?? 'off';
  }

  whenWatching(): Promise<void> {
    return this.watcher?.whenReady() ?? Promise.resolve();
  }

  /** Waits until changes the watcher saw in `folders` are indexed; false when that took too long. */
  async settle(folders: readonly ServedFolder[]): Promise<boolean> {
    await this.opened;
    return this.watcher ? this.watcher.settle(folders, SETTLE_TIMEOUT_MS) : true;
  }

  /** An incremental update of each folder; resolves with their reports when all are done. */
  async reindex(folders: readonly ServedFolder[], token: CancellationToken, onProgress: (folder: ServedFolder, progress: RunProgress) => void): Promise<IndexReport[]> {
    await this.opened;
    await this.useModelPlacedSince();
    await Promise.all(folders.filter((f) => this.openFailures.has(f.root)).map((f) => this.open(f, this.settingsInUse)));
    const failed = folders.find((f) => this.openFailures.has(f.root));
    if (failed) throw this.openFailures.get(failed.root)!;
    for (const f of folders) this.building.add(f.root);
    const listener = (folder: ServedFolder, progress: RunProgress): void => {
      if (folders.includes(folder)) onProgress(folder, progress);
    };
    this.progressListeners.add(listener);
    try {
      // An agent's reindex answers with a complete index: the run embeds too (not in the background).
      return await Promise.all(folders.map((f) => this.request('update', { folderId: f.root, embed: true }, token)));
    } finally {
      this.progressListeners.delete(listener);
    }
  }

  async close(): Promise<void> {
    await this.watcher?.close();
    await this.host.closeAll();
  }

  private async openAll(settings: FolderSettings): Promise<void> {
    await Promise.all(this.folders.all.map((f) => this.open(f, settings)));
  }

  private async open(folder: ServedFolder, settings: FolderSettings): Promise<void> {
    try {
      const status = await this.request('open', { ...settings, folderId: folder.root, root: folder.root, indexDir: folder.indexDir });
      this.openFailures.delete(folder.root);
      this.statuses.set(folder.root, status);
      if (status.semanticUnavailable !== undefined) this.options.logger.info(`${folder.root}: keyword search only for now (${status.semanticUnavailable}).`);
      if (this.isIndexed(folder)) this.catchUp(folder);
    } catch (err) {
      this.openFailures.set(folder.root, toCodeloupeError(err));
      this.options.logger.error(`Could not open the index of ${folder.root}: ${errorMessage(err)}`);
    }
  }

  /** Files may have changed while no server watched: an incremental update (unchanged files cost a stat). */
  private catchUp(folder: ServedFolder): void {
    this.request('update', { folderId: folder.root }).catch((err: unknown) => {
      if (!isCancelled(err)) this.options.logger.warn(`Updating the index of ${folder.root} failed: ${errorMessage(err)}`);
    });
  }

  /**
   * Watcher batches: only folders that have an index, or whose first one is being built, are kept current;
   * a batch alone must not make a partial index of a folder nobody asked to index.
   */
  private async whenIndexed(folder: ServedFolder, paths: string[] | undefined): Promise<unknown> {
    if (!this.isIndexed(folder) && !this.building.has(folder.root)) return undefined;
    return this.request('update', { folderId: folder.root, ...(paths && { paths }) });
  }

  /** A model downloaded (`codeloupe pull`) after the server started is used from the next reindex on. */
  private async useModelPlacedSince(): Promise<void> {
    if (this.settingsInUse.modelUnavailable === undefined) return;
    const settings = this.options.settings();
    if (settings.modelUnavailable !== undefined) return;
    this.settingsInUse = settings;
    this.options.logger.info('The embedding model is now available: re-opening the folders with it.');
    await this.openAll(settings);
  }

  private onNotification<N extends NotificationName>(method: N, params: Notifications[N]): void {
    const logger = this.options.logger;
    if (method === 'log') {
      const { level, message } = params as Notifications['log'];
      logger[level](message);
    } else if (method === 'progress') {
      const { folderId, progress } = params as Notifications['progress'];
      const folder = this.folders.byRoot(folderId);
      if (folder) for (const listener of this.progressListeners) listener(folder, progress);
    } else if (method === 'runFinished') {
      const { folderId, full, report, status } = params as Notifications['runFinished'];
      this.statuses.set(folderId, status);
      this.lastRuns.set(folderId, { finishedAt: new Date().toISOString(), full, cancelled: report.cancelled, report });
      logger.info(`${folderId}: ${report.cancelled ? 'index run cancelled' : 'indexed'} (${report.files.rechunked} files parsed, ${report.vectors.embedded} texts embedded).`);
    }
  }
}
