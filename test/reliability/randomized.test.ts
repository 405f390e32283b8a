// The randomized "equals a clean rebuild" test, bounded for CI: a few seeds of each driver, one with a
// larger tree. The soak (npm run soak -- --seeds 100 --ops 20) runs the same code longer; a failing seed
// prints its operations and the command that replays it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { CLI } from './drivers';
import { defaultsFor, describeFailure, runSeed, type SeedOptions } from './runSeed';

const CI_SEEDS: SeedOptions[] = [
  { ...defaultsFor(1, 12) },
  { ...defaultsFor(2, 8) },
  { ...defaultsFor(3, 12) },
  { ...defaultsFor(6, 8) },
  // Every fifth seed has a larger tree (150 files), compared every fifth step.
  { ...defaultsFor(9, 5) },
];

for (const options of CI_SEEDS) {
  test(`seed ${options.seed}: ${options.ops} random operations through the ${options.driver} driver on ${options.files} files equal a clean rebuild`, { timeout: 240_000 }, async () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
    const result = await runSeed(options);
    assert.ok(result.mismatches.length === 0 && result.crashes.length === 0, describeFailure(result));
    assert.equal(result.comparisons, Math.floor(options.ops / options.compareEvery) + 1 + (options.ops % options.compareEvery === 0 ? 0 : 1));
  });
}
