import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Limiter } from '../../src/core/limited';

describe('Limiter', () => {
  it('runs every task once, never more than the limit at a time, across separate callers, and survives a failing task', async () => {
    const limiter = new Limiter(4);
    let running = 0;
    let most = 0;
    const task = async (item: number): Promise<number> => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => setImmediate(resolve));
      running--;
      if (item === 5) throw new Error('a failing read');
      return item * 2;
    };
    const items = Array.from({ length: 23 }, (_, index) => index);
    const results = await Promise.allSettled(items.map((item) => limiter.run(() => task(item))));
    assert.deepEqual(
      results.map((result) => (result.status === 'fulfilled' ? result.value : 'failed')),
      items.map((item) => (item === 5 ? 'failed' : item * 2)),
    );
    assert.equal(most, 4);
    assert.equal(await limiter.run(async () => 'after'), 'after', 'the slots are all free again');
  });

  it('starts waiting tasks in the order they came', async () => {
    const limiter = new Limiter(1);
    const started: number[] = [];
    await Promise.all([1, 2, 3].map((n) => limiter.run(async () => void started.push(n))));
    assert.deepEqual(started, [1, 2, 3]);
  });
});
