import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CrashBudget, DEFAULT_CRASH_BUDGET } from '../../src/core/process/crashBudget';

test('allows maxCrashes within the window, refuses the next, and forgets crashes that left the window', () => {
  let now = 0;
  const budget = new CrashBudget({ maxCrashes: 2, windowMs: 1000 }, () => now);
  assert.equal(budget.record(), true);
  now = 400;
  assert.equal(budget.record(), true);
  now = 900;
  assert.equal(budget.record(), false);
  now = 1500; // the crashes at 0 and 400 left the window; 900 and 1500 remain
  assert.equal(budget.record(), true);
  assert.equal(budget.recent, 2);
});

test('the default is a language client\'s: four restarts within three minutes, the fifth crash inside them exhausts it', () => {
  let now = 0;
  const budget = new CrashBudget(DEFAULT_CRASH_BUDGET, () => now);
  assert.deepEqual([0, 10, 20, 30].map((t) => ((now = t), budget.record())), [true, true, true, true]);
  now = 40;
  assert.equal(budget.record(), false);
  now = 200_000;
  assert.equal(budget.record(), true, 'the early crashes fell out of the window');
  assert.equal(budget.recent, 1);
});

test('reset forgets every crash', () => {
  let now = 0;
  const budget = new CrashBudget({ maxCrashes: 1, windowMs: 1000 }, () => now);
  budget.record();
  budget.reset();
  now = 1;
  assert.equal(budget.record(), true);
  assert.equal(budget.recent, 1);
});
