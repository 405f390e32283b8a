// One CodeIndex kept open across many updates, as the engine server keeps it.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CodeIndex } from '../../src/core/engine/codeIndex';
import { sampleWorkspace, TEST_MODEL } from '../helpers/sampleRepo';

test('delete a file, restore it, edit one function: every update succeeds and the vectors match the store', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const index = await CodeIndex.open({ root, indexDir, modelDir: TEST_MODEL, device: 'cpu', threads: 1 });
  t.after(() => index.close());
  await index.update();
  const files = ['src/util/strings.ts', 'lib/legacy_strings.js', 'crates/cache/src/lib.rs'];
  const saved = files.map((f) => readFileSync(join(root, f), 'utf8'));
  for (let round = 0; round < 3; round++) {
    for (const f of files) rmSync(join(root, f));
    await index.update();
    files.forEach((f, i) => writeFileSync(join(root, f), saved[i]!));
    await index.update();
    // Edit one function of each file (its old vector leaves the graph, a new one comes in).
    files.forEach((f, i) => writeFileSync(join(root, f), saved[i]!.replace(/return/, `return /* round ${round} */`)));
    await index.update();
    files.forEach((f, i) => writeFileSync(join(root, f), saved[i]!));
    await index.update();
    const check = index.checkConsistency();
    assert.deepEqual(check.problems, [], `round ${round}`);
  }
});
