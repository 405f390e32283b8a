import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CrashBudget } from '../../src/engine-client/crashBudget';

test('four restarts are allowed within the window; the fifth crash inside it exhausts the budget', () => {
  const budget = new CrashBudget(4, 180_000);
  assert.deepEqual([0, 10, 20, 30].map((t) => budget.recordCrash(t)), [true, true, true, true]);
  assert.equal(budget.recordCrash(40), false);
});

test('crashes older than the window no longer count', () => {
  const budget = new CrashBudget(4, 180_000);
  for (const t of [0, 1000, 2000, 3000]) budget.recordCrash(t);
  assert.equal(budget.recordCrash(200_000), true, 'the four early crashes fell out of the window');
  assert.equal(budget.recentCrashes, 1);
});

test('reset forgets every crash', () => {
  const budget = new CrashBudget(1, 1000);
  budget.recordCrash(0);
  budget.reset();
  assert.equal(budget.recordCrash(1), true);
});
