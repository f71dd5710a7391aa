import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeApply, type ApplyPlan } from '../../src/core/applyPlan';
import type { JsonValue, PatchOp, Persona } from '../../src/core/json';
import { parsePatchFile } from '../../src/core/patchFile';
import { applyOps } from '../../src/core/patchedCopy';
import { validatePatch } from '../../src/core/patchValidation';

const HEADER = '// tavus-persona: p1\n';

function fileOf(ops: PatchOp[]) {
  return parsePatchFile(`${HEADER}${JSON.stringify(ops)}`);
}

function changesOf(plan: ApplyPlan): Persona {
  assert.equal(plan.kind, 'changes', JSON.stringify(plan));
  return plan.edited;
}

describe('validatePatch and the apply dry run never change their inputs (issue 10, item 1)', () => {
  it('moves an item into a later sibling without touching the persona', () => {
    const persona: Persona = { persona_id: 'p1', a: [[1], [2], [3]] };
    const ops: PatchOp[] = [{ op: 'move', from: '/a/0', path: '/a/1/0' }];
    const parsed = fileOf(ops);
    assert.deepEqual(validatePatch(parsed, persona), []);
    assert.deepEqual(persona, { persona_id: 'p1', a: [[1], [2], [3]] });
    // A second run sees the same persona: an editor re-validates on every keystroke.
    assert.deepEqual(validatePatch(parsed, persona), []);
    assert.deepEqual(changesOf(computeApply(parsed, persona, { guardWithTestOps: false })).a, [[2], [[1], 3]]);
    assert.deepEqual(persona, { persona_id: 'p1', a: [[1], [2], [3]] });
  });

  it('leaves op values alone when later ops change what they put in place', () => {
    const value: JsonValue = { list: [1] };
    const ops: PatchOp[] = [
      { op: 'add', path: '/x', value },
      { op: 'add', path: '/x/list/-', value: 2 },
      { op: 'copy', from: '/x', path: '/y' },
      { op: 'add', path: '/y/list/0', value: 0 },
    ];
    assert.deepEqual(applyOps({}, ops), { x: { list: [1, 2] }, y: { list: [0, 1, 2] } });
    assert.deepEqual(value, { list: [1] });
  });
});

describe('RFC 6902 corner cases (issue 10, items 3–5)', () => {
  it('accepts a test of the whole document ("path": "")', () => {
    const persona: Persona = { persona_id: 'p1', n: 1 };
    const parsed = fileOf([{ op: 'test', path: '', value: { persona_id: 'p1', n: 1 } }]);
    assert.deepEqual(validatePatch(parsed, persona), []);
    const mismatch = validatePatch(fileOf([{ op: 'test', path: '', value: {} }]), persona);
    assert.deepEqual(
      mismatch.map((problem) => problem.code),
      ['test-mismatch'],
    );
  });

  it('refuses a move to index length: the remove has shortened the array', () => {
    const persona: Persona = { persona_id: 'p1', arr: [1, 2] };
    const problems = validatePatch(fileOf([{ op: 'move', from: '/arr/0', path: '/arr/2' }]), persona);
    assert.deepEqual(
      problems.map((problem) => [problem.code, problem.message]),
      [['index-out-of-range', 'Index 2 is out of range: the array has 1 item; use "-" to append.']],
    );
    assert.deepEqual(validatePatch(fileOf([{ op: 'move', from: '/arr/0', path: '/arr/1' }]), persona), []);
    assert.deepEqual(validatePatch(fileOf([{ op: 'move', from: '/arr/0', path: '/arr/-' }]), persona), []);
    assert.throws(() => applyOps({ arr: [1, 2] }, [{ op: 'move', from: '/arr/0', path: '/arr/2' }]));
  });

  it('compares test values without calling their members (a member named hasOwnProperty)', () => {
    const persona: Persona = { persona_id: 'p1', x: { hasOwnProperty: 1, constructor: 'c', toString: [] }, y: 1 };
    const ops: PatchOp[] = [
      { op: 'test', path: '/x', value: { toString: [], constructor: 'c', hasOwnProperty: 1 } },
      { op: 'replace', path: '/y', value: 2 },
    ];
    const parsed = fileOf(ops);
    assert.deepEqual(validatePatch(parsed, persona), []);
    assert.equal(changesOf(computeApply(parsed, persona, { guardWithTestOps: false })).y, 2);
    assert.throws(() => applyOps(persona, [{ op: 'test', path: '/x', value: { hasOwnProperty: 2 } }]), {
      message: 'Test operation failed',
    });
  });
});
