import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unappliedTargets } from '../../src/core/patchEffects';
import type { PatchOp } from '../../src/core/json';

describe('unappliedTargets', () => {
  const expected = { a: 1, list: [1, 2, 3], layer: { x: 'new' } };
  const ops: PatchOp[] = [
    { op: 'test', path: '/updated_at', value: 't' },
    { op: 'replace', path: '/layer/x', value: 'new' },
    { op: 'add', path: '/list/-', value: 3 },
    { op: 'remove', path: '/gone' },
  ];

  it('is empty when the re-read persona shows every target as expected', () => {
    assert.deepEqual(unappliedTargets(expected, { ...expected, filled: 'default' }, ops), []);
  });

  it('names targets whose value differs, compares whole arrays for appends, and checks removals', () => {
    const reread = { a: 1, list: [1, 2], layer: { x: 'old' }, gone: true };
    assert.deepEqual(unappliedTargets(expected, reread, ops), ['/layer/x', '/list', '/gone']);
  });

  it('ignores test ops, whose paths the patch does not change', () => {
    assert.deepEqual(unappliedTargets({}, {}, [{ op: 'test', path: '/missing', value: 1 }]), []);
  });
});
