/**
 * One seed of the randomized test: a tree, a driver, `ops` random steps; after each compared step the
 * driver's index must equal a clean rebuild of the tree made by the same code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeIndex } from '../../src/core/engine/codeIndex';
import { EmbedderPool } from '../../src/core/embed/embedderPool';
import { compareSnapshots } from './compare';
import { CliDriver, EngineDriver, indexOptions, SOURCE_WORKER, type Driver } from './drivers';
import { Prng } from './prng';
import { readSnapshot, type IndexSnapshot } from './snapshot';
import { applyChange, CHANGE_WEIGHTS, seedTree, type BranchState, type TreeChange } from './treeChanges';
import { WorkTree } from './workTree';

export interface SeedOptions {
  seed: number;
  ops: number;
  driver: 'cli' | 'engine';
  /** Files the tree starts with. */
  files: number;
  /** Compare after every `compareEvery` steps (and after the last). */
  compareEvery: number;
  /** Nearest-neighbour searches checked against an exact search per comparison. */
  probes: number;
  log?: (line: string) => void;
}

export interface SeedResult {
  options: SeedOptions;
  steps: string[];
  comparisons: number;
  kills: number;
  mismatches: string[];
  crashes: string[];
  /** Where the mismatch or crash happened (1-based step), if it did. */
  failedAt?: number;
  ms: number;
}

/** The seed's defaults: even seeds drive the CLI, odd ones the engine; every fifth seed has a larger tree. */
export function defaultsFor(seed: number, ops: number): SeedOptions {
  const large = seed % 5 === 4;
  return { seed, ops, driver: seed % 2 === 0 ? 'cli' : 'engine', files: large ? 150 : 30, compareEvery: large ? 5 : 1, probes: 25 };
}

export function replayCommand(o: SeedOptions): string {
  return `npm run soak -- --seed ${o.seed} --ops ${o.ops} --driver ${o.driver} --files ${o.files} --compare-every ${o.compareEvery}`;
}

export async function runSeed(options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const prng = new Prng(options.seed);
  const dir = mkdtempSync(join(tmpdir(), `codeloupe-soak-${options.seed}-`));
  const tree = new WorkTree(join(dir, 'repo'), join(dir, 'outside'));
  const result: SeedResult = { options, steps: [], comparisons: 0, kills: 0, mismatches: [], crashes: [], ms: 0 };
  const branches: BranchState = { other: undefined };
  let driver: Driver | undefined;
  const clean = new CleanRebuilds(tree.root, dir);
  try {
    seedTree(prng, tree, options.files);
    const indexDir = join(dir, 'index');
    driver = options.driver === 'cli' ? new CliDriver(tree.root, indexDir, join(dir, 'cache')) : await EngineDriver.open(tree.root, indexDir);
    for (let step = 0; step <= options.ops; step++) {
      // Step 0 builds the first index from the seeded tree.
      let change: TreeChange | undefined;
      for (let tries = 0; step > 0 && change === undefined && tries < 10; tries++) change = applyChange(prng, tree, branches, prng.weighted(CHANGE_WEIGHTS));
      const mode = step === 0 ? 'plain' : prng.weighted(driver.modes);
      const update = await driver.update(mode, change, prng);
      result.kills += update.kills;
      const line = `${step}. ${change?.description ?? (step === 0 ? 'initial index' : 'no change')}; ${mode}${update.events.length ? ` (${update.events.join(', ')})` : ''}`;
      result.steps.push(line);
      log(line);
      if (update.crashes.length > 0) {
        result.crashes.push(...update.crashes);
        result.failedAt = step;
        break;
      }
      if (step % options.compareEvery !== 0 && step !== options.ops) continue;
      const expected = await clean.rebuild(options.probes);
      const mismatches = [...driver.liveProblems(), ...compareSnapshots(await readSnapshot(driver.indexDir, { probes: options.probes }), expected)];
      result.comparisons++;
      if (mismatches.length > 0) {
        result.mismatches.push(...mismatches);
        result.failedAt = step;
        break;
      }
    }
  } catch (err) {
    result.crashes.push(`the run itself failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    try {
      await clean.close();
      await driver?.close();
    } catch (err) {
      result.crashes.push(`closing the driver: ${err instanceof Error ? err.message : String(err)}`);
    }
    rmSync(dir, { recursive: true, force: true });
    result.ms = Date.now() - started;
  }
  return result;
}

/**
 * Clean rebuilds of the tree, each into a fresh directory by a fresh CodeIndex. The previous one stays open
 * until the next has run, so that they share one embedding worker instead of starting one per step.
 */
class CleanRebuilds {
  private readonly pool = new EmbedderPool();
  private previous: { index: CodeIndex; dir: string } | undefined;
  private count = 0;

  constructor(
    private readonly root: string,
    private readonly parent: string,
  ) {}

  async rebuild(probes: number): Promise<IndexSnapshot> {
    const dir = join(this.parent, `clean-${this.count++}`);
    const index = await CodeIndex.open(indexOptions(this.root, dir, this.pool, SOURCE_WORKER));
    try {
      await index.update();
    } finally {
      await this.close();
      this.previous = { index, dir };
    }
    return readSnapshot(dir, { probes });
  }

  async close(): Promise<void> {
    if (!this.previous) return;
    await this.previous.index.close();
    rmSync(this.previous.dir, { recursive: true, force: true });
    this.previous = undefined;
  }
}

/** The failure report: seed, operations, what differed, and the command that replays it. */
export function describeFailure(result: SeedResult): string {
  return [
    `Seed ${result.options.seed} (${result.options.driver} driver, ${result.options.files} files) failed at step ${result.failedAt ?? '?'}.`,
    'Operations:',
    ...result.steps.map((s) => `  ${s}`),
    ...(result.crashes.length ? ['Crashes:', ...result.crashes.map((c) => `  ${c}`)] : []),
    ...(result.mismatches.length ? ['Mismatches with a clean rebuild:', ...result.mismatches.map((m) => `  ${m}`)] : []),
    `Replay: ${replayCommand(result.options)}`,
  ].join('\n');
}
