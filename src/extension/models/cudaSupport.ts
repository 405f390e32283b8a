/**
 * The offer to install ONNX Runtime's CUDA provider libraries on Linux x64 machines with an NVIDIA
 * driver, and the install itself (onnxruntime-node's own install step, its output in the log, a progress
 * notification), after which the engine restarts to use them. No VS Code import: UI and memory are ports.
 */
import type { CancellationToken } from '../../core/cancellation';
import { isCancelled, toCodeloupeError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { CudaInstallOptions } from '../../core/models/cudaInstall';
import type { CudaProvisioning } from '../../core/models/cudaProvisioning';
import type { DeviceRequest } from '../../core/embed/devices';

export type CudaFacts = Pick<CudaProvisioning, 'applicable' | 'ready' | 'nvidiaDriver'>;

export interface CudaOfferFacts {
  cuda: CudaFacts;
  device: DeviceRequest;
  /** The user chose "Don't Ask Again" (kept in globalState). */
  dontAskAgain: boolean;
  askedThisSession: boolean;
}

/** Offer the install only where it can help: Linux x64, an NVIDIA driver, no provider yet, a device that may use CUDA. */
export function shouldOfferCudaInstall(f: CudaOfferFacts): boolean {
  return f.cuda.applicable && f.cuda.nvidiaDriver === true && !f.cuda.ready && (f.device === 'auto' || f.device === 'cuda') && !f.dontAskAgain && !f.askedThisSession;
}

/** The prompt's text: what is offered, and what else CUDA needs when the loader lacks its libraries. */
export function cudaOfferMessage(cuda: Pick<CudaProvisioning, 'missingSystemLibraries'>): string {
  const base =
    'codeloupe: this machine has an NVIDIA GPU, but ONNX Runtime\'s CUDA support is not installed, so embeddings are computed on the CPU. ' +
    'Install it (a download of several hundred MB into the extension\'s folder) to compute them on the GPU?';
  const missing = cuda.missingSystemLibraries;
  return missing.length === 0 ? base : `${base} CUDA 12 and cuDNN 9 are needed too: the loader finds no ${missing.join(', ')}.`;
}

export interface CudaUi {
  ask(message: string, actions: readonly string[]): Promise<string | undefined>;
  withProgress<T>(title: string, task: (report: (message: string) => void, token: CancellationToken) => Promise<T>): Promise<T>;
  showInfo(message: string, actions: readonly string[]): Promise<string | undefined>;
  showError(message: string, actions: readonly string[]): Promise<string | undefined>;
}

/** VS Code's globalState, narrowed. */
export interface Memory {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface CudaSupportOptions {
  /** The provisioning state (cudaProvisioning from src/core/models); `fresh` re-reads the disk. */
  provisioning: (fresh: boolean) => CudaProvisioning;
  install: (opts: CudaInstallOptions) => Promise<CudaProvisioning>;
  /** The install script's environment (proxy settings). */
  installEnv: () => NodeJS.ProcessEnv;
  restartEngine: () => Promise<void>;
  showLog: () => void;
  ui: CudaUi;
  memory: Memory;
  logger: Logger;
}

export const INSTALL = 'Install CUDA Support';
export const NOT_NOW = 'Not Now';
export const DONT_ASK = "Don't Ask Again";
export const DONT_ASK_KEY = 'codeloupe.cudaOffer.dontAskAgain';

export class CudaSupport {
  private asked = false;
  private installing: Promise<boolean> | undefined;

  constructor(private readonly opts: CudaSupportOptions) {}

  /** Asks once per session (never again after "Don't Ask Again") when the install would help; installs on yes. */
  async offer(device: DeviceRequest): Promise<void> {
    const cuda = this.opts.provisioning(false);
    const facts = { cuda, device, dontAskAgain: this.opts.memory.get(DONT_ASK_KEY) === true, askedThisSession: this.asked };
    if (!shouldOfferCudaInstall(facts)) return;
    this.asked = true;
    this.opts.logger.info(`CUDA is not ready: ${cuda.summary}`);
    const choice = await this.opts.ui.ask(cudaOfferMessage(cuda), [INSTALL, NOT_NOW, DONT_ASK]);
    if (choice === DONT_ASK) await this.opts.memory.update(DONT_ASK_KEY, true);
    if (choice === INSTALL) await this.install();
  }

  /** Installs the provider libraries, then restarts the engine; true when they are in place. One install at a time. */
  install(): Promise<boolean> {
    this.installing ??= this.runInstall().finally(() => {
      this.installing = undefined;
    });
    return this.installing;
  }

  private async runInstall(): Promise<boolean> {
    const { logger, ui } = this.opts;
    const before = this.opts.provisioning(true);
    if (!before.applicable) {
      void ui.showInfo(`codeloupe: ${before.summary}`, []);
      return false;
    }
    if (before.ready) {
      void ui.showInfo('codeloupe: the CUDA provider libraries are already installed.', []);
      return true;
    }
    logger.info(`Installing the CUDA provider libraries: ${before.command}`);
    try {
      const after = await ui.withProgress('codeloupe: installing CUDA support', (report, token) =>
        this.opts.install({
          token,
          env: this.opts.installEnv(),
          onOutput: (line) => {
            logger.info(`[CUDA install] ${line}`);
            report(line.length > 120 ? `${line.slice(0, 117)}…` : line);
          },
        }),
      );
      this.opts.provisioning(true);
      logger.info(`CUDA support installed: ${after.summary} Restarting the engine.`);
      await this.opts.restartEngine();
      const missing = after.missingSystemLibraries.length > 0 ? ` It still needs ${after.missingSystemLibraries.join(', ')} (CUDA 12 and cuDNN 9) to start.` : '';
      void ui.showInfo(`codeloupe: CUDA support is installed and the engine restarted; the log says which device embeds.${missing}`, []);
      return true;
    } catch (err) {
      if (isCancelled(err)) {
        logger.info('Installing CUDA support was cancelled.');
        return false;
      }
      const e = toCodeloupeError(err);
      logger.error(`${e.message}${e.hint ? ` ${e.hint}` : ''}`);
      void ui.showError(`codeloupe: ${e.message}`, ['Show Log']).then((c) => c && this.opts.showLog());
      return false;
    }
  }
}
