/**
 * VS Code's side of model provisioning: the notification and message ports of ModelDownloads and
 * CudaSupport, the proxy from VS Code's `http.*` settings, and the CUDA offer's triggers.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { CancellationToken } from '../../core/cancellation';
import { FileLock } from '../../core/fileLock';
import { downloadLockPath } from '../../core/models/downloadLock';
import type { Logger } from '../../core/logger';
import { installCudaProvider } from '../../core/models/cudaInstall';
import { cudaProvisioning, type CudaProvisioning } from '../../core/models/cudaProvisioning';
import { ensureModel, hasModelFiles } from '../../core/models/ensureModel';
import { hubEndpoint } from '../../core/models/hubEndpoint';
import { choosePrecision } from '../../core/models/precision';
import { CudaSupport, type CudaUi } from './cudaSupport';
import { ModelDownloads, type DownloadUi } from './modelDownloads';
import { installEnv, resolveProxy, type ResolvedProxy } from './proxySetting';
import type { SettingsSource } from '../settings/vscodeSettings';
import { chooseModelFolder } from '../features/selectModel';

/** Where onnxruntime-node's install step downloads the CUDA provider from (for http.noProxy). */
const CUDA_FEED = 'https://api.nuget.org/v3/index.json';

/** The CUDA provisioning state, read once (it asks ldconfig) and again after an install. */
export class CudaStatus {
  private value: CudaProvisioning | undefined;

  get(fresh = false): CudaProvisioning {
    if (fresh || this.value === undefined) this.value = cudaProvisioning();
    return this.value;
  }
}

export function vscodeProxy(targetUrl: string): ResolvedProxy {
  const http = vscode.workspace.getConfiguration('http');
  return resolveProxy({ proxy: http.get('proxy'), proxySupport: http.get('proxySupport'), noProxy: http.get('noProxy') }, targetUrl);
}

function withNotification<T>(title: string, task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: CancellationToken) => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => task(progress, token)));
}

const messages = {
  showError: (message: string, actions: readonly string[]) => Promise.resolve(vscode.window.showErrorMessage(message, ...actions)),
  showInfo: (message: string, actions: readonly string[]) => Promise.resolve(vscode.window.showInformationMessage(message, ...actions)),
};

const downloadUi: DownloadUi = {
  withProgress: (title, task) => withNotification(title, (progress, token) => task((step) => progress.report(step), token)),
  ...messages,
};

const cudaUi: CudaUi = {
  ask: (message, actions) => Promise.resolve(vscode.window.showInformationMessage(message, ...actions)),
  withProgress: (title, task) => withNotification(title, (progress, token) => task((message) => progress.report({ message }), token)),
  ...messages,
};

export function createModelDownloads(globalStorage: string, settings: SettingsSource, cuda: CudaStatus, logger: Logger, showLog: () => void): ModelDownloads {
  return new ModelDownloads({
    ensure: ensureModel,
    globalStorage,
    precisionFor: (device) => choosePrecision(device, { platform: process.platform, arch: process.arch, cudaReady: cuda.get().ready }),
    hasFiles: (dir, precision, exact) => hasModelFiles(dir, precision, undefined, exact),
    proxy: () => vscodeProxy(hubEndpoint()),
    ui: downloadUi,
    logger,
    chooseFolder: async () => {
      const dir = await chooseModelFolder();
      if (dir) await settings.update('model', dir);
    },
    showLog,
    tryLock: downloadLock,
  });
}

/** The model folder's download lock (shared with the CLI), or undefined while another process holds it. */
function downloadLock(dir: string): FileLock | undefined {
  mkdirSync(path.dirname(dir), { recursive: true });
  return FileLock.tryAcquire(downloadLockPath(dir), 'downloading the model');
}

export function createCudaSupport(cuda: CudaStatus, memory: vscode.Memento, restartEngine: () => Promise<void>, logger: Logger, showLog: () => void): CudaSupport {
  return new CudaSupport({
    provisioning: (fresh) => cuda.get(fresh),
    install: installCudaProvider,
    installEnv: () => installEnv(vscodeProxy(CUDA_FEED)),
    restartEngine,
    showLog,
    ui: cudaUi,
    memory,
    logger,
  });
}

const OFFER_AFTER_MS = 5000;

/** Offers the CUDA install a little after startup (once the engine and any model download got going) and when the device setting changes. */
export function registerCudaOffer(cuda: CudaSupport, status: CudaStatus, settings: SettingsSource, logger: Logger): vscode.Disposable {
  // "Install CUDA Support" shows in the command palette only where it can help.
  void vscode.commands.executeCommand('setContext', 'codeloupe.nvidiaGpu', status.get().applicable && status.get().nvidiaDriver === true);
  const offer = () => cuda.offer(settings.read().device).catch((err: unknown) => logger.error(`The CUDA support offer failed: ${err instanceof Error ? err.message : String(err)}`));
  const timer = setTimeout(() => void offer(), OFFER_AFTER_MS);
  return vscode.Disposable.from(
    { dispose: () => clearTimeout(timer) },
    settings.onDidChange((changes) => {
      if (changes.some((c) => c.keys.includes('device'))) void offer();
    }),
  );
}
