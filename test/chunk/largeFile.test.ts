import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { Chunker, type ChunkOptions } from '../../src/core/chunk/chunker';
import { MIN_GAP_CHARS } from '../../src/core/chunk/gaps';
import type { CodeUnit } from '../../src/core/types';
import { estimateTokens, sketch } from './chunkHelpers';

/** Real files of 200 KB to 700 KB from node_modules (dependencies of the build): a missing one fails its test. */
const LARGE_FILES = ['node_modules/typescript/lib/lib.es5.d.ts', 'node_modules/acorn/dist/acorn.js', 'node_modules/node-addon-api/napi-inl.h'];

const BUDGET: ChunkOptions = { maxTokens: 512, countTokens: estimateTokens };
/** Lines longer than this may be cut across windows; the test looks for shorter ones whole. */
const MAX_CHECKED_LINE = 400;

let chunker: Chunker;
before(async () => {
  chunker = await Chunker.create();
});
after(() => chunker.dispose());

/** Units by the lines their range spans, to find the ones that may show a line. */
function unitsByLine(units: readonly CodeUnit[], lineCount: number): CodeUnit[][] {
  const byLine: CodeUnit[][] = Array.from({ length: lineCount + 2 }, () => []);
  for (const u of units) for (let l = u.startLine; l <= Math.min(u.endLine, lineCount); l++) byLine[l]!.push(u);
  return byLine;
}

for (const path of LARGE_FILES) {
  void test(`${path}: every unit fits the budget and every substantial line is in some unit`, async (t) => {
    assert.ok(existsSync(path), `the input ${path} is missing: run npm ci (it is part of the dev dependencies)`);
    const text = readFileSync(path, 'utf8');
    const start = performance.now();
    const outcome = await chunker.chunk({ path, text }, BUDGET);
    const ms = performance.now() - start;
    const kinds = new Map<string, number>();
    for (const u of outcome.units) kinds.set(u.kind, (kinds.get(u.kind) ?? 0) + 1);
    t.diagnostic(
      `${(text.length / 1024).toFixed(0)} KB chunked in ${ms.toFixed(0)} ms (${(text.length / 1048576 / (ms / 1000)).toFixed(2)} MB/s), ` +
        `status ${outcome.status}, ${outcome.units.length} units ${JSON.stringify(Object.fromEntries(kinds))}`,
    );
    assert.equal(outcome.status, 'parsed');
    for (const u of outcome.units) assert.ok(BUDGET.countTokens(u.text) <= BUDGET.maxTokens, sketch(u));

    const lines = text.split('\n');
    const byLine = unitsByLine(outcome.units, lines.length);
    const fileUnit = outcome.units[0]!;
    const missing: string[] = [];
    lines.forEach((raw, i) => {
      const line = raw.trim();
      // Shorter stretches, imports and namespace headers are trivia (the file unit lists the latter two).
      if (line.replace(/\s+/g, '').length < MIN_GAP_CHARS || line.length > MAX_CHECKED_LINE) return;
      if (/^(import|#include|require)\b/.test(line) || fileUnit.text.includes(line)) return;
      if (!byLine[i + 1]!.some((u) => u.kind !== 'file' && u.text.includes(line))) missing.push(`${i + 1}: ${line}`);
    });
    assert.deepEqual(missing.slice(0, 10), []);
  });
}
