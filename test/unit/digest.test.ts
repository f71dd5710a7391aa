import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sha256 } from '../../src/core/digest';

describe('sha256', () => {
  it('is the hex sha256 of a text', () => {
    assert.equal(sha256('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes parts as the text they make one after another', () => {
    assert.equal(sha256(['a', 'b', 'c']), sha256('abc'));
    assert.equal(sha256([]), sha256(''));
    assert.notEqual(sha256(['{"a":1}', '{"b":2}']), sha256(['{"a":1}', '{"b":3}']));
  });
});
