import * as vscode from 'vscode';
import type { CancellationToken } from '../../core/cancellation';
import { CodeloupeError, errorMessage } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { EngineSupervisor, type ServerLifetime } from '../../engine-client/supervisor';
import type { FolderConfig, Method, Notifications, ParamsOf, ResultOf } from '../../shared/protocol';
import type { ModelDownloads } from '../models/modelDownloads';
import { reportLines } from '../format/reportLines';
import type { EngineState } from '../format/statusSummary';
import type { SettingsSource } from '../settings/vscodeSettings';
import { ENGINE_SETTINGS } from '../settings/readSettings';
import { folderConfig, serverPath, type ExtensionPlaces } from './folderConfig';
import { FolderEntry } from './folderEntry';

/**
 * The extension's side of the engine: supervises the server process, keeps one open index per workspace
 * folder (re-opened after a restart or a change of model, device or scan settings) and mirrors each
 * folder's status and activity for the UI.
 */
export class EngineService implements vscode.Disposable {
  private readonly supervisor: EngineSupervisor;
  private readonly entries = new Map<string, FolderEntry>();
  /** The config each folder's engine was last opened with, to skip re-opening when nothing changed. */
  private readonly openedWith = new Map<string, string>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly finishEmitter = new vscode.EventEmitter<{ folder: FolderEntry } & Notifications['runFinished']>();
  private readonly embeddedEmitter = new vscode.EventEmitter<FolderEntry>();
  private readonly openedEmitter = new vscode.EventEmitter<FolderEntry>();
  private readonly disposables: vscode.Disposable[] = [];
  private engineState: EngineState = 'starting';

  /** Any folder's status or activity, or the engine's state, changed. */
  readonly onDidChange = this.changeEmitter.event;
  readonly onDidFinishRun = this.finishEmitter.event;
  /** A folder's background embedding stopped (all embedded, paused or failed); its status is fresh. */
  readonly onDidFinishEmbedding = this.embeddedEmitter.event;
  /** A folder's engine (re)opened: whatever it was told before (priority hints) is to be told again. */
  readonly onDidOpenFolder = this.openedEmitter.event;

  constructor(
    private readonly places: ExtensionPlaces,
    private readonly settings: SettingsSource,
    private readonly logger: Logger,
    private readonly models: Pick<ModelDownloads, 'folderModel' | 'forgetFailures' | 'onDidChange'>,
  ) {
    this.supervisor = new EngineSupervisor({ serverPath: serverPath(places.extensionPath), logger });
    this.disposables.push(
      this.changeEmitter,
      this.finishEmitter,
      this.embeddedEmitter,
      this.openedEmitter,
      this.supervisor.onDidStart((lifetime) => void this.attach(lifetime)),
      this.supervisor.onDidExit(() => this.setState('starting')),
      this.supervisor.onDidGiveUp(({ crashes }) => {
        this.setState('stopped');
        void this.reportGiveUp(crashes);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.syncFolders(false)),
      vscode.workspace.onDidChangeConfiguration((e) => void this.onConfigurationChange(e)),
      // A model download ended (or restarted): the folders using that model re-open with it.
      models.onDidChange((id) => void this.modelChanged(id)),
    );
  }

  get state(): EngineState {
    return this.engineState;
  }

  start(): void {
    this.supervisor.start();
  }

  folders(): FolderEntry[] {
    return [...this.entries.values()];
  }

  folder(folderId: string): FolderEntry | undefined {
    return this.entries.get(folderId);
  }

  /** The folder that holds `uri`, with the path relative to it ('/'-separated). */
  locate(uri: vscode.Uri): { folder: FolderEntry; path: string } | undefined {
    const wf = vscode.workspace.getWorkspaceFolder(uri);
    const folder = wf && this.entries.get(wf.uri.toString());
    if (!folder || uri.scheme !== 'file') return undefined;
    const path = folder.relative(uri.fsPath);
    return path === undefined ? undefined : { folder, path };
  }

  request<M extends Method>(method: M, params: ParamsOf<M>, token?: CancellationToken): Promise<ResultOf<M>> {
    const client = this.supervisor.client;
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

  async restart(): Promise<void> {
    await this.supervisor.restart();
  }

  /** Closes a folder's engine, deletes its index, and opens it again empty. */
  async clear(folderId: string): Promise<void> {
    await this.request('close', { folderId, deleteIndex: true });
    const entry = this.entries.get(folderId);
    if (entry) await this.open(entry);
  }

  async dispose(): Promise<void> {
    for (const d of this.disposables) d.dispose();
    await this.supervisor.dispose();
  }

  private async attach(lifetime: ServerLifetime): Promise<void> {
    const { client, store } = lifetime;
    store.add(client.onNotification('activity', (n) => this.entries.get(n.folderId)?.setActivity(n.activity) && this.changeEmitter.fire()));
    store.add(client.onNotification('progress', (n) => this.entries.get(n.folderId)?.setProgress(n.runId, n.progress) && this.changeEmitter.fire()));
    store.add(client.onNotification('log', (n) => this.logger[n.level](n.folderId ? `[${this.folder(n.folderId)?.name ?? n.folderId}] ${n.message}` : n.message)));
    store.add(client.onNotification('runFinished', (n) => this.runFinished(n)));
    // Vectors follow each run in the background: coverage (and the device, once the model starts) changes.
    store.add(client.onNotification('embeddingProgress', (n) => this.entries.get(n.folderId)?.setEmbedding(n.progress) && this.changeEmitter.fire()));
    store.add(
      client.onNotification('embeddingFinished', (n) => {
        const folder = this.entries.get(n.folderId);
        if (!folder) return;
        folder.opened(n.status);
        if (n.error) this.logger.error(`Embedding ${folder.name} failed: ${n.error.message}`);
        this.changeEmitter.fire();
        this.embeddedEmitter.fire(folder);
      }),
    );
    this.setState('running');
    // After a crash, an index run may have been cut short: every folder catches up (only changes are redone).
    await this.syncFolders(lifetime.generation === 0, true);
  }

  /** Opens folders that are new, closes those removed from the workspace; `reopenAll` after a restart. */
  private async syncFolders(firstStart: boolean, reopenAll = false): Promise<void> {
    const current = new Map((vscode.workspace.workspaceFolders ?? []).map((wf) => [wf.uri.toString(), wf]));
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
      this.logger.info(`Opened the index of ${entry.name} (${entry.status?.chunks ?? 0} chunks) at ${entry.status?.indexDir ?? '?'}.`);
      this.openedEmitter.fire(entry);
    } catch (err) {
      entry.failed(errorMessage(err));
      this.logFailure(`Opening the index of ${entry.name}`, err);
    }
    this.changeEmitter.fire();
  }

  /** What a folder's engine opens with now; may start the model's download (the folder is lexical until it ends). */
  private configFor(entry: FolderEntry): FolderConfig {
    const settings = this.settings.read(entry.uri);
    const location = this.settings.model(settings);
    if (location.kind === 'invalid') this.logger.warn(`codeloupe.model: ${location.reason}`);
    return folderConfig({ id: entry.id, root: entry.root }, settings, this.models.folderModel(location, settings.device), this.places);
  }

  private async modelChanged(id: string): Promise<void> {
    for (const entry of this.entries.values()) {
      const location = this.settings.model(this.settings.read(entry.uri));
      if (location.kind !== 'id' || location.id !== id) continue;
      const config = this.configFor(entry);
      if (this.openedWith.get(entry.id) === JSON.stringify(config)) continue;
      this.logger.info(`The model ${id} of ${entry.name} changed state: re-opening its engine.`);
      await this.open(entry, config);
      if (entry.status) this.index(entry.id);
    }
  }

  private runFinished(n: Notifications['runFinished']): void {
    const folder = this.entries.get(n.folderId);
    if (!folder) return;
    for (const line of reportLines(n.report, folder.name, n.full)) this.logger[line.level](line.message);
    // Applied at once, before the 'idle' activity that follows: the status bar never flashes "not indexed".
    folder.opened(n.status);
    this.changeEmitter.fire();
    this.finishEmitter.fire({ folder, ...n });
  }

  private async onConfigurationChange(e: vscode.ConfigurationChangeEvent): Promise<void> {
    // A new model or device is a new chance for a download that failed or was cancelled.
    if (e.affectsConfiguration('codeloupe.model') || e.affectsConfiguration('codeloupe.device')) this.models.forgetFailures();
    for (const entry of this.entries.values()) {
      if (!ENGINE_SETTINGS.some((key) => e.affectsConfiguration(`codeloupe.${key}`, entry.uri))) continue;
      this.logger.info(`Settings of ${entry.name} changed: re-opening its engine.`);
      await this.open(entry);
      if (entry.status) this.index(entry.id);
    }
  }

  private setState(state: EngineState): void {
    this.engineState = state;
    this.changeEmitter.fire();
  }

  private async reportGiveUp(crashes: number): Promise<void> {
    const choice = await vscode.window.showErrorMessage(
      `codeloupe: the engine server crashed ${crashes} times in a few minutes and was stopped. Search and indexing are off until it restarts.`,
      'Show Log',
      'Restart Engine',
    );
    if (choice === 'Show Log') await vscode.commands.executeCommand('codeloupe.showLog');
    if (choice === 'Restart Engine') await this.restart();
  }

  private logFailure(what: string, err: unknown): void {
    if (err instanceof CodeloupeError && err.code === 'E_CANCELLED') return;
    this.logger.error(`${what} failed: ${errorMessage(err)}`);
  }
}
