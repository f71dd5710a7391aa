import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachLimited } from '../../src/core/limited';

describe('forEachLimited', () => {
  it('runs every item once, never more than the limit at a time, and survives a failing task', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    const items = Array.from({ length: 23 }, (_, index) => index);
    await forEachLimited(items, 4, async (item) => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => setImmediate(resolve));
      seen.push(item);
      running--;
      if (item === 5) throw new Error('a failing read');
    });
    assert.deepEqual(
      seen.sort((a, b) => a - b),
      items,
    );
    assert.equal(most, 4);
  });

  it('does nothing for no items', async () => {
    let calls = 0;
    await forEachLimited([], 4, async () => void calls++);
    assert.equal(calls, 0);
  });
});
