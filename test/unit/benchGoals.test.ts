import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeGoal, goalLimit, meetsGoal } from '../../bench/ui/goals';
import { summarise } from '../../bench/measure';

test('summarise takes the nearest-rank median and p95, whatever the order of the samples', () => {
  assert.deepEqual(summarise([30, 10, 20]), { median: 20, p95: 30, samples: 3 });
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.deepEqual(summarise(hundred), { median: 50, p95: 95, samples: 100 });
});

test('a goal is a factor of the round trips plus a slack, met on the median or on the p95', () => {
  const activation = { boundMs: 50, factor: 1.3, slackMs: 150, on: 'median' as const };
  assert.equal(goalLimit(activation), 215);
  assert.equal(meetsGoal({ median: 215, p95: 900, samples: 7 }, activation), true);
  assert.equal(meetsGoal({ median: 215.1, p95: 215.1, samples: 7 }, activation), false);
  const typing = { boundMs: 0, factor: 1, slackMs: 50, on: 'p95' as const };
  assert.equal(meetsGoal({ median: 10, p95: 51, samples: 30 }, typing), false);
});

test('a goal reads as the issue states it', () => {
  assert.equal(describeGoal({ boundMs: 50, factor: 1.3, slackMs: 150, on: 'median' }), 'median ≤ 1.3 × 50 ms + 150 ms = 215 ms');
  assert.equal(describeGoal({ boundMs: 150, factor: 1, slackMs: 150, on: 'median' }), 'median ≤ 150 ms + 150 ms = 300 ms');
  assert.equal(describeGoal({ boundMs: 0, factor: 1, slackMs: 100, on: 'p95' }), 'p95 ≤ 100 ms');
});
