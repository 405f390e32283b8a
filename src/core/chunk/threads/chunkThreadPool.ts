import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CancellationToken } from '../../cancellation';
import { CancelledError, CodeloupeError, errorMessage } from '../../errors';
import type { Logger } from '../../logger';
import type { ChunkRequest, ChunkResult, UnitChunker } from '../../engine/ports';
import { CLAIM_SLOTS, CLAIMED_HERE, claimSlot, UNCLAIMED, type ChunkJob, type ChunkJobReply, type ChunkThreadSetup, type WarmUp } from './chunkThreadProtocol';

export interface ChunkThreadPoolOptions {
  /** Threads to chunk on (at least 1). */
  threads: number;
  /** Chunks what the threads cannot: requests without a portable token counting, and after a thread failed. */
  fallback: UnitChunker;
  logger: Logger;
  grammarDir?: string;
  parseTimeoutMs?: number;
  /** The thread's entry; default: dist/chunk-thread.js beside the bundle, or main.ts when running from source. */
  entry?: string;
  /** Threads with no job for this long end (they start again on demand); default 30 s. */
  idleMs?: number;
}

/** Thread failures (a crash, a tokenizer that does not load there) after which the pool chunks in-process only. */
const MAX_THREAD_FAILURES = 3;
const DEFAULT_IDLE_MS = 30_000;

/** What became of a job: a thread's reply, or (`here`) its chunking on the calling thread. */
type JobTaken = Exclude<ChunkJobReply, { type: 'taken' }> | { here: Promise<ChunkResult> };

/**
 * A job, waiting in the pool or handed over to a thread: until the thread starts it, the calling thread may
 * still take it (helpOnce).
 */
interface PoolJob {
  job: ChunkJob;
  file: { path: string; text: string };
  request: ChunkRequest;
  token: CancellationToken | undefined;
  resolve: (taken: JobTaken) => void;
  reject: (err: Error) => void;
}

/**
 * Jobs handed to a thread ahead of time: enough to keep it busy while the calling thread writes a batch to
 * the store (it cannot hand out jobs meanwhile). The rest wait in the pool, where the calling thread can
 * take them when it has nothing else to do.
 */
const JOBS_AHEAD_PER_THREAD = 24;

/** The calling thread takes waiting files up to this size only: a larger one would keep it from its own work. */
const MAX_CHARS_CHUNKED_HERE = 64 * 1024;

interface ChunkThread {
  worker: Worker;
  /** Jobs handed over and not answered, in the order the thread does them. */
  jobs: Map<number, PoolJob>;
}

/**
 * Chunks files on worker threads, so that parsing (the bulk of the keyword index's CPU) uses every core
 * while the main thread reads files and writes the store. Chunks are the same as the in-process
 * chunker's (the same code, the same token counting, rebuilt in the thread from `request.counting`).
 *
 * A thread that crashes or fails is replaced; its files are chunked in-process instead, so a failure costs
 * time, never units. After MAX_THREAD_FAILURES the pool stops using threads and says why in the log.
 */
export class ChunkThreadPool implements UnitChunker {
  private readonly threads: ChunkThread[] = [];
  private readonly cancelledUpTo = new Int32Array(new SharedArrayBuffer(4));
  private readonly claims = new Int32Array(new SharedArrayBuffer(4 * CLAIM_SLOTS));
  private nextId = 1;
  private failures = 0;
  private disabled: string | undefined;
  private disposed = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly waiting: PoolJob[] = [];

  /** Threads the pool runs at most. */
  private readonly size: number;

  constructor(private readonly options: ChunkThreadPoolOptions) {
    this.size = Math.max(1, options.threads);
  }

  /** Why the pool no longer uses threads, if it stopped. */
  get stoppedBecause(): string | undefined {
    return this.disabled;
  }

  async chunk(file: { path: string; text: string }, request: ChunkRequest, token?: CancellationToken): Promise<ChunkResult> {
    if (this.disposed) throw new CodeloupeError('E_INTERNAL', `The chunk thread pool was used after dispose() (chunking ${file.path}).`);
    if (request.counting === undefined || this.disabled !== undefined) return this.options.fallback.chunk(file, request, token);
    if (token?.isCancellationRequested) throw new CancelledError();
    const id = this.nextId++;
    const job: ChunkJob = { type: 'chunk', id, path: file.path, text: file.text, maxTokens: request.maxTokens, counting: request.counting };
    const cancel = token?.onCancellationRequested(() => Atomics.store(this.cancelledUpTo, 0, Math.max(Atomics.load(this.cancelledUpTo, 0), id)));
    let taken: JobTaken;
    try {
      taken = await this.enqueue(job, file, request, token);
    } catch (err) {
      if (token?.isCancellationRequested) throw new CancelledError();
      this.threadFailed(`a chunk thread stopped while chunking ${file.path}: ${errorMessage(err)}`);
      return this.options.fallback.chunk(file, request, token);
    } finally {
      cancel?.dispose();
    }
    if ('here' in taken) return taken.here;
    const reply = taken;
    if (reply.type === 'chunked') return { ...reply.outcome, chunkMs: reply.chunkMs };
    const error = CodeloupeError.deserialize(reply.error);
    if (error instanceof CancelledError) throw error;
    this.threadFailed(`chunking ${file.path} failed in a chunk thread: ${error.describe()}`);
    return this.options.fallback.chunk(file, request, token);
  }

  /**
   * Starts every thread and has it load the token counter and the grammars of `paths` (a sample is
   * enough: one per language), so that a large run does not wait for them file by file.
   */
  warmUp(request: ChunkRequest, paths: readonly string[]): void {
    if (this.disposed || this.disabled !== undefined || request.counting === undefined) return;
    const oneByExtension = new Map<string, string>();
    for (const p of paths) oneByExtension.set(p.slice(p.lastIndexOf('.')), p);
    const tables = request.countingTables?.();
    const message: WarmUp = { type: 'warm', counting: request.counting, ...(tables !== undefined && { tables }), paths: [...oneByExtension.values()] };
    try {
      while (this.threads.length < this.size) this.startThread();
    } catch {
      return; // The first job finds the same problem and falls back (with a warning).
    }
    for (const thread of this.threads) thread.worker.postMessage(message);
    this.armIdleTimer();
  }

  /** Ends the threads; jobs still in flight fail and nothing more may be chunked. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.idleTimer);
    for (const waiting of this.waiting.splice(0)) waiting.reject(new Error('the pool was disposed'));
    await this.stopThreads();
  }

  /**
   * Chunks one file that no thread has started on the calling thread: the last small one waiting in the pool
   * (threads take them from the front), else the last small one handed over to a thread that has not started
   * it (the thread then skips it). False when there is none. For a caller with nothing else to do while it
   * waits for the threads: on two cores, the calling thread idles about half of a large run otherwise.
   */
  async helpOnce(): Promise<boolean> {
    const taken = this.takeWaiting() ?? this.takeHandedOver();
    if (taken === undefined) return false;
    const t0 = performance.now();
    const here = this.options.fallback.chunk(taken.file, taken.request, taken.token).then((outcome) => ({ ...outcome, chunkMs: performance.now() - t0 }));
    taken.resolve({ here });
    await here.catch(() => undefined);
    return true;
  }

  private takeWaiting(): PoolJob | undefined {
    let index = this.waiting.length - 1;
    while (index >= 0 && this.waiting[index].file.text.length > MAX_CHARS_CHUNKED_HERE) index--;
    return index < 0 ? undefined : this.waiting.splice(index, 1)[0];
  }

  /**
   * A job handed over to a thread, claimed here before the thread starts it: the last small one of the
   * thread with the most jobs ahead. A thread does its jobs in order, so once one is claimed by it, all
   * before it are too.
   */
  private takeHandedOver(): PoolJob | undefined {
    const byLoad = [...this.threads].sort((a, b) => b.jobs.size - a.jobs.size);
    for (const thread of byLoad) {
      const jobs = [...thread.jobs.values()];
      for (let i = jobs.length - 1; i >= 0; i--) {
        const candidate = jobs[i];
        if (candidate.file.text.length > MAX_CHARS_CHUNKED_HERE) continue;
        if (Atomics.compareExchange(this.claims, claimSlot(candidate.job.id), UNCLAIMED, CLAIMED_HERE) !== UNCLAIMED) break;
        thread.jobs.delete(candidate.job.id);
        this.jobsDone(thread);
        return candidate;
      }
    }
    return undefined;
  }

  private enqueue(job: ChunkJob, file: { path: string; text: string }, request: ChunkRequest, token: CancellationToken | undefined): Promise<JobTaken> {
    clearTimeout(this.idleTimer);
    return new Promise<JobTaken>((resolve, reject) => {
      this.waiting.push({ job, file, request, token, resolve, reject });
      this.dispatch();
    });
  }

  /** Hands waiting jobs to threads that have room ahead. */
  private dispatch(): void {
    while (this.waiting.length > 0) {
      const thread = this.threadWithRoom();
      if (thread === undefined) return;
      const pooled = this.waiting.shift()!;
      Atomics.store(this.claims, claimSlot(pooled.job.id), UNCLAIMED);
      thread.jobs.set(pooled.job.id, pooled);
      if (thread.jobs.size === 1) thread.worker.ref();
      thread.worker.postMessage(pooled.job);
    }
  }

  /** After a thread's job was answered or taken back: an idle thread no longer keeps the process alive. */
  private jobsDone(thread: ChunkThread): void {
    if (thread.jobs.size > 0) return;
    thread.worker.unref();
    this.armIdleTimer();
  }

  private threadWithRoom(): ChunkThread | undefined {
    const idle = this.threads.find((t) => t.jobs.size === 0);
    if (idle !== undefined) return idle;
    if (this.threads.length < this.size) return this.startThread();
    const least = this.threads.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
    return least.jobs.size < JOBS_AHEAD_PER_THREAD ? least : undefined;
  }

  private startThread(): ChunkThread {
    const setup: ChunkThreadSetup = {
      cancelledUpTo: this.cancelledUpTo.buffer as SharedArrayBuffer,
      claims: this.claims.buffer as SharedArrayBuffer,
      ...(this.options.grammarDir !== undefined && { grammarDir: this.options.grammarDir }),
      ...(this.options.parseTimeoutMs !== undefined && { parseTimeoutMs: this.options.parseTimeoutMs }),
    };
    const entry = this.options.entry ?? defaultThreadEntry(__dirname);
    // From source (tests), the entry is TypeScript: the thread registers tsx before loading it.
    const worker = entry.endsWith('.ts')
      ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entry)});`, { eval: true, workerData: setup })
      : new Worker(entry, { workerData: setup });
    // An idle thread does not keep the process alive; one with jobs does (see send).
    worker.unref();
    const thread: ChunkThread = { worker, jobs: new Map() };
    worker.on('message', (reply: ChunkJobReply) => {
      // A job the calling thread took back is no longer among the thread's jobs.
      if (reply.type === 'taken') return;
      const pending = thread.jobs.get(reply.id);
      if (pending === undefined) return;
      thread.jobs.delete(reply.id);
      this.jobsDone(thread);
      pending.resolve(reply);
      this.dispatch();
    });
    const fail = (reason: string): void => {
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads.splice(index, 1);
      const jobs = [...thread.jobs.values()];
      thread.jobs.clear();
      for (const job of jobs) job.reject(new Error(reason));
    };
    worker.on('error', (err) => {
      fail(errorMessage(err));
      void worker.terminate();
    });
    worker.on('exit', (code) => fail(`the thread exited with code ${code}`));
    this.threads.push(thread);
    return thread;
  }

  private threadFailed(reason: string): void {
    this.failures++;
    if (this.failures < MAX_THREAD_FAILURES) {
      this.options.logger.warn(`${reason}; that file was chunked on the main thread.`);
      return;
    }
    if (this.disabled !== undefined) return;
    this.disabled = reason;
    this.options.logger.warn(`${reason}; after ${this.failures} failures, files are chunked on the main thread from now on (slower, the same chunks).`);
    for (const w of this.waiting.splice(0)) w.resolve({ here: this.options.fallback.chunk(w.file, w.request, w.token) });
    void this.stopThreads();
  }

  private armIdleTimer(): void {
    if (this.threads.some((t) => t.jobs.size > 0)) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.stopThreads(), this.options.idleMs ?? DEFAULT_IDLE_MS);
    this.idleTimer.unref();
  }

  private async stopThreads(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
}

/**
 * One chunk thread per core but one, at least 1 and at most 4: the calling thread keeps a core to read files
 * and write the store (measured on 2 cores: a second chunk thread took as long, with 1.5x the CPU).
 * `CODELOUPE_CHUNK_THREADS` overrides it (0: chunk on the calling thread).
 */
export function defaultChunkThreads(env: NodeJS.ProcessEnv = process.env, cores: number = availableParallelism()): number {
  const set = env['CODELOUPE_CHUNK_THREADS']?.trim();
  if (set !== undefined && /^\d+$/.test(set)) return Number(set);
  return Math.max(1, Math.min(4, cores - 1));
}

/**
 * `here` is the directory of the running code: dist/ when bundled (chunk-thread.js sits beside cli.js and
 * engine-server.js), this folder when run from source through tsx (tests), where the entry is main.ts.
 */
export function defaultThreadEntry(here: string): string {
  const candidates = [join(here, 'chunk-thread.js'), join(here, 'main.ts')];
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) {
    throw new CodeloupeError('E_INTERNAL', `The chunk thread script is missing (looked for ${candidates.join(' and ')}).`, {
      hint: 'Reinstall codeloupe, or run npm run build in a source checkout.',
    });
  }
  return found;
}
