import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { hoverMatches, isOnDeclaration, shouldAskForHover } from '../../src/extension/format/hoverContent';
import { openPlan } from '../../src/extension/format/openPlan';
import { presentResult, snippetFromDeclaration } from '../../src/extension/format/resultPresentation';
import { groupResults } from '../../src/extension/format/resultTree';
import { walkthroughFiles } from '../../src/extension/manifest/walkthrough';
import type { FolderResult } from '../../src/shared/protocol';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function result(extra: Partial<FolderResult> = {}): FolderResult {
  return { folderId: 'f', file: 'lib/rules.js', startLine: 177, endLine: 240, name: 'getRuleOptionsSchema', kind: 'function', language: 'javascript', score: 0.5, snippet: 'function getRuleOptionsSchema(rule) {', matchedBy: ['semantic', 'lexical'], ...extra };
}

test('issue 14: a part of a long unit says which part, points at its declaration, and shows the line that matched', () => {
  const part = result({ startLine: 199, endLine: 214, window: { index: 1, count: 3, unitStartLine: 177 }, snippet: ') {\n  if (\n    schema.items', bestLine: { line: 203, text: '  const schema = rule.schema || rule.meta && rule.meta.schema;' } });
  const p = presentResult(part, { showWhy: true });
  assert.equal(p.label, 'getRuleOptionsSchema');
  assert.equal(p.description, 'lib/rules.js:177  ·  part 2 of 3, lines 199–214  ·  keywords and meaning');
  assert.equal(p.detail, 'const schema = rule.schema || rule.meta && rule.meta.schema;');
  // Without a best line (meaning only), a later part shows its first line that says something, never ") {".
  const meaning = presentResult({ ...part, bestLine: undefined, matchedBy: ['semantic'] }, { showWhy: true });
  assert.equal(meaning.detail, 'schema.items');
  assert.match(meaning.description, /meaning only$/);
  assert.match(presentResult(result({ matchedBy: ['lexical'] }), { showWhy: true }).description, /keywords only$/);
  assert.equal(presentResult(result({ kind: 'method', name: 'parse', container: 'Config' })).label, 'Config.parse');
});

test('issue 14: a part opens at the unit\'s declaration (below its doc comment) with the matching part highlighted and revealed', () => {
  const lines = ['/**', ' * Gets the schema.', ' */', 'function getRuleOptionsSchema(rule) {', ...Array.from({ length: 60 }, (_, i) => `  step(${i});`), '}'];
  const doc = { lineCount: lines.length, lineAt: (line: number) => lines[line - 1]! };
  const part = { startLine: 30, endLine: 45, name: 'getRuleOptionsSchema', unitStartLine: 1 };
  assert.deepEqual(openPlan(part, doc, 60), { selection: { start: 4, end: 4 }, highlight: { start: 30, end: 45 }, reveal: { start: 4, end: 45, at: 'top' } });
  assert.deepEqual(openPlan(part, doc, 20).reveal, { start: 30, end: 45, at: 'center' }, 'a part too far below the declaration for the screen is what is shown');
  assert.deepEqual(openPlan({ startLine: 1, endLine: 65, name: 'getRuleOptionsSchema' }, doc, 20), { selection: { start: 1, end: 65 }, reveal: { start: 1, end: 65, at: 'center' } }, 'a whole unit is selected as before');
});

test('issue 14: the hover asks only where it can answer, only on a declaration, and lists one match with more…', () => {
  const facts = { show: 'declaration' as const, dirty: false, hasVectors: true, word: 'retry' };
  assert.equal(shouldAskForHover(facts), true);
  assert.equal(shouldAskForHover({ ...facts, show: 'off' }), false);
  assert.equal(shouldAskForHover({ ...facts, dirty: true }), false);
  assert.equal(shouldAskForHover({ ...facts, hasVectors: false }), false);
  assert.equal(shouldAskForHover({ ...facts, word: '42' }), false);
  const lines = ['/**', ' * retry retries.', ' */', 'export function retry() {', '  retry();', '}'];
  const lineAt = (line: number) => lines[line - 1]!;
  const unit = { name: 'retry', startLine: 1 };
  assert.equal(isOnDeclaration(unit, 'retry', 4, lineAt), true);
  assert.equal(isOnDeclaration(unit, 'retry', 2, lineAt), false, 'not in the doc comment');
  assert.equal(isOnDeclaration(unit, 'retry', 5, lineAt), false, 'not a call in the body');
  assert.equal(isOnDeclaration({ name: 'Uploader.retry', startLine: 1 }, 'retry', 4, lineAt), true, 'a method by its last name part');
  const results = [result(), result({ file: 'b.js' }), result({ file: 'c.js' })];
  assert.deepEqual(hoverMatches(results, 1), { shown: [results[0]], more: true });
  assert.deepEqual(hoverMatches(results.slice(0, 1), 1), { shown: results.slice(0, 1), more: false });
});

test('issue 14: hover snippets start at the declaration, never at a licence header or doc comment', () => {
  const licensed = '/*\n * Copyright (c) 2024 Someone.\n * Licensed under the MIT license.\n */\n\n"use strict";\n\nconst x = require("x");';
  assert.equal(snippetFromDeclaration(licensed, 'rules.js', 3), '"use strict";\n\nconst x = require("x");');
  const hashed = '# Copyright 2024\n# SPDX-License-Identifier: MIT\nimport os\n\ndef main():';
  assert.equal(snippetFromDeclaration(hashed, 'main', 1), 'def main():');
  assert.equal(snippetFromDeclaration(hashed, 'tool.py', 1), 'import os');
});

test('results group by folder and by file, files in the order of their best result, results by line', () => {
  const r = (folderId: string, file: string, startLine: number) => result({ folderId, file, startLine });
  const groups = groupResults([r('a', 'x.ts', 30), r('b', 'y.ts', 5), r('a', 'z.ts', 1), r('a', 'x.ts', 10)], (id) => id.toUpperCase());
  assert.deepEqual(
    groups.map((g) => [g.name, g.files.map((f) => [f.file, f.results.map((x) => x.startLine)])]),
    [['A', [['x.ts', [10, 30]], ['z.ts', [1]]]], ['B', [['y.ts', [5]]]]],
  );
});

test('every walkthrough page is in the repository (and so in the VSIX)', () => {
  for (const file of walkthroughFiles()) assert.ok(existsSync(`${ROOT}/${file}`), file);
});
