/**
 * The two ways the index is kept up to date, driven the way they are used: the CLI (a process per run,
 * killed at random moments, two at once, searched while it runs) and a long-lived CodeIndex (what the
 * engine server keeps open: scoped updates as files are saved, cancelled runs, a killed worker, restarts).
 */
import { join, resolve } from 'node:path';
import { CancellationSource } from '../../src/core/cancellation';
import { CodeIndex } from '../../src/core/engine/codeIndex';
import { EmbedderPool } from '../../src/core/embed/embedderPool';
import { errorMessage } from '../../src/core/errors';
import { childProcesses, run, sleep, waitForChild, type Finished } from './processes';
import type { Prng } from './prng';
import type { TreeChange } from './treeChanges';

export const REPO = resolve(__dirname, '..', '..');
export const TEST_MODEL = join(REPO, 'test', 'fixtures', 'model');
export const CLI = join(REPO, 'dist', 'cli.js');
export const WORKER = join(REPO, 'dist', 'embed-worker.js');
/**
 * The clean rebuilds' worker runs from source, so that its command line differs from the drivers' and a
 * kill aimed at a driver's worker never hits it.
 */
export const SOURCE_WORKER = join(REPO, 'src', 'core', 'embed', 'worker', 'main.ts');
const WORKER_MARKER = 'embed-worker';

export type UpdateMode =
  | 'plain'
  | 'kill-index'
  | 'kill-worker'
  | 'two-at-once'
  | 'search-while-indexing'
  | 'interrupt'
  | 'scoped'
  | 'cancel'
  | 'reopen';

/** What happened while updating: events for the log, crashes (anything that is not a clean outcome), kills made. */
export interface UpdateReport {
  events: string[];
  crashes: string[];
  kills: number;
}

export interface Driver {
  readonly name: 'cli' | 'engine';
  readonly indexDir: string;
  readonly modes: readonly (readonly [UpdateMode, number])[];
  update(mode: UpdateMode, change: TreeChange | undefined, prng: Prng): Promise<UpdateReport>;
  /** What is wrong with the live engine's in-memory state (none for the CLI: its state is on disk). */
  liveProblems(): string[];
  close(): Promise<void>;
}

/** Options every index of a run is opened with, the clean rebuilds' included. */
export function indexOptions(root: string, indexDir: string, embedderPool?: EmbedderPool, workerPath = WORKER) {
  return { root, indexDir, modelDir: TEST_MODEL, device: 'cpu' as const, threads: 1, workerPath, ...(embedderPool && { embedderPool }) };
}

export class CliDriver implements Driver {
  readonly name = 'cli';
  readonly modes = [
    ['plain', 4],
    ['kill-index', 3],
    ['kill-worker', 2],
    ['two-at-once', 1.5],
    ['search-while-indexing', 1.5],
    ['interrupt', 1],
  ] as const;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    private readonly root: string,
    readonly indexDir: string,
    cacheDir: string,
  ) {
    this.env = { ...process.env, CODELOUPE_CACHE_DIR: cacheDir, HF_ENDPOINT: 'http://127.0.0.1:9' };
  }

  async update(mode: UpdateMode, _change: TreeChange | undefined, prng: Prng): Promise<UpdateReport> {
    const report: UpdateReport = { events: [], crashes: [], kills: 0 };
    switch (mode) {
      case 'kill-index': {
        const delay = prng.int(2500);
        const started = this.index();
        await Promise.race([sleep(delay), started.done]);
        const killed = started.child.kill('SIGKILL');
        const end = await started.done;
        if (killed && end.signal === 'SIGKILL') {
          report.kills++;
          report.events.push(`index killed after ${delay} ms`);
          this.checkReadable(await this.cli(['status', this.root, '--json']).done, 'status after a kill', report);
        } else this.expectSuccess(end, 'index (finished before the kill)', report);
        break;
      }
      case 'kill-worker': {
        const started = this.index();
        let finished = false;
        void started.done.then(() => (finished = true));
        const worker = await waitForChild(started.child.pid!, WORKER_MARKER, 20_000, () => finished);
        if (worker !== undefined) {
          await sleep(prng.int(300));
          try {
            process.kill(worker, 'SIGKILL');
            report.kills++;
            report.events.push('embedding worker killed');
          } catch {
            report.events.push('embedding worker gone before the kill');
          }
        } else report.events.push('no embedding worker to kill (nothing to embed)');
        this.expectSuccess(await started.done, 'index with its worker killed', report);
        break;
      }
      case 'two-at-once': {
        const [a, b] = [this.index(), this.index()];
        this.expectSuccess(await a.done, 'first of two index runs', report);
        this.expectSuccess(await b.done, 'second of two index runs', report);
        report.events.push('two index runs at once');
        break;
      }
      case 'search-while-indexing': {
        const started = this.index();
        let finished = false;
        void started.done.then(() => (finished = true));
        let searches = 0;
        do {
          const query = prng.pick(['retry upload', 'cache', 'token stream']);
          this.checkReadable(await this.cli(['search', this.root, query, '--mode', 'lexical', '--json']).done, `search "${query}" while indexing`, report);
          searches++;
        } while (!finished && searches < 20);
        this.expectSuccess(await started.done, 'index searched while it ran', report);
        report.events.push(`${searches} searches while indexing`);
        break;
      }
      case 'interrupt': {
        const delay = prng.int(2000);
        const started = this.index();
        await Promise.race([sleep(delay), started.done]);
        started.child.kill('SIGINT');
        const end = await started.done;
        if (end.code === 130) report.events.push(`index interrupted (Ctrl+C) after ${delay} ms`);
        // Before the CLI installs its handler, Ctrl+C ends it the default way: a kill, as far as the index knows.
        else if (end.signal === 'SIGINT') report.events.push(`index stopped by Ctrl+C while starting (${delay} ms)`);
        else this.expectSuccess(end, 'index (finished before Ctrl+C)', report);
        break;
      }
      default:
        this.expectSuccess(await this.index().done, 'index', report);
        return report;
    }
    // After any disturbance, one plain run must bring the index up to date.
    this.expectSuccess(await this.index().done, 'index after the disturbance', report);
    return report;
  }

  liveProblems(): string[] {
    return [];
  }

  async close(): Promise<void> {}

  private index() {
    return this.cli(['index', this.root, '--model', TEST_MODEL, '--threads', '1', '--json']);
  }

  private cli(args: string[]) {
    return run(process.execPath, [CLI, ...args, '--index-dir', this.indexDir], this.env);
  }

  private expectSuccess(end: Finished, what: string, report: UpdateReport): void {
    if (end.code === 0) {
      try {
        JSON.parse(end.stdout);
        return;
      } catch {
        report.crashes.push(`${what}: exit 0 but its JSON report does not parse: ${end.stdout.slice(0, 200)}`);
        return;
      }
    }
    report.crashes.push(`${what}: exit ${end.code ?? end.signal}: ${end.stderr.trim().slice(-600)}`);
  }

  /** A reading command run next to (or after) a writer: an answer, or "no index yet"; never a crash. */
  private checkReadable(end: Finished, what: string, report: UpdateReport): void {
    if (end.code === 0) return;
    if (end.code === 1 && /No index for/.test(end.stderr)) return;
    report.crashes.push(`${what}: exit ${end.code ?? end.signal}: ${end.stderr.trim().slice(-600)}`);
  }
}

export class EngineDriver implements Driver {
  readonly name = 'engine';
  readonly modes = [
    ['plain', 3],
    ['scoped', 4],
    ['cancel', 2],
    ['kill-worker', 1],
    ['reopen', 1],
  ] as const;
  private index: CodeIndex | undefined;
  private workerKills = 0;

  private constructor(
    private readonly root: string,
    readonly indexDir: string,
    private readonly pool: EmbedderPool,
  ) {}

  static async open(root: string, indexDir: string): Promise<EngineDriver> {
    const driver = new EngineDriver(root, indexDir, new EmbedderPool());
    driver.index = await CodeIndex.open(indexOptions(root, indexDir, driver.pool));
    return driver;
  }

  async update(mode: UpdateMode, change: TreeChange | undefined, prng: Prng): Promise<UpdateReport> {
    const report: UpdateReport = { events: [], crashes: [], kills: 0 };
    const index = this.index!;
    const attempt = async (what: string, work: () => Promise<unknown>): Promise<void> => {
      try {
        await work();
      } catch (err) {
        report.crashes.push(`${what}: ${errorMessage(err)}${err instanceof Error && err.stack ? `\n${err.stack}` : ''}`);
      }
    };
    // The crash budget is 4 crashes in 3 minutes: two kills per run stay clear of it.
    const effective = mode === 'kill-worker' && this.workerKills >= 2 ? 'plain' : mode;
    switch (effective) {
      case 'scoped':
        await attempt('scoped update', () => index.update(change ? { paths: change.paths } : {}));
        report.events.push(change ? `update of ${change.paths.length} saved paths` : 'full update');
        return report;
      case 'cancel': {
        const delay = prng.int(1500);
        const cancellation = new CancellationSource();
        const timer = setTimeout(() => cancellation.cancel(), delay);
        await attempt('cancelled update', async () => {
          const r = await index.update({ token: cancellation.token });
          report.events.push(r.cancelled ? `update cancelled after ${delay} ms` : 'update finished before its cancellation');
        });
        clearTimeout(timer);
        break;
      }
      case 'kill-worker': {
        let finished = false;
        const running = attempt('update with its worker killed', () => index.update()).finally(() => (finished = true));
        const worker = await waitForChild(process.pid, WORKER_MARKER, 20_000, () => finished);
        if (worker !== undefined) {
          await sleep(prng.int(300));
          try {
            process.kill(worker, 'SIGKILL');
            report.kills++;
            this.workerKills++;
            report.events.push('embedding worker killed');
          } catch {
            report.events.push('embedding worker gone before the kill');
          }
        } else report.events.push('no embedding worker to kill');
        await running;
        break;
      }
      case 'reopen':
        await attempt('close and reopen', async () => {
          await index.close();
          this.index = await CodeIndex.open(indexOptions(this.root, this.indexDir, this.pool));
        });
        report.events.push('engine restarted');
        break;
      default:
        await attempt('update', () => index.update());
        return report;
    }
    await attempt('update after the disturbance', () => this.index!.update());
    return report;
  }

  liveProblems(): string[] {
    const check = this.index!.checkConsistency({ probes: 20, k: [10, 50] });
    const problems = check.problems.map((p) => `live engine: ${p}`);
    if (check.textsWithoutVectors > 0) problems.push(`live engine: ${check.textsWithoutVectors} chunk texts have no vector`);
    return problems;
  }

  async close(): Promise<void> {
    await this.index?.close();
    // A worker the engine lost track of would still be running.
    const left = childProcesses(process.pid, WORKER_MARKER);
    if (left.length > 0) throw new Error(`embedding workers left running after close: ${left.join(', ')}`);
  }
}
