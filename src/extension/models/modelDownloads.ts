/**
 * Downloads the configured model into the extension's global storage when it is a Hugging Face id whose
 * files are not on disk, with a cancellable progress notification; one download per model and export,
 * however many folders use it. Until it ends, folders open without a model (keyword search works); when
 * it ends, `onDidChange` tells the engine service to re-open them. No VS Code import: the UI is a port.
 *
 * The download runs on the extension host: it is network I/O streamed by undici, and the files are
 * hashed incrementally as a stream of 64 KiB chunks, so the host's thread is never held for long.
 */
import { CancellationSource, type CancellationToken } from '../../core/cancellation';
import { CancelledError, isCancelled, toCodeloupeError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { manualInstallSteps, type EnsuredModel, type EnsureModelOptions } from '../../core/models/ensureModel';
import type { Precision } from '../../core/models/precision';
import { Emitter, type Event } from '../../shared/lifecycle';
import type { DeviceRequest } from '../../core/embed/devices';
import type { ModelLocation } from '../settings/modelLocation';
import { DownloadProgressSteps, type ProgressStep } from './downloadProgress';
import { folderModel, planModel, type DownloadState, type FolderModel } from './modelPlan';
import type { ResolvedProxy } from './proxySetting';
import { definedProps } from '../../core/definedProps';

/** The few VS Code calls a download needs (a progress notification, messages with buttons). */
export interface DownloadUi {
  withProgress<T>(title: string, task: (report: (step: ProgressStep) => void, token: CancellationToken) => Promise<T>): Promise<T>;
  showError(message: string, actions: readonly string[]): Promise<string | undefined>;
  showInfo(message: string, actions: readonly string[]): Promise<string | undefined>;
}

export interface ModelDownloadsOptions {
  /** ensureModel from src/core/models (tests pass a double). */
  ensure: (opts: EnsureModelOptions) => Promise<EnsuredModel>;
  /** Downloads go to `<globalStorage>/models/<owner>/<name>`. */
  globalStorage: string;
  precisionFor: (device: DeviceRequest) => Precision;
  hasFiles: (dir: string, precision: Precision, exact: boolean) => boolean;
  /** Read when a download starts, so that a changed proxy setting applies to the next try. */
  proxy: () => ResolvedProxy;
  ui: DownloadUi;
  logger: Logger;
  /** The "Choose Folder…" button: pick a local model folder and set codeloupe.model to it. */
  chooseFolder: () => Promise<void>;
  showLog: () => void;
  /**
   * Takes the download lock of a model folder, or returns undefined while another process (another VS Code
   * window, whose extension host downloads too) holds it; that download is waited for, never raced.
   */
  tryLock: (dir: string) => { release(): void } | undefined;
  /** How long to wait before trying a held lock again (default 2 s). */
  lockRetryMs?: number;
  /** Waits `ms` or until `token` is cancelled; tests pass one that does not sleep. */
  wait?: (ms: number, token: CancellationToken) => Promise<void>;
  now?: () => number;
}

interface Job {
  id: string;
  dir: string;
  precision: Precision;
  /** Another export is usable meanwhile: a failure is logged, not shown. */
  hasFallback: boolean;
}

export const CHOOSE_FOLDER = 'Choose Folder…';
export const RETRY = 'Retry';
export const SHOW_LOG = 'Show Log';
export const RESUME = 'Resume Download';

export class ModelDownloads {
  private readonly jobs = new Map<string, Job>();
  private readonly states = new Map<string, DownloadState>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly sources = new Set<CancellationSource>();
  private readonly changed = new Emitter<string>();
  private disposed = false;

  /** A model's download ended (done, failed or cancelled) or restarted: folders using it should re-open. */
  readonly onDidChange: Event<string> = this.changed.event;

  constructor(private readonly opts: ModelDownloadsOptions) {}

  /** What a folder's engine opens with for this model setting and device; starts a download when one is needed. */
  folderModel(location: ModelLocation, device: DeviceRequest): FolderModel {
    const precision = this.opts.precisionFor(device);
    const plan = planModel(location, (dir, exact) => this.opts.hasFiles(dir, precision, exact));
    if (plan.kind !== 'download') return folderModel(plan, undefined, precision);
    const key = keyOf(plan.id, precision);
    const state = this.states.get(key);
    // A finished download whose folder has since been emptied is fetched again.
    if (state?.state === 'done' && !this.opts.hasFiles(state.dir, precision, false)) this.states.delete(key);
    if (!this.states.has(key)) this.start(key, { id: plan.id, dir: plan.dir, precision, hasFallback: plan.meanwhile !== undefined });
    return folderModel(plan, this.states.get(key), precision);
  }

  /** Whether this model's state is the downloader's to tell (downloading, failed or cancelled). */
  isHandling(id: string): boolean {
    return [...this.jobs.entries()].some(([key, job]) => {
      const state = this.states.get(key)?.state;
      return job.id === id && state !== undefined && state !== 'done';
    });
  }

  /** Forgets failed and cancelled downloads, so that the next open tries again (the model or device setting changed). */
  forgetFailures(): void {
    for (const [key, state] of this.states) if (state.state === 'failed' || state.state === 'cancelled') this.states.delete(key);
  }

  /** Starts a failed or cancelled download again. */
  retry(id: string, precision: Precision): void {
    const key = keyOf(id, precision);
    const job = this.jobs.get(key);
    if (!job || this.running.has(key)) return;
    this.start(key, job);
    this.changed.fire(id);
  }

  /** Resolves when no download runs (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  dispose(): void {
    this.disposed = true;
    for (const source of this.sources) source.cancel();
    this.changed.dispose();
  }

  private start(key: string, job: Job): void {
    this.jobs.set(key, job);
    this.states.set(key, { state: 'downloading' });
    const run = this.download(job).then((state) => {
      this.running.delete(key);
      if (this.disposed) return;
      this.states.set(key, state);
      this.changed.fire(job.id);
      // Told once the state is recorded, so that a "Retry" answer finds the download ended.
      if (job.hasFallback) return;
      if (state.state === 'failed') this.tellFailed(job, state.reason);
      else if (state.state === 'cancelled') this.tellCancelled(job);
    });
    this.running.set(key, run);
  }

  private async download(job: Job): Promise<DownloadState> {
    const { logger } = this.opts;
    const source = new CancellationSource();
    this.sources.add(source);
    try {
      const proxy = this.opts.proxy();
      logger.info(`Downloading the embedding model ${job.id} (${job.precision}) into ${job.dir}; proxy: ${proxy.source}.`);
      const ensured = await this.opts.ui.withProgress(`codeloupe: downloading the embedding model ${job.id}`, async (report, uiToken) => {
        const subscription = uiToken.onCancellationRequested(() => source.cancel());
        const steps = new DownloadProgressSteps(report, this.opts.now);
        let lock: { release(): void } | undefined;
        try {
          lock = await this.lock(job, report, source.token);
          return await this.opts.ensure({
            spec: job.id,
            cacheDir: this.opts.globalStorage,
            precision: job.precision,
            token: source.token,
            logger,
            onProgress: (p) => steps.push(p),
            ...definedProps({ proxy: proxy.proxy }),
          });
        } finally {
          lock?.release();
          subscription.dispose();
        }
      });
      if (ensured.note) logger.warn(ensured.note);
      logger.info(ensured.downloaded ? `Downloaded ${job.id} into ${ensured.dir}.` : `Using ${job.id} from ${ensured.dir}.`);
      return { state: 'done', dir: ensured.dir };
    } catch (err) {
      if (isCancelled(err)) {
        logger.info(`The download of ${job.id} was cancelled; the next try resumes where it stopped.`);
        return { state: 'cancelled' };
      }
      const message = toCodeloupeError(err).message;
      logger.error(`${message} ${byHandAdvice(job)}`);
      if (job.hasFallback) logger.warn(`Semantic search goes on with another export of ${job.id} already on disk.`);
      return { state: 'failed', reason: message };
    } finally {
      this.sources.delete(source);
    }
  }

  /** The model folder's download lock, waiting while another window downloads it (cancellable). */
  private async lock(job: Job, report: (step: ProgressStep) => void, token: CancellationToken): Promise<{ release(): void }> {
    for (let told = false; ; told = true) {
      if (token.isCancellationRequested) throw new CancelledError();
      const lock = this.opts.tryLock(job.dir);
      if (lock) return lock;
      if (!told) {
        this.opts.logger.info(`Another process is downloading ${job.id} into ${job.dir}; waiting for it.`);
        report({ message: 'waiting for another VS Code window that is downloading it', increment: 0 });
      }
      await (this.opts.wait ?? cancellableDelay)(this.opts.lockRetryMs ?? 2000, token);
    }
  }

  private tellFailed(job: Job, message: string): void {
    const text = `codeloupe: ${message.replace(/\.+$/, '')}. Search works by keywords only until a model is available.`;
    this.act(this.opts.ui.showError(text, [CHOOSE_FOLDER, RETRY, SHOW_LOG]), job);
  }

  private tellCancelled(job: Job): void {
    const text = `codeloupe: the download of ${job.id} was cancelled; search works by keywords only. It resumes where it stopped.`;
    this.act(this.opts.ui.showInfo(text, [RESUME, CHOOSE_FOLDER]), job);
  }

  private act(choice: Promise<string | undefined>, job: Job): void {
    choice
      .then(async (picked) => {
        if (picked === CHOOSE_FOLDER) await this.opts.chooseFolder();
        else if (picked === RETRY || picked === RESUME) this.retry(job.id, job.precision);
        else if (picked === SHOW_LOG) this.opts.showLog();
      })
      .catch((err: unknown) => this.opts.logger.error(`Acting on the model download notice failed: ${toCodeloupeError(err).message}`));
  }
}

/** How to install by hand, in the extension's words (settings and commands, not flags). */
export function byHandAdvice(job: Pick<Job, 'id' | 'dir' | 'precision'>): string {
  return `To install it by hand, ${manualInstallSteps(job)}; or point the codeloupe.model setting at a model folder ("codeloupe: Select Model"). Keyword search works meanwhile.`;
}

function cancellableDelay(ms: number, token: CancellationToken): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const subscription = token.onCancellationRequested(done);
    function done(): void {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    }
  });
}

function keyOf(id: string, precision: Precision): string {
  return `${id}|${precision}`;
}
