// Edits that keep a file's size and mtime (cp -p, rsync -a, tar x, touch -r) are still seen.
import assert from 'node:assert/strict';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CodeIndex } from '../../src/core/engine/codeIndex';
import { sampleWorkspace } from '../helpers/sampleRepo';

test('a same-size edit that restores the old mtime is indexed, right after the previous run and later', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const index = await CodeIndex.open({ root, indexDir, modelDir: join(root, 'no-model') });
  t.after(() => index.close());
  const file = join(root, 'src/util/strings.ts');
  const original = readFileSync(file, 'utf8');
  assert.match(original, /levenshteinDistance/);
  const names = async (q: string) => (await index.search(q, { k: 5, mode: 'lexical' })).results.filter((r) => r.file === 'src/util/strings.ts').map((r) => r.name);
  // Whole seconds, which utimes restores exactly (as cp -p and touch -r copy the exact times).
  const seconds = Math.floor(Date.now() / 1000) - 60;
  utimesSync(file, seconds, seconds);
  await index.update();
  // Same length, other name; then put the old times back (what cp -p does).
  for (const [from, to] of [['levenshteinDistance', 'damerauLevenshtein_'], ['damerauLevenshtein_', 'levenshteinDistance']] as const) {
    const before = statSync(file);
    writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
    utimesSync(file, seconds, seconds);
    assert.equal(statSync(file).size, before.size);
    assert.equal(statSync(file).mtimeMs, before.mtimeMs);
    const report = await index.update();
    assert.equal(report.files.rechunked, 1, `${from} -> ${to}`);
    assert.ok((await names(to)).includes(to), `${to} is found`);
    assert.ok(!(await names(from)).includes(from), `${from} is gone`);
  }
});
