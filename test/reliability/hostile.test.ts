// The hostile corpus: odd names, encodings, links, special files and sizes, indexed by a CLI that is killed
// several times (and its worker once) must end equal to a clean rebuild, each file indexed or skipped as
// expected, nothing from outside the folder read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runHostileCorpus } from './hostileRun';

test('the hostile corpus ends equal to a clean rebuild after kills, each file indexed or skipped for its reason', { timeout: 240_000 }, async () => {
  const result = await runHostileCorpus();
  assert.deepEqual(result.problems, []);
  const wrong = result.rows.filter((r) => !r.ok).map((r) => `${JSON.stringify(r.path)} (${r.what}): expected ${r.expect}, got ${r.outcome}`);
  assert.deepEqual(wrong, []);
  assert.ok(result.kills >= 3);
});
