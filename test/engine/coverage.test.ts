import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatEta, formatRate, semanticCoverage } from '../../src/core/engine/coverage';
import { EmbedRateMeter } from '../../src/core/engine/embedRate';

test('coverage is the share of texts with a vector, 100% only when none is left, with an ETA from the measured rate', () => {
  assert.deepEqual(semanticCoverage({ texts: 9911, embedded: 2816, embedRate: 3 }), { texts: 9911, embedded: 2816, percent: 28, left: 7095, rate: 3, etaSeconds: 2365 });
  assert.equal(semanticCoverage({ texts: 1000, embedded: 999 }).percent, 99, 'never rounds up to 100 while a text is left');
  assert.deepEqual(semanticCoverage({ texts: 10, embedded: 10, embedRate: 5 }), { texts: 10, embedded: 10, percent: 100, left: 0, rate: 5 });
  assert.equal(semanticCoverage({ texts: 0, embedded: 0 }).percent, 100);
  assert.equal(semanticCoverage({ texts: 10, embedded: 4, embedRate: 0 }).etaSeconds, undefined, 'no ETA without a rate');
});

test('ETAs and rates read as people say them', () => {
  assert.equal(formatEta(12), 'under a minute');
  assert.equal(formatEta(2365), 'about 39 min');
  assert.equal(formatEta(3600 * 2 + 300), 'about 2 h 5 min');
  assert.equal(formatEta(7200), 'about 2 h');
  assert.equal(formatRate(3.14), '3.1 texts/s');
  assert.equal(formatRate(1234.5), '1,235 texts/s');
});

test('the embedding rate is measured over the embed phase and written every few seconds and at the end', () => {
  let now = 0;
  const written: number[] = [];
  const meter = new EmbedRateMeter((r) => written.push(r), () => now);
  meter.observe({ phase: 'chunk', done: 5, total: 10 });
  meter.observe({ phase: 'embed', done: 100, total: 1000 });
  now = 1000;
  meter.observe({ phase: 'embed', done: 110, total: 1000 });
  assert.equal(meter.rate, undefined, 'one second is too short to trust');
  now = 2500;
  meter.observe({ phase: 'embed', done: 150, total: 1000 });
  assert.deepEqual(written, [20], '50 texts in 2.5 s, written as soon as it can be trusted');
  now = 4000;
  meter.observe({ phase: 'embed', done: 180, total: 1000 });
  assert.deepEqual(written, [20], 'not again within 5 s');
  now = 8000;
  meter.observe({ phase: 'embed', done: 260, total: 1000 });
  assert.deepEqual(written, [20, 20]);
  now = 9000;
  meter.observe({ phase: 'embed', done: 280, total: 1000 });
  meter.flush();
  assert.deepEqual(written, [20, 20, 20]);
});
