import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CrashBudget } from '../../src/core/embed/crashBudget';

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
