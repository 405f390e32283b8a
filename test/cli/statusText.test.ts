import assert from 'node:assert/strict';
import { test } from 'node:test';
import { semanticLine } from '../../src/cli/commands/statusCommand';
import { semanticCoverage } from '../../src/core/engine/coverage';

test('codeloupe status says what semantic search covers, what is left and about how long it takes', () => {
  assert.equal(
    semanticLine(semanticCoverage({ texts: 9911, embedded: 2816, embedRate: 3 })),
    '28% (2,816 of 9,911 texts; 7,095 left, about 39 min at 3.0 texts/s as last measured); `codeloupe index` goes on from there',
  );
  assert.equal(semanticLine(semanticCoverage({ texts: 9911, embedded: 2816 })), '28% (2,816 of 9,911 texts; 7,095 left); `codeloupe index` goes on from there');
  assert.equal(semanticLine(semanticCoverage({ texts: 40, embedded: 40 })), '100% (40 texts embedded)');
});
