/**
 * The randomized "equals a clean rebuild" test, as a command: many seeds (a soak) or one (a replay).
 *   npm run soak -- --seeds 100 --ops 20             seeds 1..100
 *   npm run soak -- --seed 42 --ops 20 [--driver cli|engine] [--files N] [--compare-every N]
 *   npm run soak -- --hostile                        the hostile corpus, as a Markdown table
 * Prints one line per seed and the totals; a failing seed prints its operations and the replay command.
 * Exit 1 if any seed failed. Needs `npm run build` (the CLI driver runs dist/cli.js).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CLI } from './drivers';
import { hostileTable, runHostileCorpus } from './hostileRun';
import { defaultsFor, describeFailure, runSeed, type SeedOptions } from './runSeed';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      seeds: { type: 'string' },
      first: { type: 'string' },
      ops: { type: 'string' },
      driver: { type: 'string' },
      files: { type: 'string' },
      'compare-every': { type: 'string' },
      verbose: { type: 'boolean' },
      hostile: { type: 'boolean' },
    },
  });
  if (!existsSync(CLI)) {
    process.stderr.write(`${CLI} is missing: run npm run build first.\n`);
    return 2;
  }
  if (values.hostile) {
    const result = await runHostileCorpus();
    process.stdout.write(`${hostileTable(result)}\n\nkills: ${result.kills}; problems: ${result.problems.length === 0 ? 'none' : result.problems.join('; ')}\n`);
    return result.problems.length === 0 && result.rows.every((r) => r.ok) ? 0 : 1;
  }
  const ops = Number(values.ops ?? '20');
  const first = Number(values.seed ?? values.first ?? '1');
  const count = values.seed !== undefined ? 1 : Number(values.seeds ?? '10');
  const totals = { seeds: 0, ops: 0, comparisons: 0, kills: 0, mismatches: 0, crashes: 0, failed: [] as number[] };
  const started = Date.now();
  for (let seed = first; seed < first + count; seed++) {
    const options: SeedOptions = {
      ...defaultsFor(seed, ops),
      ...(values.driver !== undefined && { driver: values.driver as 'cli' | 'engine' }),
      ...(values.files !== undefined && { files: Number(values.files) }),
      ...(values['compare-every'] !== undefined && { compareEvery: Number(values['compare-every']) }),
      ...(values.verbose && { log: (line: string) => process.stdout.write(`    ${line}\n`) }),
    };
    const result = await runSeed(options);
    totals.seeds++;
    totals.ops += result.steps.length - 1;
    totals.comparisons += result.comparisons;
    totals.kills += result.kills;
    totals.mismatches += result.mismatches.length > 0 ? 1 : 0;
    totals.crashes += result.crashes.length > 0 ? 1 : 0;
    const ok = result.mismatches.length === 0 && result.crashes.length === 0;
    if (!ok) totals.failed.push(seed);
    process.stdout.write(`seed ${seed} ${options.driver} files=${options.files}: ${ok ? 'ok' : 'FAILED'} (${result.steps.length - 1} ops, ${result.comparisons} comparisons, ${result.kills} kills, ${(result.ms / 1000).toFixed(1)} s)\n`);
    if (!ok) process.stdout.write(`${describeFailure(result)}\n`);
  }
  process.stdout.write(
    `\nseeds: ${totals.seeds}, operations: ${totals.ops}, comparisons with a clean rebuild: ${totals.comparisons}, kills survived: ${totals.kills}, ` +
      `seeds with mismatches: ${totals.mismatches}, seeds with crashes: ${totals.crashes}, time: ${((Date.now() - started) / 60000).toFixed(1)} min\n`,
  );
  if (totals.failed.length > 0) process.stdout.write(`failed seeds: ${totals.failed.join(', ')}\n`);
  return totals.failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
