/**
 * Wires the extension together; every feature lives in its own module. Nothing of the engine runs here:
 * it is hosted by the engine server process that EngineService supervises.
 */
import * as vscode from 'vscode';
import { DisposableStore } from '../shared/lifecycle';
import { registerCommands } from './commands/commandTable';
import { EngineService } from './engine/engineService';
import { registerIndexOnChange } from './features/indexOnChange';
import { registerIndexProgress } from './features/indexProgress';
import { registerResumeOffer } from './features/resumeOffer';
import { CudaStatus, createCudaSupport, createModelDownloads, registerCudaOffer } from './models/modelSetup';
import { registerModelNotice } from './features/modelNotice';
import { registerPriorityHints } from './features/priorityHints';
import { registerSearchTool } from './features/searchTool';
import { ResultOpener } from './features/resultOpener';
import { ResultsView } from './features/resultsView';
import { SimilarHoverProvider } from './features/similarHover';
import { registerStatusBar } from './features/statusBar';
import { channelLogger } from './logger';
import { createSettingsSource } from './settings/vscodeSettings';
import { vscodeEngineUi, vscodeWorkspace } from './engine/vscodeEnginePorts';
import { EngineSupervisor } from '../engine-client/supervisor';
import { serverPath } from './engine/folderConfig';

export function activate(context: vscode.ExtensionContext): void {
  const store = new DisposableStore();
  const channel = store.add(vscode.window.createOutputChannel('codeloupe', { log: true }));
  const logger = channelLogger(channel);
  const { settings, subscription: settingsSubscription } = createSettingsSource(logger, context.globalStorageUri.fsPath);
  store.add(settingsSubscription);
  const storage = context.storageUri ?? context.globalStorageUri;
  const showLog = () => channel.show(true);
  const cudaStatus = new CudaStatus();
  // Models given by id are downloaded into the global storage, shared by all workspaces.
  const downloads = store.add(createModelDownloads(context.globalStorageUri.fsPath, settings, cudaStatus, logger, showLog));
  const engine = new EngineService({
    places: { extensionPath: context.extensionPath, storageDir: storage.fsPath },
    settings,
    logger,
    models: downloads,
    connection: new EngineSupervisor({ serverPath: serverPath(context.extensionPath), logger }),
    workspace: store.add(vscodeWorkspace()),
    ui: vscodeEngineUi,
  });
  // VS Code disposes these on deactivation; the engine server also shuts itself down when its parent goes.
  context.subscriptions.push({ dispose: () => void engine.dispose().finally(() => store.dispose()) });
  const cuda = createCudaSupport(cudaStatus, context.globalState, () => engine.restart(), logger, showLog);
  const opener = store.add(new ResultOpener(engine));
  const results = store.add(new ResultsView(engine));
  store.add(registerCommands({ engine, settings, logger, channel, cuda, opener, results, memory: context.workspaceState }));
  store.add(registerStatusBar(engine));
  store.add(registerIndexProgress(engine));
  store.add(registerResumeOffer(engine));
  store.add(registerIndexOnChange(engine));
  store.add(registerPriorityHints(engine));
  store.add(registerModelNotice(engine, settings, downloads));
  store.add(vscode.languages.registerHoverProvider({ scheme: 'file' }, new SimilarHoverProvider(engine, settings, logger)));
  store.add(registerSearchTool(engine, settings, logger));
  logger.info(`codeloupe ${String(context.extension.packageJSON.version)} activated; indexes in ${storage.fsPath}.`);
  engine.start();
  store.add(registerCudaOffer(cuda, cudaStatus, settings, logger));
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
