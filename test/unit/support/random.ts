import { defineMember, isJsonObject, JsonObject, JsonValue } from '../../../src/core/json';

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
    return items[this.int(items.length)];
  }
}

/** Keys that stress escaping, prototype names and unicode, mixed with ordinary ones. */
const KEYS = [
  'a', 'b', 'c', 'name', 'model', 'tools', 'x', 'y', '0', '1', '',
  'a/b', 'm~n', '~1', '~0', '/', '~', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype',
  'ключ', '😀', 'é', 'with space',
];
const STRINGS = ['', 'a', 'b', 'hello', 'Привет', '😀 emoji', 'tab\tnew\nline', '"quoted"', '~0/~1', 'a'.repeat(70)];
const NUMBERS = [0, 1, -1, 2, 0.5, -3.25, 1e21, 123456789, 7];

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

export function randomJson(random: Random, depth = 3): JsonValue {
  if (depth === 0 || random.chance(0.3)) {
    return randomPrimitive(random);
  }
  const size = random.int(6);
  if (random.chance(0.5)) {
    return Array.from({ length: size }, () => randomJson(random, depth - 1));
  }
  const object: JsonObject = {};
  for (let i = 0; i < size; i++) {
    defineMember(object, randomKey(random), randomJson(random, depth - 1));
  }
  return object;
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
function changeType(random: Random, value: JsonValue): JsonValue {
  if (Array.isArray(value)) {
    return random.chance(0.5) ? { ...Object.fromEntries(value.map((item, i) => [String(i), item])) } : randomPrimitive(random);
  }
  if (isJsonObject(value)) {
    return random.chance(0.5) ? Object.values(value) : randomPrimitive(random);
  }
  return random.chance(0.5) ? [value] : { value };
}

function positionIn(random: Random, length: number): number {
  return random.pick([0, length, random.int(length + 1)]);
}

function mutateArray(random: Random, array: JsonValue[]): void {
  const kind = random.int(5);
  if (kind === 0 || array.length === 0) {
    array.splice(positionIn(random, array.length), 0, randomJson(random, 2));
  } else if (kind === 1) {
    array.splice(Math.min(positionIn(random, array.length), array.length - 1), 1);
  } else if (kind === 2) {
    const [moved] = array.splice(random.int(array.length), 1);
    array.splice(positionIn(random, array.length), 0, moved);
  } else {
    const index = random.int(array.length);
    array[index] = kind === 3 ? randomJson(random, 2) : changeType(random, array[index]);
  }
}

function mutateObject(random: Random, object: JsonObject): void {
  const keys = Object.keys(object);
  const kind = random.int(5);
  if (kind === 0 || keys.length === 0) {
    defineMember(object, randomKey(random), randomJson(random, 2));
  } else if (kind === 1) {
    delete object[random.pick(keys)];
  } else {
    const key = random.pick(keys);
    const replacement = kind === 2 ? randomPrimitive(random) : kind === 3 ? randomJson(random, 2) : changeType(random, object[key]);
    defineMember(object, key, replacement);
  }
}

/**
 * A copy of `base` with 1–4 random edits: leaf edits, added and removed members, array inserts,
 * removals and moves at the front, middle or end, subtree replacements and type changes; or, rarely,
 * a wholly different document.
 */
export function mutateJson(random: Random, base: JsonValue): JsonValue {
  if (random.chance(0.03)) {
    return randomJson(random);
  }
  const edited = cloneJson(base);
  const edits = 1 + random.int(4);
  for (let i = 0; i < edits; i++) {
    const containers = containersOf(edited);
    if (containers.length === 0) {
      return randomJson(random);
    }
    const target = random.pick(containers);
    if (Array.isArray(target)) {
      mutateArray(random, target);
    } else {
      mutateObject(random, target);
    }
  }
  return edited;
}
