import type { JsonValue } from '../../src/core/json';

/**
 * A new updated_at that sorts after the previous one even when two writes land in the
 * same millisecond: clients use "did updated_at change" to detect concurrent edits.
 */
export function nextTimestamp(previous: JsonValue | undefined, nowMs = Date.now()): string {
  const previousMs = typeof previous === 'string' ? Date.parse(previous) : NaN;
  const ms = Number.isNaN(previousMs) ? nowMs : Math.max(nowMs, previousMs + 1);
  return new Date(ms).toISOString();
}
