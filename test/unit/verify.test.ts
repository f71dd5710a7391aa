import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, deepClone, type Operation } from 'fast-json-patch';
import { diffJson, jsonEqual } from '../../src/core/diff';
import { defineMember, isJsonObject, type JsonObject, type JsonValue, type PatchOp, type Persona } from '../../src/core/json';
import { parsePointer, valueAt as lookup } from '../../src/core/pointer';
import { describeNormalisation, verifyPatch } from '../../src/core/verify';
import { cloneJson, fuzzCases, fuzzSeed, mutateJson, randomJson, randomKey, type Random } from './support/random';

const base: Persona = {
  persona_id: 'p1234567',
  persona_name: 'Support',
  system_prompt: 'Be helpful.',
  layers: {
    llm: { model: 'tavus-gpt-oss', api_key: 'sk-live-123456', tools: [{ name: 'lookup' }] },
    conversational_flow: { turn_detection_model: 'sparrow-1' },
    tts: { tts_engine: 'cartesia' },
  },
  document_ids: ['d1', 'd2'],
  updated_at: '2026-02-01T17:45:00Z',
};

/** `__proto__` paths are allowed: the random documents use such keys on purpose. */
function applied(doc: Persona, ops: readonly PatchOp[]): Persona {
  return applyPatch(deepClone(doc) as Persona, deepClone(ops) as Operation[], true, true, false).newDocument;
}

/** Verifies `ops` against a re-read that is the expected persona with `change` applied by "Tavus". */
function verifyWith(ops: PatchOp[], change: (reread: Persona) => void = () => {}) {
  const expected = applied(base, ops);
  const reread = cloneJson(expected);
  reread.updated_at = '2026-02-02T08:00:00Z';
  change(reread);
  return verifyPatch(expected, reread, ops);
}

function layer(persona: Persona, name: string): JsonObject {
  return (persona.layers as JsonObject)[name] as JsonObject;
}

describe('verifyPatch', () => {
  it('finds nothing wrong when Tavus holds exactly what was sent (updated_at moving is not news)', () => {
    assert.deepEqual(verifyWith([{ op: 'replace', path: '/layers/llm/model', value: 'tavus-gpt-5.2' }]), {
      missing: [],
      normalised: [],
    });
  });

  it('reports a replaced value that did not arrive', () => {
    const result = verifyWith([{ op: 'replace', path: '/layers/llm/model', value: 'tavus-gpt-5.2' }], (p) => {
      layer(p, 'llm').model = 'tavus-gpt-oss';
    });
    assert.deepEqual(result.missing, ['/layers/llm/model']);
  });

  it('takes defaults Tavus fills in beside a sent field as normalisation', () => {
    const ops: PatchOp[] = [{ op: 'add', path: '/layers/conversational_flow/turn_taking_patience', value: 'high' }];
    const result = verifyWith(ops, (p) => {
      Object.assign(layer(p, 'conversational_flow'), { replica_interruptibility: 'medium', turn_commitment: 'low' });
    });
    assert.deepEqual(result.missing, []);
    assert.deepEqual(result.normalised, [
      { pointer: '/layers/conversational_flow/replica_interruptibility', sent: undefined, now: 'medium' },
      { pointer: '/layers/conversational_flow/turn_commitment', sent: undefined, now: 'low' },
    ]);
    assert.equal(
      describeNormalisation(result.normalised),
      'Tavus adjusted 2 fields: /layers/conversational_flow/replica_interruptibility set to "medium", ' +
        '/layers/conversational_flow/turn_commitment set to "low"',
    );
  });

  it('matches an added or replaced object by the members sent, recursively', () => {
    const value = { tts_engine: 'elevenlabs', voice_settings: { speed: 'fast' } };
    const filled = verifyWith([{ op: 'replace', path: '/layers/tts', value }], (p) => {
      layer(p, 'tts').tts_model_name = 'default';
      (layer(p, 'tts').voice_settings as JsonObject).emotion = 'neutral';
    });
    assert.deepEqual(filled.missing, []);
    assert.deepEqual(
      filled.normalised.map((n) => n.pointer),
      ['/layers/tts/voice_settings/emotion', '/layers/tts/tts_model_name'],
    );
    const dropped = verifyWith([{ op: 'replace', path: '/layers/tts', value }], (p) => {
      delete (layer(p, 'tts').voice_settings as JsonObject).speed;
    });
    assert.deepEqual(dropped.missing, ['/layers/tts/voice_settings/speed']);
  });

  it('counts a coerced scalar of the same meaning as normalised, not missing', () => {
    for (const [sent, now] of [
      ['true', true],
      [false, 'false'],
      ['1.5', 1.5],
      [2, '2'],
    ] as const) {
      const result = verifyWith([{ op: 'add', path: '/layers/llm/speculative_inference', value: sent }], (p) => {
        layer(p, 'llm').speculative_inference = now;
      });
      assert.deepEqual(result.missing, [], `${JSON.stringify(sent)} → ${JSON.stringify(now)}`);
      assert.deepEqual(result.normalised, [{ pointer: '/layers/llm/speculative_inference', sent, now }]);
    }
    assert.deepEqual(verifyWith([{ op: 'add', path: '/x', value: 1 }], (p) => (p.x = 1.0)).normalised, []);
  });

  it('does not take a scalar of another meaning for a coercion', () => {
    for (const [sent, now] of [
      ['yes', true],
      [true, 'True'],
      [1, '1x'],
      [0, ''],
      ['1', 2],
      [null, 'null'],
    ] as const) {
      const result = verifyWith([{ op: 'add', path: '/x', value: sent }], (p) => (p.x = now));
      assert.deepEqual(result.missing, ['/x'], `${JSON.stringify(sent)} → ${JSON.stringify(now)}`);
    }
  });

  it('compares the whole array for an append, an insertion and a removal', () => {
    const append: PatchOp[] = [{ op: 'add', path: '/document_ids/-', value: 'd3' }];
    assert.deepEqual(verifyWith(append).missing, []);
    assert.deepEqual(verifyWith(append, (p) => (p.document_ids as string[]).pop()).missing, ['/document_ids']);
    const insert: PatchOp[] = [{ op: 'add', path: '/document_ids/0', value: 'd0' }];
    assert.deepEqual(verifyWith(insert, (p) => (p.document_ids = ['d1', 'd0', 'd2'])).missing, [
      '/document_ids/0',
      '/document_ids/1',
    ]);
    const remove: PatchOp[] = [{ op: 'remove', path: '/document_ids/0' }];
    assert.deepEqual(verifyWith(remove, (p) => (p.document_ids = ['d1', 'd2'])).missing, ['/document_ids']);
  });

  it('accepts defaults Tavus fills into an appended object', () => {
    const result = verifyWith([{ op: 'add', path: '/layers/llm/tools/-', value: { name: 'book' } }], (p) => {
      (layer(p, 'llm').tools as JsonObject[])[1]!.type = 'function';
    });
    assert.deepEqual(result.missing, []);
    assert.deepEqual(result.normalised, [{ pointer: '/layers/llm/tools/1/type', sent: undefined, now: 'function' }]);
  });

  it('requires a removed member to be gone, unless a later op put it back', () => {
    const remove: PatchOp[] = [{ op: 'remove', path: '/system_prompt' }];
    assert.deepEqual(verifyWith(remove).missing, []);
    assert.deepEqual(verifyWith(remove, (p) => (p.system_prompt = 'Be helpful.')).missing, ['/system_prompt']);
    const readded: PatchOp[] = [...remove, { op: 'add', path: '/system_prompt', value: 'Be brief.' }];
    assert.deepEqual(verifyWith(readded).missing, []);
    assert.deepEqual(verifyWith(readded, (p) => delete p.system_prompt).missing, ['/system_prompt']);
  });

  it('checks the target of a move and that its source is gone', () => {
    const move: PatchOp[] = [{ op: 'move', from: '/system_prompt', path: '/context' }];
    assert.deepEqual(verifyWith(move).missing, []);
    assert.deepEqual(verifyWith(move, (p) => (p.system_prompt = 'Be helpful.')).missing, ['/system_prompt']);
    assert.deepEqual(verifyWith(move, (p) => delete p.context).missing, ['/context']);
    const backAgain: PatchOp[] = [...move, { op: 'add', path: '/system_prompt', value: 'New.' }];
    assert.deepEqual(verifyWith(backAgain).missing, []);
  });

  it('checks the target of a copy', () => {
    const copy: PatchOp[] = [{ op: 'copy', from: '/system_prompt', path: '/context' }];
    assert.deepEqual(verifyWith(copy).missing, []);
    assert.deepEqual(verifyWith(copy, (p) => delete p.context).missing, ['/context']);
  });

  it('ignores test ops', () => {
    const ops: PatchOp[] = [
      { op: 'test', path: '/persona_name', value: 'Support' },
      { op: 'replace', path: '/system_prompt', value: 'Be brief.' },
    ];
    const result = verifyWith(ops, (p) => (p.persona_name = 'Renamed elsewhere'));
    assert.deepEqual(result.missing, []);
    assert.deepEqual(result.normalised, [{ pointer: '/persona_name', sent: 'Support', now: 'Renamed elsewhere' }]);
  });

  it('reports fields Tavus dropped without being asked as normalisation', () => {
    const result = verifyWith([{ op: 'replace', path: '/system_prompt', value: 'Be brief.' }], (p) => {
      delete layer(p, 'tts').tts_engine;
    });
    assert.deepEqual(result, {
      missing: [],
      normalised: [{ pointer: '/layers/tts/tts_engine', sent: 'cartesia', now: undefined }],
    });
    assert.equal(describeNormalisation(result.normalised), 'Tavus adjusted 1 field: /layers/tts/tts_engine removed');
  });

  it('does not list a missing pointer again as normalisation', () => {
    const result = verifyWith([{ op: 'replace', path: '/system_prompt', value: 'Be brief.' }], (p) => (p.system_prompt = 'Old'));
    assert.deepEqual(result, { missing: ['/system_prompt'], normalised: [] });
  });
});

describe('describeNormalisation', () => {
  it('says nothing when nothing was adjusted', () => {
    assert.equal(describeNormalisation([]), '');
  });

  it('lists a few fields, counts the rest, clips long values and redacts secrets', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ pointer: `/f${i}`, sent: undefined, now: 'v'.repeat(300) }));
    const text = describeNormalisation(many);
    assert.match(text, /^Tavus adjusted 8 fields: \/f0 set to "v+…, \/f1 set to/);
    assert.ok(text.length <= 400, `${text.length}`);
    assert.match(describeNormalisation(many.slice(0, 6).map((n) => ({ ...n, now: 'x' }))), /, and 1 more$/);
    const secret = describeNormalisation([{ pointer: '/layers/llm/api_key', sent: 'sk-live-1', now: 'sk-live-2' }]);
    assert.doesNotMatch(secret, /sk-live/);
  });
});

// ---- Seeded properties: exact re-reads pass, and any one sent change left out is caught.

function randomPersona(random: Random): Persona {
  const persona: Persona = { persona_id: 'p1', layers: { llm: { model: 'm', tools: [{ name: 'a' }] } } };
  for (let count = 1 + random.int(6); count > 0; count--) defineMember(persona, randomKey(random), randomJson(random, 3));
  return persona;
}

interface Case {
  base: Persona;
  ops: PatchOp[];
  expected: Persona;
  /** A pointer the ops changed, and the re-read without that change. */
  dropped: { pointer: string; reread: Persona } | undefined;
}

/** Pointers of the primitive leaves (and empty containers) of a value, relative to it. */
function leavesOf(value: JsonValue, pointer = ''): string[] {
  if (typeof value !== 'object' || value === null) return [pointer];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (entries.length === 0) return [pointer];
  return entries.flatMap(([key, child]) => leavesOf(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
}

/** The re-read with the change at `pointer` left out: the base's value put back, or the member or element taken out. */
function withoutChange(base: Persona, expected: Persona, pointer: string): Persona {
  const reread = cloneJson(expected);
  const segments = parsePointer(pointer);
  const key = segments.pop()!;
  const parent = lookup(reread, segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''));
  const before = lookup(base, pointer);
  if (Array.isArray(parent)) {
    if (before !== undefined && Number(key) < parent.length) parent[Number(key)] = before;
    else parent.splice(Number(key), 1);
  } else if (isJsonObject(parent)) {
    if (before !== undefined) defineMember(parent, key, before);
    else delete parent[key];
  }
  return reread;
}

/** Same as the stringly coercions verifyPatch forgives, so such a drop is not expected to show. */
function sameMeaning(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return jsonEqual(a, b) || (typeof a !== 'object' && typeof b !== 'object' && String(a) === String(b));
}

function randomCase(random: Random): Case {
  const base = randomPersona(random);
  const target = mutateJson(random, base);
  const ops = diffJson(base, isJsonObject(target) ? target : { ...base, replaced: target });
  const expected = applied(base, ops);
  const sentLeaves = ops.flatMap((op) =>
    op.op === 'remove' ? [op.path] : leavesOf(op.value as JsonValue).map((leaf) => `${op.path}${leaf}`),
  );
  if (sentLeaves.length === 0) return { base, ops, expected, dropped: undefined };
  const pointer = random.pick(sentLeaves);
  const reread = withoutChange(base, expected, pointer);
  if (pointer === '' || jsonEqual(reread, expected) || sameMeaning(lookup(base, pointer), lookup(expected, pointer))) {
    return { base, ops, expected, dropped: undefined };
  }
  return { base, ops, expected, dropped: { pointer, reread } };
}

function overlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

describe('verifyPatch: seeded properties', () => {
  it('never reports an exact re-read, and always reports one sent change left out', async () => {
    let dropsChecked = 0;
    await fuzzCases(fuzzSeed(9_0601), 2_000, randomCase, ({ ops, expected, dropped }) => {
      assert.deepEqual(verifyPatch(expected, cloneJson(expected), ops), { missing: [], normalised: [] });
      if (dropped === undefined) return;
      dropsChecked++;
      const { missing } = verifyPatch(expected, dropped.reread, ops);
      assert.ok(
        missing.some((pointer) => overlap(pointer, dropped.pointer)),
        `the change at ${dropped.pointer} was left out, but missing is ${JSON.stringify(missing)}`,
      );
    });
    assert.ok(dropsChecked > 1_000, `${dropsChecked}`);
  });
});
