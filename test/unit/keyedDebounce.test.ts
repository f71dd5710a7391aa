import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { KeyedDebounce, pauseBeforeCheck } from '../../src/core/keyedDebounce';

// The clock is node:test's mock: time moves only when the test ticks it.
describe('KeyedDebounce', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('runs a key once, after the delay of its last scheduling', () => {
    const debounce = new KeyedDebounce();
    const runs: string[] = [];
    debounce.schedule('a', 100, () => runs.push('first'));
    mock.timers.tick(50);
    debounce.schedule('a', 100, () => runs.push('second'));
    mock.timers.tick(99);
    assert.deepEqual(runs, []);
    mock.timers.tick(1);
    assert.deepEqual(runs, ['second']);
    mock.timers.tick(1000);
    assert.deepEqual(runs, ['second']);
  });

  it('keeps keys apart', () => {
    const debounce = new KeyedDebounce();
    const runs: string[] = [];
    debounce.schedule('a', 10, () => runs.push('a'));
    debounce.schedule('b', 20, () => runs.push('b'));
    debounce.schedule('a', 10, () => runs.push('a again'));
    mock.timers.tick(20);
    assert.deepEqual(runs, ['a again', 'b']);
  });

  it('runs nothing cancelled or pending at dispose', () => {
    const debounce = new KeyedDebounce();
    const runs: string[] = [];
    debounce.schedule('a', 10, () => runs.push('a'));
    debounce.schedule('b', 10, () => runs.push('b'));
    debounce.cancel('a');
    mock.timers.tick(5);
    debounce.dispose();
    mock.timers.tick(100);
    assert.deepEqual(runs, []);
  });
});

describe('pauseBeforeCheck', () => {
  it('is the base pause for a small document, longer for a large one, and never over a second', () => {
    assert.equal(pauseBeforeCheck(200, 3_000), 200);
    assert.equal(pauseBeforeCheck(200, 1_000_000), 350);
    assert.equal(pauseBeforeCheck(200, 5_000_000), 950);
    assert.equal(pauseBeforeCheck(200, 50_000_000), 1_000);
  });

  it('grows with the document', () => {
    let previous = 0;
    for (let characters = 0; characters <= 8_000_000; characters += 250_000) {
      const pause = pauseBeforeCheck(200, characters);
      assert.ok(pause >= previous, `${characters} characters`);
      previous = pause;
    }
  });
});
