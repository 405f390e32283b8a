/**
 * The engine's embedder: supervises the embedding worker process. It prefixes texts for their kind,
 * sends them in chunks (queries ahead of documents), restarts the worker when it crashes (within a crash
 * budget), isolates inputs that crash it, and shuts it down politely, then by force.
 */
import { CancellationSource, type CancellationToken } from '../cancellation';
import { CancelledError, CodeloupeError, toCodeloupeError } from '../errors';
import { nullLogger, type Logger } from '../logger';
import { CrashBudget, type CrashBudgetLimits } from '../process/crashBudget';
import { embedWithCrashRecovery, type AttemptOutcome } from './crashRecovery';
import type { DeviceFallback, DeviceRequest } from './devices';
import type { EmbedKind, EmbedResult, TextEmbedder } from '../engine/ports';
import { chunkTexts, DEFAULT_CHUNK_LIMITS, EmbedCall, type ChunkLimits, type ProgressListener, type TextChunk } from './embedCall';
import type { ModelInfo } from './modelInfo';
import type { WorkerPriority } from './worker/processPriority';
import type { WorkerInit } from './worker/protocol';
import { resolveWorkerLaunch, type WorkerLaunch } from './workerLaunch';
import { WorkerExitError, WorkerProcess } from './workerProcess';


export interface WorkerEmbedderOptions {
  model: ModelInfo;
  device: DeviceRequest;
  threads?: number;
  /** Padded tokens per ONNX batch in the worker. */
  batchTokens?: number;
  /** The worker's OS priority; default 'low' (CODELOUPE_WORKER_PRIORITY=normal overrides, for benchmarks). */
  priority?: WorkerPriority;
  logger?: Logger;
  /** Default: dist/embed-worker.js beside the bundle, or worker/main.ts when running from source. */
  workerPath?: string;
  /** Default: ['--import', 'tsx'] for a .ts worker, none for .js. */
  execArgv?: string[];
  /** Extra argv for the worker script. */
  workerArgs?: string[];
  chunkLimits?: ChunkLimits;
  crashBudget?: CrashBudgetLimits;
  /** How long shutdown waits for the worker to exit before killing it. */
  shutdownTimeoutMs?: number;
  /**
   * A worker that sends nothing for this long while embedding is killed and handled like a crash (so an
   * input that hangs the model is isolated like one that crashes it). The worker reports after every batch.
   */
  stallTimeoutMs?: number;
  /**
   * A starting worker that sends nothing for this long (no ready, no log line) is stopped, and the start
   * fails with E_WORKER_TIMEOUT, so that a model load that hangs cannot block its folder for good.
   */
  readyTimeoutMs?: number;
}

interface Job {
  call: EmbedCall;
  chunk: TextChunk;
  kind: EmbedKind;
}

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 3000;
/** Far above one batch of a base-size model on a slow CPU (seconds), yet a hang does not last forever. */
const DEFAULT_STALL_TIMEOUT_MS = 5 * 60_000;
/** Loading a base-size model from a slow disk, or a first GPU start, takes tens of seconds; a hang, forever. */
const DEFAULT_READY_TIMEOUT_MS = 3 * 60_000;

export class WorkerEmbedder implements TextEmbedder {
  private worker: WorkerProcess | undefined;
  private starting: Promise<WorkerProcess> | undefined;
  private readonly queue: Job[] = [];
  private pumping = false;
  private nextRequestId = 1;
  private broken: CodeloupeError | undefined;
  private disposed = false;
  private readonly budget: CrashBudget;
  private readonly logger: Logger;
  private ready: { device: string; fallbacks: DeviceFallback[] } = { device: 'cpu', fallbacks: [] };
  /** Stops a worker start under way: the caller gave up (see start), or dispose. */
  private readonly startCancellation = new CancellationSource();

  private constructor(
    private readonly opts: WorkerEmbedderOptions,
    private readonly launch: WorkerLaunch,
  ) {
    this.logger = opts.logger ?? nullLogger;
    this.budget = new CrashBudget(opts.crashBudget);
  }

  /**
   * Starts the worker and waits until the model is loaded; rejects with the worker's init error, with
   * E_WORKER_TIMEOUT when the load hangs, or with the cancellation error (the worker is then stopped).
   */
  static async start(opts: WorkerEmbedderOptions, token?: CancellationToken): Promise<WorkerEmbedder> {
    const launch = resolveWorkerLaunch(__dirname, {
      ...opts,
      stallTimeoutMs: opts.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS,
      readyTimeoutMs: opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    });
    const embedder = new WorkerEmbedder(opts, launch);
    const stop = token?.onCancellationRequested(() => embedder.startCancellation.cancel());
    try {
      await embedder.ensureWorker();
    } finally {
      stop?.dispose();
    }
    return embedder;
  }

  get model(): ModelInfo {
    return this.opts.model;
  }

  get dimension(): number {
    return this.opts.model.dimension;
  }

  /** The current worker's process id (diagnostics, tests), if one runs. */
  get workerPid(): number | undefined {
    return this.worker?.pid;
  }

  /** The device the current worker runs on. */
  get device(): string {
    return this.ready.device;
  }

  /** Devices passed over when the current worker started, with the reasons. */
  get fallbacks(): DeviceFallback[] {
    return this.ready.fallbacks;
  }

  embed(texts: string[], kind: EmbedKind, token?: CancellationToken, onProgress?: ProgressListener): Promise<EmbedResult> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.disposed) return Promise.reject(new CodeloupeError('E_INTERNAL', 'The embedder was used after it was disposed.'));
    if (token?.isCancellationRequested) return Promise.reject(new CancelledError());
    const prefix = kind === 'query' ? this.model.queryPrefix : this.model.documentPrefix;
    const chunks = chunkTexts(prefix ? texts.map((t) => prefix + t) : texts, this.opts.chunkLimits ?? DEFAULT_CHUNK_LIMITS);
    const call = new EmbedCall(texts.length, chunks.length, onProgress, token, (c) => this.dropQueued(c));
    const jobs = chunks.map((chunk) => ({ call, chunk, kind }));
    // Queries jump ahead of queued document chunks, so a search is not stuck behind an indexing run.
    const firstDocument = kind === 'query' ? this.queue.findIndex((j) => j.kind === 'document') : -1;
    this.queue.splice(firstDocument >= 0 ? firstDocument : this.queue.length, 0, ...jobs);
    void this.pump();
    return call.promise;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.startCancellation.cancel();
    for (const job of this.queue.splice(0)) job.call.fail(new CancelledError());
    const worker = this.worker ?? (await this.starting?.catch(() => undefined));
    this.worker = undefined;
    await worker?.shutdown(this.opts.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let job = this.queue.shift(); job !== undefined; job = this.queue.shift()) {
        const { call, chunk } = job;
        if (call.isSettled) continue;
        try {
          const result = await embedWithCrashRecovery(chunk.texts, {
            attempt: (texts) => this.attempt(texts, call),
            chargeCrash: (reason) => this.chargeCrash(reason),
          });
          call.complete(chunk, result);
        } catch (err) {
          const error = toCodeloupeError(err, 'E_EMBED_FAILED');
          call.fail(error);
          if (this.broken) this.failEverything(this.broken);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** One try of `texts` on a live worker. A crash is reported, not thrown; the next try restarts it. */
  private async attempt(texts: string[], call: EmbedCall): Promise<AttemptOutcome> {
    if (call.isSettled || this.disposed) throw new CancelledError();
    const worker = await this.ensureWorker();
    if (call.isSettled) throw new CancelledError();
    const requestId = this.nextRequestId++;
    call.cancelInFlight = () => worker.cancel(requestId);
    try {
      const reply = await worker.request(requestId, texts);
      if (reply.type === 'cancelled') throw new CancelledError();
      if (reply.type === 'failed') throw CodeloupeError.deserialize(reply.error);
      const dim = this.dimension;
      const vectors = texts.map((_, i) => reply.vectors.slice(i * dim, (i + 1) * dim));
      const failed = new Set(reply.failures.map((f) => f.index));
      return { kind: 'done', result: { vectors: vectors.map((v, i) => (failed.has(i) ? null : v)), failures: reply.failures, timings: reply.timings } };
    } catch (err) {
      if (!(err instanceof WorkerExitError)) throw err;
      if (this.worker === worker) this.worker = undefined;
      if (this.disposed) throw new CancelledError();
      this.logger.warn(`${err.message} (while embedding ${texts.length} texts); restarting it.`);
      return { kind: 'crashed', code: err.code, reason: err.reason };
    } finally {
      call.cancelInFlight = undefined;
    }
  }

  /** The live worker, starting one when needed; a worker that dies while starting is a charged crash. */
  private async ensureWorker(): Promise<WorkerProcess> {
    if (this.broken) throw this.broken;
    if (this.worker?.alive) return this.worker;
    this.starting ??= this.startWorker().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async startWorker(): Promise<WorkerProcess> {
    const init: WorkerInit = {
      model: this.model,
      device: this.opts.device,
      threads: this.opts.threads,
      batchTokens: this.opts.batchTokens,
      priority: this.opts.priority ?? (process.env.CODELOUPE_WORKER_PRIORITY === 'normal' ? 'normal' : 'low'),
    };
    for (;;) {
      try {
        const { worker, ready } = await WorkerProcess.start(
          this.launch,
          init,
          this.logger,
          (exited, reason, hadWork) => this.onUnexpectedExit(exited, reason, hadWork),
          this.startCancellation.token,
        );
        if (ready.dimension !== this.dimension) {
          await worker.shutdown(this.opts.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS);
          throw new CodeloupeError('E_MODEL_INVALID', `The embedding worker reports vectors of ${ready.dimension} values; ${this.model.dir} says ${this.dimension}.`);
        }
        this.worker = worker;
        this.ready = { device: ready.device, fallbacks: ready.fallbacks };
        return worker;
      } catch (err) {
        if (!(err instanceof WorkerExitError)) throw err;
        this.logger.warn(`The embedding worker died while loading the model: ${err.reason}`);
        this.chargeCrash(err.reason);
      }
    }
  }

  private onUnexpectedExit(worker: WorkerProcess, reason: string, hadWork: boolean): void {
    if (this.worker === worker) this.worker = undefined;
    if (hadWork || this.disposed) return; // the request's recovery deals with it
    this.logger.warn(`The idle embedding worker exited (${reason}); it restarts on the next request.`);
    try {
      this.chargeCrash(reason);
    } catch (err) {
      this.failEverything(toCodeloupeError(err));
    }
  }

  private chargeCrash(reason: string): void {
    if (this.budget.record()) return;
    const { maxCrashes, windowMs } = this.budget.limits;
    this.broken = new CodeloupeError('E_WORKER_CRASHED', `The embedding worker crashed more than ${maxCrashes} times in ${Math.round(windowMs / 1000)} s (last: ${reason}); semantic search is stopped.`, {
      hint: 'See the codeloupe log for the worker output, then restart codeloupe (or reload the window). If it keeps crashing, try --device cpu or a smaller model file.',
    });
    throw this.broken;
  }

  private failEverything(error: CodeloupeError): void {
    this.broken ??= error;
    for (const job of this.queue.splice(0)) job.call.fail(error);
  }

  private dropQueued(call: EmbedCall): void {
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i].call === call) this.queue.splice(i, 1);
  }
}
