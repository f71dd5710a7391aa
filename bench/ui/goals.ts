import type { Timing } from '../measure';

/** A goal of the issue: `on` (the median or the p95) ≤ `factor` × the lower bound + `slackMs`. */
export interface UiGoal {
  /** The lower bound in ms: the round trips the action needs × the injected latency. */
  boundMs: number;
  factor: number;
  slackMs: number;
  on: 'median' | 'p95';
}

export function goalLimit(goal: UiGoal): number {
  return goal.factor * goal.boundMs + goal.slackMs;
}

export function meetsGoal(timing: Timing, goal: UiGoal): boolean {
  return timing[goal.on] <= goalLimit(goal);
}

/** "median ≤ 1.3 × 50 ms + 150 ms = 215 ms", omitting the parts that are zero or one. */
export function describeGoal(goal: UiGoal): string {
  const parts: string[] = [];
  if (goal.boundMs > 0) parts.push(`${goal.factor === 1 ? '' : `${goal.factor} × `}${goal.boundMs} ms`);
  if (goal.slackMs > 0 || parts.length === 0) parts.push(`${goal.slackMs} ms`);
  const sum = parts.length > 1 ? ` = ${goalLimit(goal)} ms` : '';
  return `${goal.on} ≤ ${parts.join(' + ')}${sum}`;
}
