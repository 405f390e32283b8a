/**
 * One lifetime of the embedding worker process: fork, init handshake, request/reply by id, and a shutdown
 * that asks first and kills after a timeout. A restart is a new WorkerProcess.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { neverCancelled, type CancellationToken } from '../cancellation';
import { CancelledError, CodeloupeError } from '../errors';
import type { Logger } from '../logger';
import type { DeviceFallback } from './devices';
import type { HostMessage, WorkerInit, WorkerMessage } from './worker/protocol';
import type { WorkerLaunch } from './workerLaunch';

export type WorkerReply = Extract<WorkerMessage, { type: 'result' | 'failed' | 'cancelled' }>;

export interface WorkerReady {
  device: string;
  fallbacks: DeviceFallback[];
  dimension: number;
}

/**
 * The process ended while we still needed it: it crashed (E_WORKER_CRASHED) or stopped answering and was
 * killed (E_WORKER_TIMEOUT). `reason` says how; its output lines go to the log.
 */
export class WorkerExitError extends Error {
  constructor(
    readonly reason: string,
    readonly code: 'E_WORKER_CRASHED' | 'E_WORKER_TIMEOUT' = 'E_WORKER_CRASHED',
  ) {
    super(`The embedding worker exited: ${reason}`);
    this.name = 'WorkerExitError';
  }
}

/** Output lines kept to explain a crash. */
const STDERR_TAIL_LINES = 20;

export class WorkerProcess {
  private readonly pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();
  private readonly stderrTail: string[] = [];
  private readonly closed: Promise<void>;
  private exitReason: string | undefined;
  private exitCode: WorkerExitError['code'] = 'E_WORKER_CRASHED';
  private stopping = false;
  private stallTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly logger: Logger,
    private readonly stallTimeoutMs: number,
    onUnexpectedExit: (worker: WorkerProcess, reason: string, hadWork: boolean) => void,
  ) {
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.onOutput(chunk));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.onOutput(chunk));
    this.closed = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        // How it ended, and nothing more: what it printed may be older and unrelated (a start-up warning),
        // so its output goes to the log, not into the reason errors quote as the cause.
        const how = this.exitCode === 'E_WORKER_TIMEOUT' ? `no answer for ${this.stallTimeoutMs} ms, so it was killed` : signal ? `killed by ${signal}` : `exit code ${code ?? 'unknown'}`;
        this.exitReason = this.stderrTail.length ? `${how}; its output is in the log` : how;
        clearTimeout(this.stallTimer);
        const hadWork = this.pending.size > 0;
        for (const p of this.pending.values()) p.reject(new WorkerExitError(this.exitReason, this.exitCode));
        this.pending.clear();
        if (!this.stopping) {
          if (this.stderrTail.length) logger.warn(`Embedding worker ${child.pid ?? '?'} exited (${how}); its last output lines, which may be older than the exit:\n${this.stderrTail.join('\n')}`);
          onUnexpectedExit(this, this.exitReason, hadWork);
        }
        resolve();
      });
    });
    child.on('error', (err) => logger.warn(`Embedding worker process error: ${err.message}`));
    child.on('message', (message: WorkerMessage) => this.onMessage(message));
  }

  /**
   * Forks the worker and waits for `ready`. Rejects with WorkerExitError if it dies first, with
   * E_WORKER_TIMEOUT if it sends nothing for `launch.readyTimeoutMs` (a model load that hangs), and with
   * the cancellation error when `token` is cancelled; in the last two cases the process is stopped.
   */
  static async start(
    launch: WorkerLaunch,
    init: WorkerInit,
    logger: Logger,
    onUnexpectedExit: (worker: WorkerProcess, reason: string, hadWork: boolean) => void,
    token: CancellationToken = neverCancelled,
  ): Promise<{ worker: WorkerProcess; ready: WorkerReady }> {
    if (token.isCancellationRequested) throw new CancelledError();
    const child = fork(launch.workerPath, launch.args ?? [], {
      execArgv: launch.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let settle: ((outcome: WorkerReady | Error) => void) | undefined;
    const handshake = new Promise<WorkerReady | Error>((resolve) => (settle = resolve));
    const worker = new WorkerProcess(child, logger, launch.stallTimeoutMs, (exited, reason, hadWork) => {
      if (settle) settle(new WorkerExitError(reason));
      else onUnexpectedExit(exited, reason, hadWork);
    });
    // Any message (a log line while devices are tried) shows the load is alive and restarts the clock.
    let readyTimer: NodeJS.Timeout | undefined;
    const watchReady = (): void => {
      clearTimeout(readyTimer);
      readyTimer = setTimeout(() => {
        settle?.(
          new CodeloupeError('E_WORKER_TIMEOUT', `The embedding worker did not finish loading the model ${init.model.id} within ${formatDuration(launch.readyTimeoutMs)}; it was stopped.`, {
            hint: 'See the codeloupe log for its output. A model on a slow disk or a first GPU start can take long: try again, or use --device cpu.',
          }),
        );
      }, launch.readyTimeoutMs);
    };
    watchReady();
    const cancelled = token.onCancellationRequested(() => settle?.(new CancelledError()));
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') settle?.({ device: m.device, fallbacks: m.fallbacks, dimension: m.dimension });
      else if (m.type === 'initFailed') settle?.(CodeloupeError.deserialize(m.error));
      else if (settle) watchReady();
    });
    worker.send({ type: 'init', init });
    const outcome = await handshake;
    settle = undefined;
    clearTimeout(readyTimer);
    cancelled.dispose();
    if (outcome instanceof Error) {
      await worker.shutdown(1000);
      throw outcome;
    }
    logger.debug(`Embedding worker ${child.pid ?? '?'} is ready on ${outcome.device}.`);
    return { worker, ready: outcome };
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exitReason === undefined;
  }

  request(requestId: number, texts: string[]): Promise<WorkerReply> {
    if (this.exitReason !== undefined) return Promise.reject(new WorkerExitError(this.exitReason, this.exitCode));
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.send({ type: 'embed', requestId, texts });
      this.watchForStall();
    });
  }

  cancel(requestId: number): void {
    if (this.pending.has(requestId)) this.send({ type: 'cancel', requestId });
  }

  /** Asks the worker to exit; kills it if it has not exited after `timeoutMs`. */
  async shutdown(timeoutMs: number): Promise<void> {
    this.stopping = true;
    if (this.exitReason !== undefined) return;
    this.send({ type: 'shutdown' });
    if (await exitsWithin(this.closed, timeoutMs)) return;
    this.logger.warn(`Embedding worker ${this.child.pid ?? '?'} did not exit ${timeoutMs} ms after shutdown was asked; killing it.`);
    this.child.kill('SIGKILL');
    await this.closed;
  }

  private send(message: HostMessage): void {
    if (!this.child.connected) return;
    this.child.send(message, (err) => {
      if (err) this.logger.debug(`Could not send '${message.type}' to the embedding worker: ${err.message}`);
    });
  }

  private onMessage(message: WorkerMessage): void {
    this.watchForStall();
    if (message.type === 'log') {
      this.logger[message.level](message.message);
      return;
    }
    if (message.type !== 'result' && message.type !== 'failed' && message.type !== 'cancelled') return;
    const waiting = this.pending.get(message.requestId);
    this.pending.delete(message.requestId);
    waiting?.resolve(message);
    if (this.pending.size === 0) clearTimeout(this.stallTimer);
  }

  /** (Re)starts the stall timer while requests are pending: every message from the worker resets it. */
  private watchForStall(): void {
    clearTimeout(this.stallTimer);
    if (this.pending.size === 0 || this.exitReason !== undefined) return;
    this.stallTimer = setTimeout(() => {
      this.logger.warn(`Embedding worker ${this.child.pid ?? '?'} sent nothing for ${this.stallTimeoutMs} ms while embedding; killing it.`);
      this.exitCode = 'E_WORKER_TIMEOUT';
      this.child.kill('SIGKILL');
    }, this.stallTimeoutMs);
  }

  private onOutput(chunk: string): void {
    for (const line of chunk.split('\n')) {
      const text = stripAnsi(line).trim();
      if (!text) continue;
      this.logger.debug(`[embed worker] ${text}`);
      this.stderrTail.push(text);
      if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
    }
  }
}

async function exitsWithin(closed: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([closed.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** ONNX Runtime colours its log lines; the log and error messages want plain text. */
function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
