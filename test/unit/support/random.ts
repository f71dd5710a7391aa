import { defineMember, isJsonObject, type JsonObject, type JsonValue } from '../../../src/core/json';

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1), so failures reproduce from the seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
}

/**
 * The seed a fuzz test runs with: `FUZZ_SEED` from the environment when exploring, else the fixed
 * one, so CI always runs the same cases.
 */
export function fuzzSeed(fixed: number): number {
  const chosen = process.env.FUZZ_SEED;
  if (chosen === undefined || chosen === '') return fixed;
  const seed = Number(chosen);
  if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not "${chosen}"`);
  return seed;
}

/** A Random for case `index` of a run, so one case can be replayed without the ones before it. */
export function caseRandom(seed: number, index: number): Random {
  return new Random((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
}

/**
 * Runs `count` seeded cases; a failure names the seed, the case and what `describe` says about the
 * case's input, so `FUZZ_SEED=<seed>` reproduces it.
 */
export async function fuzzCases<T>(
  seed: number,
  count: number,
  generate: (random: Random, index: number) => T,
  check: (input: T, index: number) => void | Promise<void>,
  describe: (input: T) => string = (input) => JSON.stringify(input)?.slice(0, 500) ?? String(input),
): Promise<void> {
  for (let index = 0; index < count; index++) {
    const input = generate(caseRandom(seed, index), index);
    try {
      await check(input, index);
    } catch (error) {
      // An unexpected error also says where it came from; an assertion's message says enough.
      const reason = !(error instanceof Error)
        ? String(error)
        : error.name === 'AssertionError'
          ? error.message
          : (error.stack ?? error.message).split('\n').slice(0, 6).join('\n');
      throw new Error(`fuzz case ${index} failed (FUZZ_SEED=${seed}): ${reason}\ninput: ${describe(input)}`, { cause: error });
    }
  }
}

const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
const PROTOTYPE_MEMBER_NAMES = PROTOTYPES.map((prototype) => Object.getOwnPropertyNames(prototype).join());

/** Fails if anything set a member on a built-in prototype, such as the `polluted` of PROTOTYPE_MEMBERS. */
export function assertNoPollution(): void {
  if (
    ({} as Record<string, unknown>).polluted !== undefined ||
    ([] as unknown as Record<string, unknown>).polluted !== undefined
  ) {
    throw new Error('a prototype was polluted: ({}).polluted or [].polluted is set');
  }
  PROTOTYPES.forEach((prototype, i) => {
    const names = Object.getOwnPropertyNames(prototype).join();
    if (names !== PROTOTYPE_MEMBER_NAMES[i]) throw new Error(`a prototype gained members: ${names}`);
  });
}

/** Runs fixed cases the way fuzzCases runs random ones, so a failure names its case the same way. */
export function eachCase<T>(
  seed: number,
  cases: readonly T[],
  check: (input: T) => void | Promise<void>,
  describe?: (input: T) => string,
): Promise<void> {
  return fuzzCases(seed, cases.length, (_, index) => cases[index]!, check, describe);
}

/** Keys that stress escaping, prototype names and unicode, mixed with ordinary ones. */
const KEYS = [
  'a',
  'b',
  'c',
  'name',
  'model',
  'tools',
  'x',
  'y',
  '0',
  '1',
  '',
  'a/b',
  'm~n',
  '~1',
  '~0',
  '/',
  '~',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'prototype',
  'ключ',
  '😀',
  'é',
  'with space',
];
const STRINGS = ['', 'a', 'b', 'hello', 'Привет', '😀 emoji', 'tab\tnew\nline', '"quoted"', '~0/~1', 'a'.repeat(70)];
const NUMBERS = [0, 1, -1, 2, 0.5, -3.25, 1e21, 123456789, 7];

/** How randomJson and mutateJson pick member names and leaf values. */
export interface Vocabulary {
  key(random: Random): string;
  primitive(random: Random): JsonValue;
}

export function randomPrimitive(random: Random): JsonValue {
  switch (random.int(4)) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick(NUMBERS);
    default:
      return random.pick(STRINGS);
  }
}

export function randomKey(random: Random): string {
  return random.pick(KEYS);
}

/** Ordinary names and values, with escaping, prototype and unicode names among them. */
export const PLAIN_VOCABULARY: Vocabulary = { key: randomKey, primitive: randomPrimitive };

export function randomJson(random: Random, depth = 3, vocabulary: Vocabulary = PLAIN_VOCABULARY): JsonValue {
  if (depth === 0 || random.chance(0.3)) {
    return vocabulary.primitive(random);
  }
  const size = random.int(6);
  if (random.chance(0.5)) {
    return Array.from({ length: size }, () => randomJson(random, depth - 1, vocabulary));
  }
  const object: JsonObject = {};
  for (let i = 0; i < size; i++) {
    defineMember(object, vocabulary.key(random), randomJson(random, depth - 1, vocabulary));
  }
  return object;
}

/**
 * Pieces of hostile text: path syntax, percent escapes (of dots and slashes too), dot segments,
 * prototype names, control characters, astral characters and lone surrogates.
 */
const HOSTILE_PIECES = [
  'a',
  'Z',
  '7',
  'p3f9',
  '-',
  '_',
  '.',
  '..',
  '...',
  '/',
  '//',
  '\\',
  '%',
  '%2e',
  '%2E',
  '%2e%2e',
  '%2F',
  '%2f',
  '%5C',
  '%25',
  '%00',
  '%zz',
  ' ',
  '?',
  '#',
  '&',
  '=',
  '+',
  ':',
  '@',
  ';',
  '~',
  '~0',
  '~1',
  '~2',
  "'",
  '"',
  '<>',
  '{}',
  '[]',
  'é',
  'ключ',
  '中文',
  '😀',
  '𝄞',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u2028',
  '\ufeff',
  '\u200d',
  '\n',
  '\t',
  '__proto__',
  'constructor',
  'prototype',
];

/** 0–`maxPieces` hostile pieces, now and then with an arbitrary UTF-16 code unit among them. */
export function hostileString(random: Random, maxPieces = 6): string {
  let text = '';
  for (let count = random.int(maxPieces + 1); count > 0; count--) {
    text += random.chance(0.1) ? String.fromCharCode(random.int(0x10000)) : random.pick(HOSTILE_PIECES);
  }
  return text;
}

/** Finite numbers JSON can carry that are easy to get wrong: -0, extremes, subnormals, unsafe integers. */
const HOSTILE_NUMBERS = [-0, 0, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER, 0.1, 1e21, 1e-7];

/** The plain vocabulary, with hostile strings for names and values, and hostile numbers. */
export const HOSTILE_VOCABULARY: Vocabulary = {
  key: (random) => (random.chance(0.5) ? randomKey(random) : hostileString(random)),
  primitive: (random) => {
    switch (random.int(4)) {
      case 0:
        return hostileString(random);
      case 1:
        return random.pick(HOSTILE_NUMBERS);
      default:
        return randomPrimitive(random);
    }
  },
};

/** Number literals JSON.parse accepts but that mean trouble: beyond a double, -0, underflow, 400 digits. */
const RAW_NUMBERS = [
  '1e400',
  '-1e400',
  '1E+400',
  '-0',
  '-0.0',
  '0e0',
  '1e-400',
  '-1e-400',
  '9'.repeat(400),
  `0.${'0'.repeat(400)}1`,
];

/**
 * JSON text of `value` with each string equal to `marker` written as one of RAW_NUMBERS instead,
 * for numbers that no JavaScript value stringifies to.
 */
export function jsonWithRawNumbers(random: Random, value: JsonValue, marker: string, space?: string | number): string {
  return JSON.stringify(value, null, space).replaceAll(JSON.stringify(marker), () => random.pick(RAW_NUMBERS));
}

/** Object members (with a trailing comma) that would set `polluted` on a prototype if parsed by assignment. */
export const PROTOTYPE_MEMBERS = [
  '"__proto__": {"polluted": true},',
  '"constructor": {"prototype": {"polluted": true}},',
  '"prototype": {"polluted": true},',
];

/** What gets into JSON text by accident or malice: comments, stray punctuation, bad escapes, prototype keys. */
const TEXT_SNIPPETS = [
  '//',
  '// comment\n',
  '/* comment */',
  '/*',
  '*/',
  ',',
  ',,',
  '}',
  ']',
  '{',
  '[',
  ':',
  '"',
  '\\',
  '\\u',
  '\\ud800',
  '\\x41',
  '\ud800',
  '\udc00',
  '😀',
  'null',
  'true',
  'tru',
  '-',
  '-0',
  '1e400',
  '-1e400',
  '0x10',
  'NaN',
  'Infinity',
  '01',
  '.5',
  '1.',
  ...PROTOTYPE_MEMBERS,
  '\n',
  ' ',
  '\t',
  '\u0000',
  '\ufeff',
  '\r\n',
];

/**
 * 1–3 text edits of `text`: deleted spans, inserted snippets or code units, a trailing comma before
 * a closing bracket, or truncation.
 */
export function mutateText(random: Random, text: string): string {
  let result = text;
  for (let count = 1 + random.int(3); count > 0; count--) {
    const at = random.int(result.length + 1);
    const kind = random.int(10);
    if (kind < 3) {
      result = result.slice(0, at) + result.slice(at + 1 + random.int(8));
    } else if (kind < 6) {
      result = result.slice(0, at) + random.pick(TEXT_SNIPPETS) + result.slice(at);
    } else if (kind < 7) {
      result = result.slice(0, at) + String.fromCharCode(random.int(0x10000)) + result.slice(at);
    } else if (kind < 9) {
      const closer = result.slice(at).search(/[}\]]/);
      const before = closer === -1 ? result.length : at + closer;
      result = `${result.slice(0, before)},${result.slice(before)}`;
    } else {
      result = result.slice(0, at);
    }
  }
  return result;
}

/** Text that is barely JSON, if at all: empty, stray values, hostile strings, random values whole or mangled. */
export function hostileJsonText(random: Random): string {
  switch (random.int(5)) {
    case 0:
      return random.pick([
        '',
        ' ',
        '\n',
        '\ufeff{}',
        '{}',
        '[]',
        '[{}]',
        '[',
        '[{',
        'null',
        '"{}"',
        '{"a":1}{"b":2}',
        '[1] x',
        '// only a comment',
      ]);
    case 1:
      return hostileString(random, 20);
    case 2:
      return JSON.stringify(randomJson(random, 3, HOSTILE_VOCABULARY));
    case 3:
      return mutateText(random, JSON.stringify(randomJson(random, 3, HOSTILE_VOCABULARY), null, 2));
    default:
      return `{${JSON.stringify(hostileString(random))}: [${JSON.stringify(hostileString(random))}]}`;
  }
}

/**
 * `inner` wrapped in `depth` arrays and objects (`[`, `{"k":`, picked at random); left unclosed
 * when `closed` is false.
 */
export function nestedJsonText(random: Random, depth: number, inner = '1', closed = true): string {
  const opens: string[] = [];
  const closes: string[] = [];
  for (let level = 0; level < depth; level++) {
    const array = random.chance(0.5);
    opens.push(array ? '[' : '{"k":');
    closes.push(array ? ']' : '}');
  }
  return opens.join('') + inner + (closed ? closes.reverse().join('') : '');
}

/** A deep copy that keeps `__proto__` as an own member, as JSON.parse does. */
export function cloneJson<T extends JsonValue>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

type Container = JsonObject | JsonValue[];

function containersOf(value: JsonValue): Container[] {
  const found: Container[] = [];
  const pending: JsonValue[] = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next === 'object' && next !== null) {
      found.push(next);
      pending.push(...Object.values(next));
    }
  }
  return found;
}

/** A value unlike `value` in kind: object ↔ array ↔ primitive. */
function changeType(random: Random, value: JsonValue, vocabulary: Vocabulary): JsonValue {
  if (Array.isArray(value)) {
    return random.chance(0.5)
      ? { ...Object.fromEntries(value.map((item, i) => [String(i), item])) }
      : vocabulary.primitive(random);
  }
  if (isJsonObject(value)) {
    return random.chance(0.5) ? Object.values(value) : vocabulary.primitive(random);
  }
  return random.chance(0.5) ? [value] : { value };
}

function positionIn(random: Random, length: number): number {
  return random.pick([0, length, random.int(length + 1)]);
}

function mutateArray(random: Random, array: JsonValue[], vocabulary: Vocabulary): void {
  const kind = random.int(5);
  if (kind === 0 || array.length === 0) {
    array.splice(positionIn(random, array.length), 0, randomJson(random, 2, vocabulary));
  } else if (kind === 1) {
    array.splice(Math.min(positionIn(random, array.length), array.length - 1), 1);
  } else if (kind === 2) {
    const [moved] = array.splice(random.int(array.length), 1);
    array.splice(positionIn(random, array.length), 0, moved!);
  } else {
    const index = random.int(array.length);
    array[index] = kind === 3 ? randomJson(random, 2, vocabulary) : changeType(random, array[index]!, vocabulary);
  }
}

function mutateObject(random: Random, object: JsonObject, vocabulary: Vocabulary): void {
  const keys = Object.keys(object);
  const kind = random.int(5);
  if (kind === 0 || keys.length === 0) {
    defineMember(object, vocabulary.key(random), randomJson(random, 2, vocabulary));
  } else if (kind === 1) {
    delete object[random.pick(keys)];
  } else {
    const key = random.pick(keys);
    const replacement =
      kind === 2
        ? vocabulary.primitive(random)
        : kind === 3
          ? randomJson(random, 2, vocabulary)
          : changeType(random, object[key]!, vocabulary);
    defineMember(object, key, replacement);
  }
}

/**
 * A copy of `base` with 1–4 random edits: leaf edits, added and removed members, array inserts,
 * removals and moves at the front, middle or end, subtree replacements and type changes; or, rarely,
 * a wholly different document.
 */
export function mutateJson(random: Random, base: JsonValue, vocabulary: Vocabulary = PLAIN_VOCABULARY): JsonValue {
  if (random.chance(0.03)) {
    return randomJson(random, 3, vocabulary);
  }
  const edited = cloneJson(base);
  const edits = 1 + random.int(4);
  for (let i = 0; i < edits; i++) {
    const containers = containersOf(edited);
    if (containers.length === 0) {
      return randomJson(random, 3, vocabulary);
    }
    const target = random.pick(containers);
    if (Array.isArray(target)) {
      mutateArray(random, target, vocabulary);
    } else {
      mutateObject(random, target, vocabulary);
    }
  }
  return edited;
}
