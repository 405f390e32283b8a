import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Chunker, type ChunkOptions } from '../../src/core/chunk/chunker';
import type { CodeUnit } from '../../src/core/types';
import { estimateTokens, fixture, ROOMY, sketch, unitNamed } from './chunkHelpers';

let chunker: Chunker;
before(async () => {
  chunker = await Chunker.create();
});
after(() => chunker.dispose());

const TIGHT: ChunkOptions = { maxTokens: 120, countTokens: estimateTokens };

/** A real-looking function of `n` statements, after a class so that it has neighbours. */
function longFunctionSource(n: number): string {
  const body = Array.from({ length: n }, (_, i) => `    total += weights[${i}] * readings.get("sensor-${i}") ?? 0;`);
  return ['export class Probe {}', '', '/** Sums weighted readings. */', 'export function weightedSum(readings: Map<string, number>, weights: number[]): number {', '  let total = 0;', ...body, '  return total;', '}', ''].join('\n');
}

function assertWithinBudget(units: readonly CodeUnit[], options: ChunkOptions): void {
  for (const u of units) assert.ok(options.countTokens(u.text) <= options.maxTokens, `${sketch(u)} has ${options.countTokens(u.text)} tokens`);
}

void test('a long function becomes overlapping windows that all point back to it and fit the budget', async () => {
  const text = longFunctionSource(60);
  const { units, status } = await chunker.chunk({ path: 'src/sum.ts', text }, TIGHT);
  assert.equal(status, 'parsed');
  const windows = units.filter((u) => u.name === 'weightedSum');
  assert.ok(windows.length >= 5, `${windows.length} windows`);
  assertWithinBudget(units, TIGHT);
  windows.forEach((w, i) => {
    assert.equal(w.kind, 'function');
    assert.deepEqual(w.window, { index: i, count: windows.length, unitStartLine: 3, unitEndLine: 67 });
    assert.equal(w.fields.signature, 'export function weightedSum(readings: Map<string, number>, weights: number[]): number');
    assert.equal(w.fields.doc, i === 0 ? 'Sums weighted readings.' : '');
    assert.ok(w.text.endsWith(w.fields.body));
  });
  assert.equal(windows[0]!.startLine, 3);
  assert.equal(windows.at(-1)!.endLine, 67);
  for (let i = 1; i < windows.length; i++) {
    const [prev, next] = [windows[i - 1]!, windows[i]!];
    assert.ok(next.startLine <= prev.endLine, `window ${i} overlaps the one before`);
    assert.ok(next.endLine > prev.endLine, `window ${i} moves on`);
    // Later windows say which function they are part of.
    assert.match(next.text, /^export function weightedSum\(/);
  }
});

void test('a method window keeps the class header as context', async () => {
  const body = Array.from({ length: 40 }, (_, i) => `        self.values.append(${i} * factor)`);
  const text = ['class Series:', '    def fill(self, factor):', ...body, '        return self.values', ''].join('\n');
  const { units } = await chunker.chunk({ path: 'series.py', text }, TIGHT);
  const windows = units.filter((u) => u.name === 'fill');
  assert.ok(windows.length > 1);
  for (const w of windows) {
    assert.equal(w.container, 'Series');
    assert.match(w.text, /^class Series:\n/);
  }
  assertWithinBudget(units, TIGHT);
});

void test('a line too long for the budget is cut by characters, nothing dropped', async () => {
  const table = Array.from({ length: 400 }, (_, i) => `0x${(i * 7919).toString(16)}`).join(', ');
  const text = `def table():\n    return [${table}]\n`;
  const { units } = await chunker.chunk({ path: 'gen/table.py', text }, TIGHT);
  assertWithinBudget(units, TIGHT);
  const cut = units.filter((u) => u.name === 'table' && u.startLine === 2 && u.endLine === 2);
  assert.ok(cut.length > 3);
  const windows = units.filter((u) => u.name === 'table');
  windows.forEach((w, i) => assert.deepEqual(w.window, { index: i, count: windows.length, unitStartLine: 1, unitEndLine: 2 }));
  assert.equal(cut.map((w) => w.fields.body).join(''), `    return [${table}]`);
});

void test('a file without a grammar gets a file unit, and line blocks when the file unit cannot show it whole', async () => {
  const outcome = await chunker.chunk(fixture('NOTES.md'), ROOMY);
  assert.equal(outcome.status, 'no-grammar');
  assert.equal(outcome.language, 'markdown');
  assert.equal(outcome.error, undefined);
  // Short enough for the file unit to show whole: a block would only repeat it (same place, same text).
  assert.deepEqual(outcome.units.map(sketch), ['file src/NOTES.md 1-8']);
  assert.match(outcome.units[0]!.text, /^file: src\/NOTES\.md\n# Release notes\n## 1\.2\.0\n/);

  const long = Array.from({ length: 100 }, (_, i) => `line ${i + 1}: ${'lorem ipsum '.repeat(i % 5)}`).join('\n');
  const { units, language } = await chunker.chunk({ path: 'docs/notes.txt', text: long }, ROOMY);
  assert.equal(language, 'text');
  // One block over the lines, in windows of 40 lines that overlap by 5 and point back to it.
  const blocks = units.filter((u) => u.kind === 'block');
  assert.deepEqual(blocks.map(sketch), ['block notes.txt 1-40 #0/3', 'block notes.txt 36-75 #1/3', 'block notes.txt 71-100 #2/3']);
  assert.ok(blocks.every((b) => b.window?.unitStartLine === 1 && b.window.unitEndLine === 100));
  assertWithinBudget(units, ROOMY);

  const tight = await chunker.chunk({ path: 'docs/notes.txt', text: long }, TIGHT);
  assertWithinBudget(tight.units, TIGHT);
  const covered = new Set(tight.units.filter((u) => u.kind === 'block').flatMap((u) => Array.from({ length: u.endLine - u.startLine + 1 }, (_, i) => u.startLine + i)));
  assert.equal(covered.size, 100);
});

void test('a file that does not parse falls back to line blocks and says why', async () => {
  const prose = Array.from({ length: 30 }, (_, i) => `This is not Python at all, ${i}: it's a letter (with "quotes" & {braces} and ;;; noise)`).join('\n');
  const outcome = await chunker.chunk({ path: 'letter.py', text: prose }, ROOMY);
  assert.equal(outcome.status, 'parse-failed');
  assert.equal(outcome.language, 'python');
  assert.match(outcome.error ?? '', /syntax errors/);
  assert.deepEqual(outcome.units.map(sketch), ['file letter.py 1-30', 'block letter.py 1-30']);
});

void test('a file that parses in part keeps the units tree-sitter recognised', async () => {
  const text = ['def good(a):', '    return a + 1', '', 'def broken(:', '    pass', '', 'def also_good(b):', '    return b * 2', ''].join('\n');
  const outcome = await chunker.chunk({ path: 'partial.py', text }, ROOMY);
  assert.equal(outcome.status, 'parsed');
  const names = outcome.units.map((u) => u.name);
  assert.ok(names.includes('good') && names.includes('also_good'), names.join(', '));
  assert.ok(outcome.units.some((u) => u.startLine <= 4 && u.endLine >= 4 && u.kind !== 'file'), 'the broken part is still searchable');
});

void test('garbage, binary-like and odd text never throws and stays within budget', async () => {
  const texts = [
    '',
    '\n\n\n',
    '\0\0\0\u0001\u0002\uFFFD',
    '\uD800 lone surrogate \uDC00',
    'x'.repeat(5000),
    '{'.repeat(2000),
    '/*'.repeat(500),
    'class class class {{{ def def (( ]]',
    'a\r\nb\r\n\r\n',
    Array.from({ length: 3000 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 90000))).join(''),
  ];
  for (const path of ['a.ts', 'a.tsx', 'a.js', 'a.py', 'a.go', 'a.rs', 'A.java', 'a.cs', 'a.cpp', 'a.c', 'a.rb', 'a.php', 'a.sh', 'a.md', 'noext']) {
    for (const text of texts) {
      const outcome = await chunker.chunk({ path, text }, TIGHT);
      assert.equal(outcome.units[0]!.kind, 'file', path);
      assertWithinBudget(outcome.units, TIGHT);
      for (const u of outcome.units) assert.ok(u.startLine >= 1 && u.endLine >= u.startLine, sketch(u));
    }
  }
});

void test('an empty file has only its file unit', async () => {
  const { units } = await chunker.chunk({ path: 'src/empty.ts', text: '' }, ROOMY);
  assert.deepEqual(units.map(sketch), ['file src/empty.ts 1-1']);
  assert.equal(units[0]!.text, 'file: src/empty.ts');
});

void test('chunking is deterministic across calls and instances', async () => {
  const other = await Chunker.create();
  try {
    for (const name of ['cache.ts', 'inventory.py', 'shapes.rs', 'NOTES.md']) {
      const first = await chunker.chunk(fixture(name), TIGHT);
      assert.deepEqual(await chunker.chunk(fixture(name), TIGHT), first);
      assert.deepEqual(await other.chunk(fixture(name), TIGHT), first);
    }
  } finally {
    other.dispose();
  }
});

void test('windows of one unit share identity; the long unit keeps its doc on the first window only', async () => {
  const { units } = await chunker.chunk({ path: 'src/sum.ts', text: longFunctionSource(60) }, TIGHT);
  const first = unitNamed(units, 'function', 'weightedSum');
  assert.equal(first.window?.index, 0);
  assert.match(first.text, /\/\*\* Sums weighted readings\. \*\//);
});

void test('CRLF line endings give the same units as LF, without carriage returns', async () => {
  const lf = fixture('cache.ts');
  const crlf = { path: lf.path, text: lf.text.replace(/\n/g, '\r\n') };
  const a = await chunker.chunk(lf, ROOMY);
  const b = await chunker.chunk(crlf, ROOMY);
  assert.deepEqual(b, a);
});

void test('a container header that would eat the budget is left out, never the code', async () => {
  const tiny: ChunkOptions = { maxTokens: 16, countTokens: estimateTokens };
  const bases = Array.from({ length: 12 }, (_, i) => `Mixin${i}`).join(', ');
  const text = `class Handler(${bases}):\n    def run(self):\n        return 1\n`;
  const { units } = await chunker.chunk({ path: 'handler.py', text }, tiny);
  assertWithinBudget(units, tiny);
  const run = units.filter((u) => u.name === 'run');
  assert.equal(run.map((u) => u.fields.body).join('\n'), '    def run(self):\n        return 1');
  assert.ok(run.every((u) => u.container === 'Handler' && !u.text.includes('Mixin')));
});

void test("a method's container header is checked with the budget's fits() at half the budget, never counted whole", async () => {
  const text = ['export class Ledger {', '  private total = 0;', '  add(amount: number): void {', '    this.total += amount;', '  }', '}', ''].join('\n');
  const counted: string[] = [];
  const limits: { text: string; limit: number }[] = [];
  const options: ChunkOptions = {
    maxTokens: 101,
    countTokens: (t) => {
      counted.push(t);
      return estimateTokens(t);
    },
    fits: (t, limit) => {
      limits.push({ text: t, limit });
      return estimateTokens(t) <= limit;
    },
  };
  const { units: plain } = await chunker.chunk({ path: 'src/ledger.ts', text }, { maxTokens: 101, countTokens: estimateTokens });
  const { units } = await chunker.chunk({ path: 'src/ledger.ts', text }, options);
  assert.deepEqual(units, plain, 'the same units as when every check counts');
  assert.ok(unitNamed(units, 'method', 'add').text.startsWith('export class Ledger {\n'), 'the method shows its container header');
  assert.deepEqual(counted.filter((t) => t === 'export class Ledger {'), [], 'the header is never counted whole');
  assert.ok(limits.some((l) => l.text === 'export class Ledger {' && l.limit === 50), 'the header is checked against half the budget, rounded down');
});
