import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { CodeIndex } from '../../src/core/engine/codeIndex';
import type { SearchResult } from '../../src/core/types';
import { tempDir } from '../helpers/tempDir';
import { TEST_MODEL } from '../helpers/sampleRepo';

/*
 * What competes for rank 1 in a data-heavy repository: a file unit and the function it holds, a locale
 * table full of English words, functions inside an object literal, a long function's windows.
 */
const FILES: Record<string, string> = {
  'src/addBusinessDays.js': [
    "import { isWeekend } from './isWeekend.js';",
    '',
    'export function addBusinessDays(date, amount) {',
    '  const result = new Date(date);',
    '  let left = Math.abs(amount);',
    '  while (left > 0) {',
    '    result.setDate(result.getDate() + Math.sign(amount));',
    '    if (!isWeekend(result)) left -= 1;',
    '  }',
    '  return result;',
    '}',
    '',
  ].join('\n'),
  'src/locale/en/formatDistance.js': [
    'const formatDistanceLocale = {',
    '  lessThanXDays: { one: "less than a day", other: "less than {{count}} business days to add" },',
    '  xDays: { one: "1 day", other: "{{count}} days" },',
    '  aboutXWeeks: { one: "about 1 week", other: "about {{count}} weeks, ignoring weekends" },',
    '  xWeeks: { one: "1 week", other: "{{count}} weeks" },',
    '  aboutXMonths: { one: "about 1 month", other: "about {{count}} months" },',
    '};',
    '',
    'export function formatDistance(token, count) {',
    '  const entry = formatDistanceLocale[token];',
    '  return count === 1 ? entry.one : entry.other.replace("{{count}}", String(count));',
    '}',
    '',
  ].join('\n'),
  'src/format/formatters.js': [
    'export const formatters = {',
    '  // Era',
    '  G: function (date, token) {',
    '    const era = date.getFullYear() > 0 ? 1 : 0;',
    '    return token === "GGGG" ? ["Before Christ", "Anno Domini"][era] : ["BC", "AD"][era];',
    '  },',
    '',
    '  quarter(date) {',
    '    return Math.ceil((date.getMonth() + 1) / 3);',
    '  },',
    '',
    '  weekday: (date) => date.getDay(),',
    '};',
    '',
  ].join('\n'),
  'src/retry.ts': [
    'export function retryFailedUpload(upload: { send(): Promise<void> }, attempts: number): Promise<void> {',
    ...Array.from({ length: 120 }, (_, i) => `  const step${i} = attempts * ${i}; // backoff step ${i}`),
    '  return upload.send().catch(() => retryFailedUpload(upload, attempts - 1));',
    '}',
    '',
  ].join('\n'),
};

async function indexed(t: TestContext, withModel: boolean): Promise<CodeIndex> {
  const root = tempDir(t);
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const index = await CodeIndex.open({
    root,
    indexDir: join(root, '.index'),
    ...(withModel ? { modelDir: TEST_MODEL, device: 'cpu' as const, threads: 1 } : { modelUnavailable: { reason: 'no model in this test' } }),
    maxChunkTokens: 256,
  });
  t.after(() => index.close());
  await index.update();
  return index;
}

function overlapping(results: readonly SearchResult[]): string[] {
  const out: string[] = [];
  for (const a of results) {
    for (const b of results) {
      if (a !== b && a.file === b.file && a.startLine <= b.endLine && b.startLine <= a.endLine) out.push(`${a.name} ${a.startLine}-${a.endLine} / ${b.name} ${b.startLine}-${b.endLine}`);
    }
  }
  return out;
}

test('the function comes first, once: not its file unit, not a locale table that shares its words', async (t) => {
  const index = await indexed(t, false);
  const { results } = await index.search('Add the specified number of business days to the given date, ignoring weekends.', { k: 5, mode: 'lexical' });
  assert.equal(results[0]?.name, 'addBusinessDays');
  assert.equal(results[0]?.kind, 'function');
  assert.equal(results.filter((r) => r.file === 'src/addBusinessDays.js').length, 1, 'one result per place');
  const table = results.find((r) => r.file === 'src/locale/en/formatDistance.js' && r.kind === 'block');
  if (table) assert.equal(table.name, 'formatDistanceLocale (object)');
});

test('functions inside an object literal are methods named with their object', async (t) => {
  const index = await indexed(t, false);
  const [era] = (await index.search('era Before Christ Anno Domini', { k: 1, mode: 'lexical' })).results;
  assert.deepEqual([era?.container, era?.name, era?.kind, era?.startLine], ['formatters', 'G', 'method', 2]);
  const [quarter] = (await index.search('formatters quarter', { k: 1, mode: 'lexical' })).results;
  assert.deepEqual([quarter?.container, quarter?.name], ['formatters', 'quarter']);
});

test('a long function matches once, as the window that holds the words, and says which part it is', async (t) => {
  const index = await indexed(t, false);
  const { results } = await index.search('backoff step 117', { k: 5, mode: 'lexical' });
  const windows = results.filter((r) => r.name === 'retryFailedUpload');
  assert.equal(windows.length, 1);
  assert.ok(windows[0]!.window !== undefined && windows[0]!.window.count > 1, JSON.stringify(windows[0]));
  assert.ok(windows[0]!.startLine <= 119 && windows[0]!.endLine >= 119, 'the window with step 117 (line 119)');
});

test('no two results overlap, in any mode, for any query (random test model: the property, not the order)', async (t) => {
  const index = await indexed(t, true);
  const queries = ['add business days', 'weeks', 'formatters era', 'retry failed upload backoff', 'count', 'date'];
  for (const mode of ['lexical', 'semantic', 'hybrid'] as const) {
    for (const q of queries) {
      const { results } = await index.search(q, { k: 10, mode });
      assert.deepEqual(overlapping(results), [], `${mode} "${q}"`);
    }
  }
  const similar = await index.similar({ file: 'src/format/formatters.js', line: 4 }, 10);
  assert.deepEqual(overlapping(similar.results), []);
});
