import type { CancellationToken } from '../../core/cancellation';
import { CodeloupeError, errorMessage } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { Emitter, type Disposable, type Event } from '../../shared/lifecycle';
import type { FolderConfig, FolderStatus, Method, Notifications, ParamsOf, ResultOf } from '../../shared/protocol';
import type { ModelDownloads } from '../models/modelDownloads';
import { reportLines } from '../format/reportLines';
import { isIncomplete, type EngineState } from '../format/statusSummary';
import { ENGINE_SETTINGS } from '../settings/readSettings';
import type { SettingsChange, SettingsSource } from '../settings/settingsSource';
import type { EngineConnection, EngineLifetime, EngineUi, FolderUri, WorkspacePort } from './enginePorts';
import { folderConfig, type ExtensionPlaces } from './folderConfig';
import { FolderEntry } from './folderEntry';

export interface EngineServiceDeps {
  places: ExtensionPlaces;
  settings: Pick<SettingsSource, 'read' | 'model' | 'onDidChange'>;
  logger: Logger;
  models: Pick<ModelDownloads, 'folderModel' | 'forgetFailures' | 'onDidChange'>;
  connection: EngineConnection;
  workspace: WorkspacePort;
  ui: EngineUi;
}

/** The background embedding of a folder stopped (all embedded, cancelled, paused or failed); its status is fresh. */
export interface EmbeddingFinished {
  folder: FolderEntry;
  /** Stopped by the user's Cancel while it embedded. */
  stoppedByUser: boolean;
  status: FolderStatus;
}

export type RunFinished = {
  folder: FolderEntry;
  /** The run was cancelled by the user's Cancel (not by a pause, a restart or a settings change). */
  stoppedByUser: boolean;
} & Notifications['runFinished'];

/**
 * The extension's side of the engine: supervises the server process, keeps one open index per workspace
 * folder (re-opened after a restart or a change of model, device or scan settings) and mirrors each
 * folder's status and activity for the UI. VS Code is behind the ports of `enginePorts.ts`.
 */
export class EngineService {
  private readonly entries = new Map<string, FolderEntry>();
  /** The config each folder's engine was last opened with, to skip re-opening when nothing changed. */
  private readonly openedWith = new Map<string, string>();
  /** Folders whose running index run the user cancelled, until that run ends. */
  private readonly stoppedByUser = new Set<string>();
  private readonly changeEmitter = new Emitter<void>();
  private readonly finishEmitter = new Emitter<RunFinished>();
  private readonly embeddedEmitter = new Emitter<EmbeddingFinished>();
  private readonly openedEmitter = new Emitter<FolderEntry>();
  private readonly disposables: Disposable[] = [];
  private engineState: EngineState = 'starting';
  private readonly toldNative = new Set<string>();
  private readonly connection: EngineConnection;
  private readonly settings: EngineServiceDeps['settings'];
  private readonly logger: Logger;

  /** Any folder's status or activity, or the engine's state, changed. */
  readonly onDidChange: Event<void> = this.changeEmitter.event;
  /** An index run ended (any run: a save, a re-index, a resume), with its report and the folder's status. */
  readonly onDidFinishRun: Event<RunFinished> = this.finishEmitter.event;
  /** A folder's background embedding stopped (all embedded, paused or failed); its status is fresh. */
  readonly onDidFinishEmbedding: Event<EmbeddingFinished> = this.embeddedEmitter.event;
  /** A folder's engine (re)opened: whatever it was told before (priority hints) is to be told again. */
  readonly onDidOpenFolder: Event<FolderEntry> = this.openedEmitter.event;

  constructor(private readonly deps: EngineServiceDeps) {
    this.connection = deps.connection;
    this.settings = deps.settings;
    this.logger = deps.logger;
    this.disposables.push(
      this.changeEmitter,
      this.finishEmitter,
      this.embeddedEmitter,
      this.openedEmitter,
      this.connection.onDidStart((lifetime) => void this.attach(lifetime)),
      this.connection.onDidExit(() => this.setState('starting')),
      this.connection.onDidGiveUp(({ crashes }) => {
        this.setState('stopped');
        void this.reportGiveUp(crashes);
      }),
      deps.workspace.onDidChangeFolders(() => void this.syncFolders(false)),
      deps.settings.onDidChange((changes) => void this.settingsChanged(changes)),
      // A model download ended (or restarted): the folders using that model re-open with it.
      deps.models.onDidChange((id) => void this.modelChanged(id)),
    );
  }

  get state(): EngineState {
    return this.engineState;
  }

  start(): void {
    this.connection.start();
  }

  folders(): FolderEntry[] {
    return [...this.entries.values()];
  }

  folder(folderId: string): FolderEntry | undefined {
    return this.entries.get(folderId);
  }

  /** The folder that holds `uri` (the innermost, for nested folders), with the path relative to it ('/'-separated). */
  locate(uri: Pick<FolderUri, 'scheme' | 'fsPath'>): { folder: FolderEntry; path: string } | undefined {
    if (uri.scheme !== 'file') return undefined;
    let best: { folder: FolderEntry; path: string } | undefined;
    for (const folder of this.entries.values()) {
      const path = folder.relative(uri.fsPath);
      if (path !== undefined && (!best || folder.root.length > best.folder.root.length)) best = { folder, path };
    }
    return best;
  }

  request<M extends Method>(method: M, params: ParamsOf<M>, token?: CancellationToken): Promise<ResultOf<M>> {
    const client = this.connection.client;
    if (!client) {
      return Promise.reject(
        new CodeloupeError('E_WORKER_CRASHED', 'The codeloupe engine is not running.', { hint: 'Run "codeloupe: Restart Engine", and see "codeloupe: Show Log".' }),
      );
    }
    return client.request(method, params, token);
  }

  /** Starts an index run (all of the folder, or `paths`); failures are logged, not thrown. */
  index(folderId: string, paths?: string[]): void {
    this.request('update', paths ? { folderId, paths } : { folderId }).catch((err: unknown) => {
      const name = this.folder(folderId)?.name ?? folderId;
      // A crash cut the run short; the restarted server catches up on its own.
      if (err instanceof CodeloupeError && err.code === 'E_WORKER_CRASHED') this.logger.info(`Indexing ${name} was interrupted by the engine's restart; it resumes there.`);
      else this.logFailure(`Indexing ${name}`, err);
    });
  }

  /** Stops indexing (one folder, or all); a run stopped this way offers to resume when it ends. */
  async stopIndexing(folderId?: string): Promise<void> {
    for (const id of folderId !== undefined ? [folderId] : this.entries.keys()) this.stoppedByUser.add(id);
    this.applyStatuses(await this.request('stopIndexing', folderId !== undefined ? { folderId } : {}));
  }

  /** Resumes paused folders, and goes on with those whose last run was cancelled or cut short. */
  async resumeIndexing(): Promise<void> {
    if (this.folders().some((f) => f.status?.activity.state === 'paused')) this.applyStatuses(await this.request('resume', {}));
    for (const f of this.folders()) if (f.status?.activity.state === 'idle' && isIncomplete(f.status)) this.index(f.id);
  }

  async restart(): Promise<void> {
    await this.connection.restart();
  }

  /** Closes a folder's engine, deletes its index, and opens it again empty. */
  async clear(folderId: string): Promise<void> {
    await this.request('close', { folderId, deleteIndex: true });
    const entry = this.entries.get(folderId);
    if (entry) await this.open(entry);
  }

  async dispose(): Promise<void> {
    for (const d of this.disposables) d.dispose();
    await this.connection.dispose();
  }

  private async attach(lifetime: EngineLifetime): Promise<void> {
    const { client, store } = lifetime;
    store.add(client.onNotification('activity', (n) => this.entries.get(n.folderId)?.setActivity(n.activity) && this.changeEmitter.fire()));
    store.add(client.onNotification('progress', (n) => this.entries.get(n.folderId)?.setProgress(n.runId, n.progress) && this.changeEmitter.fire()));
    store.add(client.onNotification('log', (n) => this.logger[n.level](n.folderId ? `[${this.folder(n.folderId)?.name ?? n.folderId}] ${n.message}` : n.message)));
    store.add(client.onNotification('runFinished', (n) => this.runFinished(n)));
    store.add(client.onNotification('status', (n) => this.applyStatuses([n.status])));
    // Vectors follow each run in the background ('embedding' activity, 'status' counts); at its end the
    // status is fresh (coverage, and the device once the model started).
    store.add(
      client.onNotification('embeddingFinished', (n) => {
        const folder = this.entries.get(n.folderId);
        if (!folder) return;
        folder.opened(n.status);
        if (n.error) this.logger.error(`Embedding ${folder.name} failed: ${n.error.message}`);
        this.changeEmitter.fire();
        // Cancel Indexing while vectors were computed in the background: the same offer as for a cancelled run.
        const stoppedByUser = n.cancelled && this.stoppedByUser.has(folder.id);
        if (stoppedByUser) this.stoppedByUser.delete(folder.id);
        this.embeddedEmitter.fire({ folder, stoppedByUser, status: n.status });
      }),
    );
    this.setState('running');
    // After a crash, an index run may have been cut short: every folder catches up (only changes are redone).
    await this.syncFolders(lifetime.generation === 0, true);
  }

  /** Opens folders that are new, closes those removed from the workspace; `reopenAll` after a restart. */
  private async syncFolders(firstStart: boolean, reopenAll = false): Promise<void> {
    const current = new Map(this.deps.workspace.folders().map((wf) => [wf.uri.toString(), wf]));
    for (const [id, entry] of this.entries) {
      if (current.has(id)) continue;
      this.entries.delete(id);
      this.openedWith.delete(id);
      this.request('close', { folderId: id }).catch((err: unknown) => this.logFailure(`Closing ${entry.name}`, err));
    }
    const opening: Promise<void>[] = [];
    for (const [id, wf] of current) {
      if (wf.uri.scheme !== 'file') {
        this.logger.warn(`Folder ${wf.name} is not on the local file system (${wf.uri.scheme}:); codeloupe indexes local folders only.`);
        continue;
      }
      let entry = this.entries.get(id);
      if (entry && !reopenAll) continue;
      entry ??= new FolderEntry(id, wf.name, wf.uri);
      this.entries.set(id, entry);
      const opened = entry;
      opening.push(
        this.open(opened).then(() => {
          if (opened.status && (!firstStart || this.settings.read(opened.uri).indexOnStartup)) this.index(opened.id);
        }),
      );
    }
    this.changeEmitter.fire();
    await Promise.all(opening);
  }

  private async open(entry: FolderEntry, config = this.configFor(entry)): Promise<void> {
    this.openedWith.set(entry.id, JSON.stringify(config));
    try {
      entry.opened(await this.request('open', config));
      const model = 'modelDir' in config && config.modelDir !== undefined ? `model ${config.modelDir}` : `no model: ${config.modelUnavailable?.reason ?? 'none configured'}`;
      this.logger.info(`Opened the index of ${entry.name} (${entry.status?.chunks ?? 0} chunks) at ${entry.status?.indexDir ?? '?'}; ${model}.`);
      this.openedEmitter.fire(entry);
    } catch (err) {
      entry.failed(errorMessage(err));
      this.logFailure(`Opening the index of ${entry.name}`, err);
      if (err instanceof CodeloupeError && err.code === 'E_NATIVE_MODULE') void this.reportNativeModule(err);
    }
    this.changeEmitter.fire();
  }

  /** What a folder's engine opens with now; may start the model's download (the folder is lexical until it ends). */
  private configFor(entry: FolderEntry): FolderConfig {
    const settings = this.settings.read(entry.uri);
    const location = this.settings.model(settings);
    if (location.kind === 'invalid') this.logger.warn(`codeloupe.model: ${location.reason}`);
    return folderConfig({ id: entry.id, root: entry.root }, settings, this.deps.models.folderModel(location, settings.device), this.deps.places);
  }

  /** Re-opens (and updates) a folder whose engine config is no longer the one it was opened with. */
  private async reopenIfChanged(entry: FolderEntry, why: string): Promise<void> {
    const config = this.configFor(entry);
    if (this.openedWith.get(entry.id) === JSON.stringify(config)) return;
    this.logger.info(`${why}: re-opening the engine of ${entry.name}.`);
    await this.open(entry, config);
    if (entry.status) this.index(entry.id);
  }

  private async modelChanged(id: string): Promise<void> {
    for (const entry of this.entries.values()) {
      const location = this.settings.model(this.settings.read(entry.uri));
      if (location.kind !== 'id' || location.id !== id) continue;
      await this.reopenIfChanged(entry, `The model ${id} changed state`);
    }
  }

  private async settingsChanged(changes: readonly SettingsChange[]): Promise<void> {
    const keys = new Set(changes.flatMap((c) => c.keys));
    // A new model or device is a new chance for a download that failed or was cancelled.
    if (keys.has('model') || keys.has('device')) this.deps.models.forgetFailures();
    if (!ENGINE_SETTINGS.some((key) => keys.has(key))) return;
    for (const entry of this.entries.values()) await this.reopenIfChanged(entry, `Settings of ${entry.name} changed`);
  }

  private runFinished(n: Notifications['runFinished']): void {
    const folder = this.entries.get(n.folderId);
    if (!folder) return;
    for (const line of reportLines(n.report, folder.name, n.full)) this.logger[line.level](line.message);
    // Applied at once, before the 'idle' activity that follows: the status bar never flashes "not indexed".
    folder.opened(n.status);
    const stoppedByUser = n.report.cancelled && this.stoppedByUser.has(folder.id);
    if (!n.report.cancelled || stoppedByUser) this.stoppedByUser.delete(folder.id);
    this.changeEmitter.fire();
    this.finishEmitter.fire({ folder, stoppedByUser, ...n });
  }

  private applyStatuses(statuses: readonly FolderStatus[]): void {
    for (const s of statuses) this.entries.get(s.folderId)?.opened(s);
    this.changeEmitter.fire();
  }

  private setState(state: EngineState): void {
    this.engineState = state;
    this.changeEmitter.fire();
  }

  /** A native module that cannot load here (missing, or built for another platform): told once, in words. */
  private async reportNativeModule(err: CodeloupeError): Promise<void> {
    if (this.toldNative.has(err.message)) return;
    this.toldNative.add(err.message);
    if ((await this.deps.ui.showError(`codeloupe: ${err.describe()}`, ['Show Log'])) === 'Show Log') await this.deps.ui.executeCommand('codeloupe.showLog');
  }

  private async reportGiveUp(crashes: number): Promise<void> {
    const choice = await this.deps.ui.showError(
      `codeloupe: the engine server crashed ${crashes} times in a few minutes and was stopped. Search and indexing are off until it restarts.`,
      ['Show Log', 'Restart Engine'],
    );
    if (choice === 'Show Log') await this.deps.ui.executeCommand('codeloupe.showLog');
    if (choice === 'Restart Engine') await this.restart();
  }

  private logFailure(what: string, err: unknown): void {
    if (err instanceof CodeloupeError && err.code === 'E_CANCELLED') return;
    this.logger.error(`${what} failed: ${errorMessage(err)}`);
  }
}
