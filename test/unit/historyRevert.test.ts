import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, deepClone } from 'fast-json-patch';
import { diffJson } from '../../src/core/diff';
import { historyEntry, type HistoryEntry } from '../../src/core/historyEntry';
import { changedFields, planRevert } from '../../src/core/historyRevert';
import { parseHistory, serializeHistory } from '../../src/core/historyFile';
import { defineMember, isJsonObject, type JsonObject, type JsonValue, type PatchOp, type Persona } from '../../src/core/json';
import { getAtPointer as lookup, toPointer } from '../../src/core/pointer';
import { cloneJson, fuzzCases, fuzzSeed, mutateJson, randomJson, randomKey, type Random } from './support/random';

/** Applies with fast-json-patch, validating each op; `__proto__` paths are allowed because the random documents use such keys on purpose. */
function applyOps(base: JsonValue, ops: PatchOp[]): JsonValue {
  return applyPatch(deepClone(base), deepClone(ops), true, true, false).newDocument as JsonValue;
}

const before: Persona = {
  persona_id: 'p1',
  persona_name: 'Support',
  system_prompt: 'Be helpful.',
  updated_at: '2026-01-01T00:00:00Z',
  layers: {
    llm: { model: 'tavus-gpt-oss', api_key: 'sk-live-123456', tools: [{ name: 'a' }, { name: 'b' }] },
    tts: { tts_engine: 'cartesia' },
  },
};

/** The persona as a write's ops left it, with the updated_at Tavus would set. */
function written(base: Persona, ops: PatchOp[]): Persona {
  const after = applyOps(base, ops) as Persona;
  return { ...after, updated_at: '2026-01-02T00:00:00Z' };
}

function llm(persona: Persona): JsonObject {
  return (persona.layers as JsonObject).llm as JsonObject;
}

const ACCOUNT = { baseUrl: 'http://127.0.0.1:1', keyFingerprint: 'abc' };

/** An entry as it comes back from the history file: redacted, then serialized and parsed. */
function storedEntry(base: Persona, after: Persona, ops: PatchOp[]): HistoryEntry {
  const entry = historyEntry({
    id: 'e1',
    time: new Date(0),
    personaId: 'p1',
    source: { kind: 'save', name: 'tavus:/p1/Support.json' },
    mode: 'planned',
    ops,
    changed: true,
    before: base,
    after,
  });
  return parseHistory(serializeHistory(ACCOUNT, [entry])).entries[0]!;
}

describe('changedFields', () => {
  it('names the leaves and arrays that differ, not fields Tavus sets', () => {
    const after = written(before, [
      { op: 'replace', path: '/layers/llm/model', value: 'x' },
      { op: 'add', path: '/layers/llm/tools/-', value: { name: 'c' } },
      { op: 'remove', path: '/system_prompt' },
    ]);
    assert.deepEqual(changedFields(before, after).map(toPointer), ['/layers/llm/model', '/layers/llm/tools', '/system_prompt']);
  });
});

describe('planRevert', () => {
  const ops: PatchOp[] = [
    { op: 'replace', path: '/layers/llm/model', value: 'tavus-gpt-5.2' },
    { op: 'replace', path: '/system_prompt', value: 'Be brief.' },
  ];
  const after = written(before, ops);

  it('puts every field back when Tavus still holds what the write left, keeping secrets and updated_at', () => {
    const plan = planRevert(storedEntry(before, after, ops), after);
    assert.deepEqual(plan.reverted, ['/layers/llm/model', '/system_prompt']);
    assert.deepEqual(plan.moved, []);
    assert.deepEqual(plan.target, { ...before, updated_at: after.updated_at });
    assert.equal(llm(plan.target).api_key, 'sk-live-123456');
    assert.ok(plan.ops.every((op) => !op.path.includes('api_key')));
  });

  it('reverts only the fields that did not move since, and names the others', () => {
    const now = applyOps(after, [{ op: 'replace', path: '/system_prompt', value: 'Theirs.' }]) as Persona;
    const plan = planRevert(storedEntry(before, after, ops), now);
    assert.deepEqual(plan.reverted, ['/layers/llm/model']);
    assert.deepEqual(plan.moved, ['/system_prompt']);
    assert.equal(plan.target.system_prompt, 'Theirs.');
    assert.equal(llm(plan.target).model, 'tavus-gpt-oss');
  });

  it('names a field whose parent is gone as moved', () => {
    const now = applyOps(after, [{ op: 'remove', path: '/layers/llm' }]) as Persona;
    const plan = planRevert(storedEntry(before, after, ops), now);
    assert.deepEqual(plan.moved, ['/layers/llm/model']);
    assert.deepEqual(plan.reverted, ['/system_prompt']);
  });

  it('has nothing to do when the fields already hold their earlier values', () => {
    const plan = planRevert(storedEntry(before, after, ops), before);
    assert.deepEqual(plan, { target: before, ops: [], reverted: [], moved: [], secret: [] });
  });

  it('refuses fields that hold secrets now, and never sends an op on a secret path', () => {
    const base: Persona = { persona_id: 'p1', layers: {} };
    const added: PatchOp[] = [{ op: 'add', path: '/layers/tts', value: { tts_engine: 'cartesia', api_key: 'sk-tts-999999' } }];
    const withTts = written(base, added);
    const plan = planRevert(storedEntry(base, withTts, added), withTts);
    assert.deepEqual(plan.secret, ['/layers/tts']);
    assert.deepEqual(plan.ops, []);
  });

  it('does not restore a secret the write replaced: its value was never stored', () => {
    const replaced: PatchOp[] = [{ op: 'replace', path: '/layers/llm/api_key', value: 'sk-new-777777' }];
    const now = written(before, replaced);
    const plan = planRevert(storedEntry(before, now, replaced), now);
    assert.deepEqual(plan.ops, []);
    assert.deepEqual(plan.reverted, []);
  });
});

/** A persona-like object: a few members with random values, arrays and nested objects among them. */
function randomPersona(random: Random): Persona {
  const persona: Persona = {};
  for (let count = 1 + random.int(6); count > 0; count--) defineMember(persona, randomKey(random), randomJson(random, 3));
  return persona;
}

function editedPersona(random: Random, persona: Persona): Persona {
  const edited = mutateJson(random, persona);
  return isJsonObject(edited) ? edited : { replaced: edited };
}

describe('planRevert, property', () => {
  it('applying a write then its inverse restores the original exactly, arrays included (5,000 seeded cases)', async () => {
    await fuzzCases(
      fuzzSeed(15015),
      5000,
      (random) => {
        const original = randomPersona(random);
        return { original, edited: editedPersona(random, original) };
      },
      ({ original, edited }) => {
        const ops = diffJson(original, edited);
        const after = applyOps(original, ops) as Persona;
        const plan = planRevert(storedEntry(cloneJson(original), after, ops), after);
        assert.deepEqual(plan.moved, []);
        assert.deepEqual(applyOps(after, plan.ops), original);
      },
    );
  });

  it('a partial revert restores exactly the fields that did not move, and leaves the moved ones as they are now', async () => {
    await fuzzCases(
      fuzzSeed(15016),
      1000,
      (random) => {
        const original = randomPersona(random);
        const edited = editedPersona(random, original);
        return { original, edited, elsewhere: editedPersona(random, edited) };
      },
      ({ original, edited, elsewhere }) => {
        const ops = diffJson(original, edited);
        const plan = planRevert(storedEntry(original, edited, ops), elsewhere);
        const result = applyOps(elsewhere, plan.ops) as Persona;
        for (const pointer of plan.reverted) {
          assert.deepEqual(lookup(result, pointer), lookup(original, pointer), `reverted ${pointer}`);
        }
        for (const pointer of plan.moved) {
          assert.deepEqual(lookup(result, pointer), lookup(elsewhere, pointer), `moved ${pointer}`);
        }
      },
    );
  });
});
