import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticCodeChunks } from '../../src/core/models/syntheticCode';

test('the synthetic corpus is fixed for a seed and spreads chunk lengths', () => {
  const a = syntheticCodeChunks(200);
  assert.deepEqual(syntheticCodeChunks(200), a);
  assert.notDeepEqual(syntheticCodeChunks(200, 7), a);
  const lines = a.map((c) => c.split('\n').length).sort((x, y) => x - y);
  assert.ok(lines[0]! <= 8 && lines[lines.length - 1]! >= 30, `lines from ${lines[0]} to ${lines[lines.length - 1]}`);
  assert.ok(a.every((c) => c.startsWith('// src/') && c.includes('export async function') && c.endsWith('}')));
});
