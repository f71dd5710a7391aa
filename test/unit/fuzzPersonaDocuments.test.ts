import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyOperation, type Operation } from 'fast-json-patch';
import { isJsonObject, type JsonValue, type PatchOp, type Persona } from '../../src/core/json';
import type { TextProblem } from '../../src/core/parseJsonText';
import { getAtPointer } from '../../src/core/pointer';
import { formatPersona } from '../../src/core/personaDocument';
import { SERVER_OWNED_FIELDS, withServerOwnedFieldsRestored } from '../../src/core/personaRules';
import { computeSave, type SaveComputation } from '../../src/core/saveComputation';
import { bigPersonaText } from './support/bigPersona';
import { losesSomethingInJsonParse } from './support/jsonOracles';
import {
  assertNoPollution,
  eachCase,
  cloneJson,
  fuzzCases,
  fuzzSeed,
  HOSTILE_VOCABULARY,
  hostileJsonText,
  jsonWithRawNumbers,
  mutateJson,
  mutateText,
  nestedJsonText,
  PROTOTYPE_MEMBERS,
  Random,
  type Vocabulary,
} from './support/random';

const SEED = fuzzSeed(0x5eed_d0c5);
const CASES = 10_000;

/** A persona as Tavus sends it, with prototype-named members kept as own members, as JSON.parse keeps them. */
const SERVER_PERSONA = JSON.parse(`{
  "persona_id": "p5eed0001",
  "persona_name": "Fuzz",
  "system_prompt": "Be helpful.",
  "context": null,
  "default_replica_id": "r79e1c033f",
  "layers": {
    "llm": { "model": "tavus-gpt-oss", "api_key": "sk-x", "tools": [{ "type": "function", "function": { "name": "a" } }] },
    "tts": { "tts_engine": "cartesia", "voice_settings": { "speed": 0.5, "emotion": ["positivity:high"] } },
    "perception": { "perception_model": "raven-0", "ambient_awareness_queries": ["q1", "q2", "q3"] }
  },
  "document_ids": ["d1", "d2", "d3"],
  "__proto__": { "kept": true },
  "constructor": { "prototype": { "kept": true } },
  "prototype": ["x"],
  "created_at": "2026-01-01T00:00:00Z",
  "updated_at": "2026-02-01T17:45:00Z"
}`) as Persona;

/** Stands for a number no JavaScript value stringifies to; jsonWithRawNumbers writes it as 1e400, -0 and the like. */
const RAW_NUMBER = '\u0000raw number\u0000';
const RAW_NUMBER_VOCABULARY: Vocabulary = {
  key: HOSTILE_VOCABULARY.key,
  primitive: (random) => (random.chance(0.3) ? RAW_NUMBER : HOSTILE_VOCABULARY.primitive(random)),
};

interface DocumentCase {
  kind: string;
  base: Persona;
  text: string;
  guard: boolean;
}

/** The server copy: the persona with random edits that leave its server-owned fields alone. */
function randomBase(random: Random): Persona {
  const edited = mutateJson(random, SERVER_PERSONA, HOSTILE_VOCABULARY);
  const base = cloneJson(isJsonObject(edited) ? withServerOwnedFieldsRestored(SERVER_PERSONA, edited) : SERVER_PERSONA);
  if (random.chance(0.3)) delete base.updated_at; // then guards test the overwritten values themselves
  return base;
}

/** An edit of `base`, mostly leaving server-owned fields as they were (else the save is refused). */
function randomEdit(random: Random, base: Persona, vocabulary: Vocabulary): JsonValue {
  const edited = mutateJson(random, base, vocabulary);
  return isJsonObject(edited) && random.chance(0.85) ? withServerOwnedFieldsRestored(base, edited) : edited;
}

function randomLayout(random: Random): string | number {
  return random.pick([2, 2, 0, 4, '\t']);
}

/** `text` with a member that would pollute a prototype if parsed by assignment, at the top or in a nested object. */
function withPrototypeMember(random: Random, text: string): string {
  const objectStarts = [...text.matchAll(/\{\n/g)].map((match) => match.index);
  if (objectStarts.length === 0) return text;
  const at = random.pick(objectStarts) + 1;
  return text.slice(0, at) + random.pick(PROTOTYPE_MEMBERS) + text.slice(at);
}

/** Server copies the cases edit; a pool, as making one per case would cost more than the case itself. */
const BASES = Array.from({ length: 64 }, (_, i) => randomBase(new Random(SEED + i)));

function randomCase(random: Random): DocumentCase {
  const base = random.pick(BASES);
  const guard = random.chance(0.5);
  const roll = random.int(100);
  if (roll < 40) {
    return {
      kind: 'valid edit',
      base,
      guard,
      text: JSON.stringify(randomEdit(random, base, HOSTILE_VOCABULARY), null, randomLayout(random)),
    };
  }
  if (roll < 50) {
    const text = jsonWithRawNumbers(random, randomEdit(random, base, RAW_NUMBER_VOCABULARY), RAW_NUMBER, randomLayout(random));
    return { kind: 'raw numbers', base, guard, text };
  }
  if (roll < 85) {
    return {
      kind: 'text mutation',
      base,
      guard,
      text: mutateText(random, formatPersona(randomEdit(random, base, HOSTILE_VOCABULARY) as Persona)),
    };
  }
  if (roll < 95) {
    return { kind: 'hostile text', base, guard, text: hostileJsonText(random) };
  }
  return {
    kind: 'prototype member',
    base,
    guard,
    text: withPrototypeMember(random, formatPersona(randomEdit(random, base, HOSTILE_VOCABULARY) as Persona)),
  };
}

function describeCase({ kind, text, guard }: DocumentCase): string {
  const shown = text.length > 2000 ? `${JSON.stringify(text.slice(0, 2000))}… (${text.length} chars)` : JSON.stringify(text);
  return `${kind}, guardWithTestOps ${guard}, text ${shown}`;
}

// ---- Oracles: what the answer must be, worked out independently of the code under test ----

type Expected = { valid: true; value: Persona } | { valid: false };

function hasNonFiniteNumber(root: unknown): boolean {
  const pending = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'number' && !Number.isFinite(value)) return true;
    if (typeof value === 'object' && value !== null) pending.push(...Object.values(value));
  }
  return false;
}

/**
 * A persona document is one JSON object (strict JSON: no comments, no trailing commas) whose numbers
 * travel exactly through a double and whose objects repeat no member.
 */
function expectedParse(text: string): Expected {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { valid: false };
  }
  return isJsonObject(value) && !hasNonFiniteNumber(value) && !losesSomethingInJsonParse(text)
    ? { valid: true, value }
    : { valid: false };
}

/**
 * Where two values differ as JSON on the wire (own members in any order; -0 equals 0, since both
 * are sent as 0), or undefined when they do not. Iterative, for 10,000-level documents.
 */
function jsonDifference(a: unknown, b: unknown): string | undefined {
  const pending: Array<[unknown, unknown, string]> = [[a, b, '']];
  while (pending.length > 0) {
    const [x, y, pointer] = pending.pop()!;
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || Array.isArray(x) !== Array.isArray(y)) {
      return pointer || '(root)';
    }
    const xMembers = x as Record<string, unknown>;
    const yMembers = y as Record<string, unknown>;
    const keys = Object.keys(xMembers);
    if (keys.length !== Object.keys(yMembers).length) return pointer || '(root)';
    for (const key of keys) {
      if (!Object.hasOwn(yMembers, key)) return `${pointer}/${key}`;
      pending.push([xMembers[key], yMembers[key], `${pointer}/${key}`]);
    }
  }
  return undefined;
}

function assertSameJson(actual: unknown, expected: unknown, what: string): void {
  const difference = jsonDifference(actual, expected);
  assert.equal(difference, undefined, `${what} differs at ${difference}`);
}

/** The server-owned fields the edit adds, removes or changes. */
function expectedServerOwnedChanges(base: Persona, edited: Persona): string[] {
  return SERVER_OWNED_FIELDS.filter(
    (field) =>
      Object.hasOwn(base, field) !== Object.hasOwn(edited, field) || jsonDifference(base[field], edited[field]) !== undefined,
  ).map((field) => `/${field}`);
}

/**
 * Applies ops as Tavus would receive them: serialized, then applied in order, a failing test op
 * failing the patch. Test ops are checked here: fast-json-patch's comparison calls
 * `value.hasOwnProperty`, which a member named `hasOwnProperty` shadows, and its lookup refuses `__proto__`.
 */
function applyAsServer(base: Persona, ops: readonly PatchOp[]): JsonValue {
  const sent = JSON.stringify(ops); // throws (RangeError) if the ops are too deep to send
  let document: JsonValue = cloneJson(base);
  for (const op of JSON.parse(sent) as Operation[]) {
    if (op.op === 'test') {
      assertSameJson(getAtPointer(document, op.path), { found: true, value: op.value }, `the value tested at ${op.path}`);
    } else document = applyOperation(document, op, true, true, false).newDocument;
  }
  return document;
}

// ---- Invariants ----

/** A plain Error that says what is wrong: not a RangeError (stack), TypeError or SyntaxError from deep inside. */
function assertClearError(error: unknown): void {
  assert.ok(error instanceof Error, `threw a non-Error: ${String(error)}`);
  assert.equal(Object.getPrototypeOf(error), Error.prototype, `threw a ${error.name}: ${error.message}`);
  assert.match(error.message, /\w{3}/, 'threw an Error without a message');
  assert.doesNotMatch(error.message, /call stack|undefined|\[object /i, `unclear message: ${error.message}`);
}

/** The problems must say what is wrong and where, in 0-based lines and columns as editors count. */
function checkProblems(text: string, problems: readonly TextProblem[]): void {
  assert.ok(problems.length > 0, 'invalid text without problems');
  for (const problem of problems) {
    assert.match(problem.message, /\w{3}/, 'a problem without a message');
    for (const count of [problem.line, problem.column, problem.offset, problem.length]) {
      assert.ok(Number.isInteger(count) && count >= 0, `bad position in ${JSON.stringify(problem)}`);
    }
    assert.ok(problem.offset + problem.length <= text.length, `problem beyond the text: ${JSON.stringify(problem)}`);
    const lines = text.slice(0, problem.offset).split('\n');
    assert.equal(problem.line, lines.length - 1, `wrong line in ${JSON.stringify(problem)}`);
    assert.equal(problem.column, lines[lines.length - 1]!.length, `wrong column in ${JSON.stringify(problem)}`);
  }
}

function checkComputation(base: Persona, value: Persona, guard: boolean, result: SaveComputation): void {
  if (result.kind === 'invalid') assert.fail(`valid text reported as invalid: ${JSON.stringify(result.problems)}`);
  assertSameJson(result.edited, value, 'the edited persona');
  const serverOwned = expectedServerOwnedChanges(base, value);
  if (result.kind === 'serverOwned') {
    assert.deepEqual(result.pointers, serverOwned);
    return;
  }
  assert.deepEqual(serverOwned, [], 'edits of server-owned fields were not refused');
  if (result.kind === 'noChanges') {
    assertSameJson(value, base, '"no changes", but the edit');
    return;
  }
  assert.ok(result.ops.length > 0, 'changes without ops');
  // The body is the ops, led (when guarding) by test ops that must pass on the base they were made from.
  assert.deepEqual(guard ? result.body.filter((op) => op.op !== 'test') : result.body, result.ops);
  assertSameJson(applyAsServer(base, result.body), value, 'the base patched with the request body');
}

function checkCase({ base, text, guard }: DocumentCase): void {
  const expected = expectedParse(text);
  try {
    let result: SaveComputation;
    try {
      result = computeSave(base, text, { guardWithTestOps: guard });
    } catch (error) {
      assertClearError(error);
      assert.ok(expected.valid, `text that is not a persona must give problems, not throw: ${(error as Error).message}`);
      return;
    }
    if (expected.valid) checkComputation(base, expected.value, guard, result);
    else if (result.kind === 'invalid') checkProblems(text, result.problems);
    else assert.fail(`text that is not a persona document gave ${result.kind}`);
  } finally {
    assertNoPollution();
  }
}

describe('fuzz: persona documents through computeSave (parseJsonObjectText, diffJson, guardOps)', () => {
  it(`${CASES} random valid and invalid documents give exact ops or problems (seed ${SEED})`, async () => {
    const kinds = new Map<string, number>();
    const outcomes = new Map<string, number>();
    const count = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1);
    await fuzzCases(
      SEED,
      CASES,
      randomCase,
      (input) => {
        count(kinds, input.kind);
        count(outcomes, expectedParse(input.text).valid ? 'valid' : 'invalid');
        checkCase(input);
      },
      describeCase,
    );
    // The generator must keep producing every kind of case, and enough of both outcomes.
    assert.equal(kinds.size, 5, JSON.stringify([...kinds]));
    assert.ok(outcomes.get('valid')! > CASES / 3 && outcomes.get('invalid')! > CASES / 4, JSON.stringify([...outcomes]));
    assert.equal(Object.keys(Object.prototype).length, 0);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses or diffs documents nested 499 to 10,000 levels deep, without exceeding the stack', async () => {
    const cases: DocumentCase[] = [];
    for (const depth of [499, 500, 501, 10_000]) {
      const nested = (inner: string, closed = true): string => nestedJsonText(new Random(depth), depth, inner, closed);
      const base = JSON.parse(`{"persona_id":"p1","layers":${nested('1')}}`) as Persona;
      for (const guard of [true, false]) {
        cases.push(
          { kind: `${depth} levels: innermost leaf changed`, base, guard, text: `{"persona_id":"p1","layers":${nested('2')}}` },
          { kind: `${depth} levels: unchanged`, base, guard, text: `{"persona_id":"p1","layers":${nested('1')}}` },
          { kind: `${depth} levels: unclosed`, base, guard, text: `{"persona_id":"p1","layers":${nested('1', false)}` },
          { kind: `${depth} levels: with a comment`, base, guard, text: `{"persona_id":"p1","layers":${nested('1 // one')}}` },
          { kind: `${depth} levels: as the whole document`, base, guard, text: nested('{}') },
          { kind: `${depth} levels: in a server-owned field`, base, guard, text: `{"persona_id":${nested('"p1"')},"layers":1}` },
        );
      }
    }
    await eachCase(SEED, cases, checkCase, describeCase);
  });

  it('never yields ops too deeply nested to send (values added or replaced whole)', async () => {
    const cases: DocumentCase[] = [];
    for (const depth of [2_000, 10_000]) {
      const nested = nestedJsonText(new Random(depth), depth, '1');
      const base = { persona_id: 'p1', layers: 1 };
      cases.push(
        { kind: `${depth} levels added`, base, guard: false, text: `{"persona_id":"p1","layers":1,"deep":${nested}}` },
        { kind: `${depth} levels replacing a number`, base, guard: true, text: `{"persona_id":"p1","layers":${nested}}` },
        {
          kind: `${depth} levels in a new array item`,
          base: { persona_id: 'p1', layers: [1] },
          guard: false,
          text: `{"persona_id":"p1","layers":[1,${nested}]}`,
        },
      );
    }
    await eachCase(SEED, cases, checkCase, describeCase);
  });

  it('keeps problems inside text that ends in an unterminated comment', async () => {
    const cases = ['{"persona_id":"p1"}/*', '{"persona_id":"p1"/*', '/*'].map((text) => ({
      kind: 'unterminated comment',
      base: { persona_id: 'p1' },
      guard: true,
      text,
    }));
    await eachCase(SEED, cases, checkCase, describeCase);
  });

  it('handles a 10 MB document: unchanged, edited, truncated, with 1e400, randomly edited', async () => {
    const text = bigPersonaText(5_200);
    assert.ok(text.length > 10_000_000, `only ${text.length} characters`);
    const base = JSON.parse(text) as Persona;
    const leafEdit = text.replace('"name":"tool_2400"', '"name":"renamed"');
    const cases: DocumentCase[] = [
      { kind: '10 MB unchanged, reformatted', base, guard: true, text: formatPersona(base) },
      { kind: '10 MB one leaf edited', base, guard: true, text: leafEdit },
      { kind: '10 MB truncated', base, guard: true, text: text.slice(0, text.length / 2) },
      { kind: '10 MB with 1e400', base, guard: false, text: text.replace('"type":"function"', '"type":1e400') },
    ];
    await eachCase(SEED, cases, checkCase, describeCase);
    await fuzzCases(
      SEED,
      1,
      (random) => ({
        kind: '10 MB random edits',
        base,
        guard: random.chance(0.5),
        text: JSON.stringify(randomEdit(random, base, HOSTILE_VOCABULARY)),
      }),
      checkCase,
      describeCase,
    );
  });
});
