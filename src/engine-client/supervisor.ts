import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { CodeloupeError } from '../core/errors';
import type { Logger } from '../core/logger';
import { ipcConnection } from '../shared/engineRpc';
import { DisposableStore, Emitter, type Event } from '../shared/lifecycle';
import { CrashBudget, DEFAULT_CRASH_BUDGET } from '../core/process/crashBudget';
import { killTree } from '../core/process/killTree';
import { EngineClient } from './engineClient';

/** Its own process group on POSIX, so that a kill takes the embedding workers with it (see killTree). */
const DETACHED = process.platform !== 'win32';

export interface SupervisorOptions {
  /** The bundled server script (`<extension>/dist/engine-server.js`). */
  serverPath: string;
  logger: Logger;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  maxRestarts?: number;
  restartWindowMs?: number;
  /** How long a graceful shutdown may take before the process tree is killed. */
  shutdownTimeoutMs?: number;
  now?: () => number;
}

/** Handed to listeners on every (re)start: the process's client, and a store that lives as long as it. */
export interface ServerLifetime {
  client: EngineClient;
  store: DisposableStore;
  /** 0 for the first start; counts starts since. */
  generation: number;
}

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  expected: boolean;
}

interface Running {
  child: ChildProcess;
  lifetime: ServerLifetime;
  exited: Promise<ServerExit>;
  stopping: boolean;
}

/**
 * Forks the engine server and keeps it alive, like a language client supervises its server: an
 * unexpected exit restarts it within a crash budget (then it gives up and says so), a stop asks for a
 * graceful shutdown and kills the process tree when that takes too long. Each process lifetime has its
 * own DisposableStore, disposed when the process goes away, so listeners never pile up across restarts.
 */
export class EngineSupervisor {
  private running: Running | undefined;
  private generation = 0;
  private disposed = false;
  private readonly budget: CrashBudget;
  private readonly startEmitter = new Emitter<ServerLifetime>();
  private readonly exitEmitter = new Emitter<ServerExit>();
  private readonly giveUpEmitter = new Emitter<{ crashes: number; lastExit: ServerExit }>();

  readonly onDidStart: Event<ServerLifetime> = this.startEmitter.event;
  readonly onDidExit: Event<ServerExit> = this.exitEmitter.event;
  /** The crash budget is spent: the server stays down until `restart()`. */
  readonly onDidGiveUp: Event<{ crashes: number; lastExit: ServerExit }> = this.giveUpEmitter.event;

  constructor(private readonly options: SupervisorOptions) {
    this.budget = new CrashBudget(
      { maxCrashes: options.maxRestarts ?? DEFAULT_CRASH_BUDGET.maxCrashes, windowMs: options.restartWindowMs ?? DEFAULT_CRASH_BUDGET.windowMs },
      options.now ?? Date.now,
    );
  }

  get client(): EngineClient | undefined {
    return this.running?.lifetime.client;
  }

  get pid(): number | undefined {
    return this.running?.child.pid;
  }

  start(): void {
    if (this.running || this.disposed) return;
    const { logger } = this.options;
    const child = fork(this.options.serverPath, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: this.options.execArgv ?? [],
      ...(this.options.env && { env: this.options.env }),
      detached: DETACHED,
    });
    const store = new DisposableStore();
    const client = new EngineClient(ipcConnection(child, logger).connection);
    store.add(client);
    pipeLines(child.stdout, (line) => logger.info(`[engine] ${line}`));
    pipeLines(child.stderr, (line) => logger.warn(`[engine stderr] ${line}`));
    const lifetime: ServerLifetime = { client, store, generation: this.generation++ };
    const exited = new Promise<ServerExit>((resolve) => {
      let done = false;
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (done) return;
        done = true;
        resolve({ code, signal, expected: running.stopping });
      };
      child.on('exit', finish);
      child.on('error', (err) => {
        logger.error(`Engine server process error: ${err.message}`);
        if (child.pid === undefined) finish(null, null);
      });
    });
    const running: Running = { child, lifetime, exited, stopping: false };
    this.running = running;
    void exited.then((exit) => this.onExit(running, exit));
    logger.info(`Engine server started (pid ${child.pid ?? '?'}).`);
    this.startEmitter.fire(lifetime);
  }

  /** Asks the server to shut down; kills its process tree when it has not exited within the time limit. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.stopping = true;
    const timeoutMs = this.options.shutdownTimeoutMs ?? 3000;
    running.lifetime.client.request('shutdown', {}).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([running.exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.options.logger.warn(`Engine server did not exit within ${timeoutMs} ms of the shutdown request; killing it.`);
      const { pid } = running.child;
      if (pid === undefined) running.child.kill('SIGKILL');
      else await killTree(pid, { groupLeader: DETACHED });
      await running.exited;
    }
  }

  /** Stops the server if it runs, forgets past crashes, and starts a fresh one. */
  async restart(): Promise<void> {
    await this.stop();
    this.budget.reset();
    this.start();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.stop();
    this.startEmitter.dispose();
    this.exitEmitter.dispose();
    this.giveUpEmitter.dispose();
  }

  private onExit(running: Running, exit: ServerExit): void {
    if (this.running === running) this.running = undefined;
    const how = exit.signal ? `signal ${exit.signal}` : `code ${String(exit.code)}`;
    running.lifetime.client.close(new CodeloupeError('E_WORKER_CRASHED', `The engine server exited (${how}).`, { hint: 'It restarts on its own; see the codeloupe log.' }));
    running.lifetime.store.dispose();
    this.exitEmitter.fire(exit);
    if (exit.expected || this.disposed) {
      this.options.logger.info(`Engine server stopped (${how}).`);
      return;
    }
    this.options.logger.error(`Engine server exited unexpectedly (${how}).`);
    if (this.budget.record()) {
      this.start();
    } else {
      this.options.logger.error(`Engine server crashed ${this.budget.recent} times in a short while; not restarting it again.`);
      this.giveUpEmitter.fire({ crashes: this.budget.recent, lastExit: exit });
    }
  }
}

function pipeLines(stream: Readable | null, sink: (line: string) => void): void {
  if (!stream) return;
  const lines = createInterface({ input: stream });
  lines.on('line', (line) => {
    if (line.trim() !== '') sink(line);
  });
}

