import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PatchOp, Persona } from '../../src/core/json';
import { checkFreshness, classifyPatchFailure, sendAfterMove, type MovedChoice } from '../../src/core/writePlan';

const origin: Persona = { persona_id: 'p1', persona_name: 'A', context: 'c', system_prompt: 's', updated_at: 't1' };
const edited: Persona = { ...origin, system_prompt: 'mine' };
const ops: PatchOp[] = [{ op: 'replace', path: '/system_prompt', value: 'mine' }];
const theirsApart: Persona = { ...origin, context: 'theirs', updated_at: 't2' };
const theirsOverlapping: Persona = { ...origin, system_prompt: 'theirs', updated_at: 't2' };
const GUARD: PatchOp = { op: 'test', path: '/updated_at', value: 't1' };

describe('the patch transaction, as a table', () => {
  it('sends as planned when Tavus still holds the origin', () => {
    assert.deepEqual(checkFreshness(origin, edited, ops, { ...origin }), {
      kind: 'current',
      send: { base: origin, ops, edited },
    });
  });

  const moves: Array<[string, Persona | undefined, Persona, MovedChoice, string | undefined]> = [
    ['changes apart, Merge', origin, theirsApart, 'merge', 'both'],
    ['changes apart, Overwrite', origin, theirsApart, 'overwrite', 'mine'],
    ['changes apart, Compare', origin, theirsApart, 'compare', undefined],
    ['changes apart, Cancel', origin, theirsApart, 'cancel', undefined],
    ['overlapping, Merge is not possible', origin, theirsOverlapping, 'merge', undefined],
    ['overlapping, Overwrite', origin, theirsOverlapping, 'overwrite', 'mine'],
    ['origin unknown, Overwrite', undefined, theirsApart, 'overwrite', 'mine'],
    ['origin unknown, Merge is not possible', undefined, theirsApart, 'merge', undefined],
  ];
  for (const [name, from, current, choice, expected] of moves) {
    it(`Tavus moved: ${name} → ${expected ?? 'nothing sent'}`, () => {
      const freshness = checkFreshness(from, edited, ops, current);
      assert.equal(freshness.kind, 'moved');
      const merge = freshness.kind === 'moved' ? freshness.merge : undefined;
      const send = sendAfterMove(choice, edited, current, merge);
      if (expected === undefined) return assert.equal(send, undefined);
      assert.ok(send);
      assert.deepEqual(send.base, current, 'what is sent is planned against the current copy');
      assert.equal(send.edited.system_prompt, 'mine');
      assert.equal(send.edited.updated_at, 't2', 'server-owned fields are Tavus’s');
      // Merge keeps their context; Overwrite makes the persona exactly yours.
      assert.equal(send.edited.context, expected === 'both' ? 'theirs' : 'c');
    });
  }

  const failures: Array<[string, number | undefined, PatchOp[], boolean, string]> = [
    ['422 to a guarded body, persona moved', 422, [GUARD, ...ops], true, 'guardRejected'],
    ['400 to a guarded body, persona moved', 400, [GUARD, ...ops], true, 'guardRejected'],
    ['409 to a guarded body, persona moved', 409, [GUARD, ...ops], true, 'guardRejected'],
    ['422 to an unguarded body, persona moved', 422, ops, true, 'partlyApplied'],
    ['401 to a guarded body, persona moved', 401, [GUARD, ...ops], true, 'partlyApplied'],
    ['500, persona moved', 500, [GUARD, ...ops], true, 'partlyApplied'],
    ['a dropped connection, persona moved', undefined, [GUARD, ...ops], true, 'partlyApplied'],
    ['422, persona unchanged', 422, [GUARD, ...ops], false, 'notApplied'],
    ['a dropped connection, persona unchanged', undefined, [GUARD, ...ops], false, 'notApplied'],
  ];
  for (const [name, status, body, moved, expected] of failures) {
    it(`a failed PATCH: ${name} → ${expected}`, () => assert.equal(classifyPatchFailure(status, body, moved), expected));
  }
});
