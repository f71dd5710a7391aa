import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isJsonObject, type Persona } from '../../src/core/json';
import { completionsAt } from '../../src/core/patchCompletion';
import { parsePatchFile, patchFileText, type Span } from '../../src/core/patchFile';
import { hoverAt } from '../../src/core/patchHover';
import { validatePatch } from '../../src/core/patchValidation';
import { buildPointerIndex, type PointerIndex } from '../../src/core/pointer';
import { createFixturePersonas } from '../server/fixtures';
import {
  assertNoPollution,
  eachCase,
  fuzzCases,
  fuzzSeed,
  HOSTILE_VOCABULARY,
  hostileJsonText,
  hostileString,
  mutateJson,
  mutateText,
  nestedJsonText,
  Random,
  randomJson,
} from './support/random';

const SEED = fuzzSeed(0x5eed_9a7c);
const CASES = 10_000;

interface Target {
  persona: Persona | undefined;
  /** Undefined makes completionsAt build its own, as it does before the editor has one. */
  index: PointerIndex | undefined;
}

/** Fixture personas, and copies of them with hostile member names and values, each with its pointer index. */
const TARGETS: Target[] = (() => {
  const random = new Random(SEED);
  const fixtures = createFixturePersonas()
    .slice(0, 12)
    .map((fixture) => fixture.persona);
  const hostile = fixtures.map((persona) => mutateJson(random, persona, HOSTILE_VOCABULARY)).filter(isJsonObject);
  return [...fixtures, ...hostile].map((persona) => ({ persona, index: buildPointerIndex(persona) }));
})();

const OP_NAMES: readonly unknown[] = [
  'add',
  'remove',
  'replace',
  'copy',
  'move',
  'test',
  'ADD',
  'delete',
  '',
  'add ',
  'patch',
  1,
  null,
  ['add'],
];
/** Pointer segments that are malformed (`~`, `~2`), special (`-`), not indices (`01`, `1e3`) or out of any range. */
const SEGMENTS = [
  '~',
  '~2',
  '~0',
  '~1',
  '~01',
  '-',
  '0',
  '01',
  '1e3',
  '99999999999999999999',
  String(2 ** 53),
  '',
  '__proto__',
  'constructor',
  'prototype',
  'layers',
  'llm',
  'tools',
];
const MEMBER_TYPOS = ['valeu', 'pth', 'opp', 'form', 'Value', '__proto__', 'constructor'];

function randomPointer(random: Random, index: PointerIndex | undefined): unknown {
  const roll = random.int(20);
  if (roll === 0) return random.pick([null, 7, [], {}, true]);
  if (roll < 9 && index !== undefined) {
    const { pointer } = random.pick(index.entries);
    return random.chance(0.3) ? `${pointer}/${random.pick(SEGMENTS)}` : pointer;
  }
  if (roll < 16) {
    return Array.from(
      { length: random.between(0, 4) },
      () => `/${random.chance(0.8) ? random.pick(SEGMENTS) : hostileString(random, 2)}`,
    ).join('');
  }
  return hostileString(random, 4);
}

/** An op as someone might write it: right, wrong in one member or several, or not an object at all. */
function randomOp(random: Random, index: PointerIndex | undefined): unknown {
  if (random.chance(0.04)) return random.pick([null, 1, 'op', [], [{ op: 'add' }]]);
  const op: Record<string, unknown> = {};
  const name = random.chance(0.85) ? random.pick(OP_NAMES.slice(0, 6)) : random.pick(OP_NAMES);
  const members: Array<[string, () => unknown, number]> = [
    ['op', () => name, 0.95],
    ['path', () => randomPointer(random, index), 0.9],
    ['from', () => randomPointer(random, index), name === 'copy' || name === 'move' ? 0.9 : 0.1],
    ['value', () => randomJson(random, random.int(4), HOSTILE_VOCABULARY), name === 'remove' ? 0.1 : 0.85],
    [random.pick(MEMBER_TYPOS), () => randomJson(random, 1), 0.08],
  ];
  for (const [member, value, probability] of random.chance(0.2) ? members.reverse() : members) {
    if (random.chance(probability)) Object.defineProperty(op, member, { value: value(), enumerable: true });
  }
  return op;
}

function header(random: Random, target: Target): string {
  const id = target.persona?.persona_id;
  switch (random.int(6)) {
    case 0:
      return '';
    case 1:
      return `// tavus-persona: ${hostileString(random, 3)}\n`;
    case 2:
      return `\ufeff// tavus-persona: ${String(id)}\r\n`;
    default:
      return `// tavus-persona: ${String(id)}\n`;
  }
}

/** Comments between ops and a trailing comma: still a readable patch file. */
function withJsoncExtras(random: Random, text: string): string {
  const commented = text.replace(/,\n/g, (comma) =>
    random.chance(0.3) ? ', // note\n' : random.chance(0.2) ? ', /* note */\n' : comma,
  );
  return commented.replace(/\}\n\]/, '},\n]');
}

interface PatchCase {
  kind: string;
  text: string;
  target: Target;
  offsets: number[];
}

/** Places where completion and hover do work: right after quotes, colons, slashes, commas and brackets. */
function interestingOffset(random: Random, text: string): number {
  const from = random.int(text.length + 1);
  const next = text.slice(from).search(/["/:,{[]/);
  return next === -1 ? text.length : Math.min(text.length, from + next + random.int(2));
}

function randomPatchCase(random: Random): PatchCase {
  const target: Target = random.chance(0.12) ? { persona: undefined, index: undefined } : random.pick(TARGETS);
  const ops = Array.from({ length: random.int(6) }, () => randomOp(random, target.index));
  const written = header(random, target) + JSON.stringify(ops, null, random.pick([2, 2, 0, '\t']));
  const roll = random.int(100);
  let kind: string;
  let text: string;
  if (roll < 35) [kind, text] = ['ops', written];
  else if (roll < 50) [kind, text] = ['ops with comments', withJsoncExtras(random, written)];
  else if (roll < 85) [kind, text] = ['mutated ops', mutateText(random, written)];
  else if (roll < 95) [kind, text] = ['hostile text', header(random, target) + hostileJsonText(random)];
  else {
    const depth = random.pick([50, 500, 501]); // deeper ones have tests of their own below
    const value = nestedJsonText(random, depth, random.pick(['1', '"x"', '{}']), random.chance(0.7));
    [kind, text] = [`${depth} levels deep`, `${header(random, target)}[{"op":"add","path":"/layers/deep","value":${value}}]`];
  }
  const offsets = [random.int(text.length + 1), interestingOffset(random, text)];
  const withoutIndex = target.index !== undefined && random.chance(0.15);
  return { kind, text, target: withoutIndex ? { ...target, index: undefined } : target, offsets };
}

function describePatchCase({ kind, text, target, offsets }: PatchCase): string {
  const persona =
    target.persona === undefined ? 'no persona' : `persona ${String(target.persona.persona_id ?? target.persona.pal_id)}`;
  const shown = text.length > 3000 ? `${JSON.stringify(text.slice(0, 3000))}… (${text.length} chars)` : JSON.stringify(text);
  return `${kind}, ${persona}${target.index === undefined ? ' without index' : ''}, offsets ${offsets.join(', ')}, text ${shown}`;
}

// ---- Invariants ----

function assertSpanIn(text: string, span: Span, what: string): void {
  assert.ok(
    Number.isInteger(span.offset) &&
      Number.isInteger(span.length) &&
      span.offset >= 0 &&
      span.length >= 0 &&
      span.offset + span.length <= text.length,
    `${what}: span ${JSON.stringify(span)} is outside the text (${text.length} chars)`,
  );
}

function assertMessage(message: unknown, what: string): void {
  assert.ok(typeof message === 'string' && /\w/.test(message), `${what} without a message: ${JSON.stringify(message)}`);
}

/** How often the checks found something to check, so the generator is seen to reach every feature. */
interface Reached {
  problems: number;
  completions: number;
  hovers: number;
}

function checkPatchCase(
  { text, target, offsets }: PatchCase,
  reached: Reached = { problems: 0, completions: 0, hovers: 0 },
): void {
  try {
    const parsed = parsePatchFile(text);
    for (const problem of parsed.problems) {
      assertMessage(problem.message, 'a syntax problem');
      assertSpanIn(text, problem, `syntax problem "${problem.message}"`);
    }
    for (const op of parsed.ops) assertSpanIn(text, op.span, `op ${op.index}`);

    const problems = validatePatch(parsed, target.persona);
    if (problems.length > 0) reached.problems++;
    for (const problem of problems) {
      assert.ok(problem.severity === 'error' || problem.severity === 'warning', `severity ${problem.severity}`);
      assertMessage(problem.message, `problem ${problem.code}`);
      assertSpanIn(text, problem.span, `problem ${problem.code}`);
      for (const fix of problem.fixes) {
        assertMessage(fix.title, `a fix of ${problem.code}`);
        for (const edit of fix.edits) assertSpanIn(text, edit.span, `fix "${fix.title}"`);
      }
    }

    for (const offset of offsets) {
      const candidates = completionsAt(text, offset, target.persona, target.index);
      if (candidates.length > 0) reached.completions++;
      for (const candidate of candidates) {
        assert.ok(
          typeof candidate.label === 'string' && candidate.label !== '',
          `a completion without a label: ${JSON.stringify(candidate)}`,
        );
        assert.equal(typeof candidate.insertText, 'string');
        assertSpanIn(text, candidate.span, `completion "${candidate.label}"`);
        // VS Code drops items whose range is not one line containing the cursor.
        const { offset: start, length } = candidate.span;
        assert.ok(
          start <= offset && offset <= start + length,
          `completion "${candidate.label}" replaces ${JSON.stringify(candidate.span)}, away from the cursor at ${offset}`,
        );
        assert.ok(
          !/[\r\n]/.test(text.slice(start, start + length)),
          `completion "${candidate.label}" replaces more than one line`,
        );
      }
      const hover = hoverAt(text, offset, target.persona);
      if (hover !== undefined) {
        reached.hovers++;
        assert.equal(typeof hover.pointer, 'string');
        assertMessage(hover.markdown, 'a hover');
        assertSpanIn(text, hover.span, 'the hover');
        // The value shown is cut after about 40 lines of 200 characters.
        assert.ok(hover.markdown.length <= 2 * hover.pointer.length + 20_000, `a hover of ${hover.markdown.length} characters`);
      }
    }
  } finally {
    assertNoPollution();
  }
}

describe('fuzz: patch files through parsePatchFile, validatePatch, completionsAt and hoverAt', () => {
  it(`${CASES} random patch files and offsets: no throw, every span inside the text (seed ${SEED})`, async () => {
    const kinds = new Set<string>();
    const reached: Reached = { problems: 0, completions: 0, hovers: 0 };
    await fuzzCases(
      SEED,
      CASES,
      randomPatchCase,
      (input) => {
        kinds.add(input.kind.replace(/^\d+ levels deep$/, 'deep'));
        checkPatchCase(input, reached);
      },
      describePatchCase,
    );
    assert.equal(kinds.size, 5, [...kinds].join(', '));
    assert.ok(
      reached.problems > CASES / 2 && reached.completions > CASES / 10 && reached.hovers > CASES / 20,
      JSON.stringify(reached),
    );
    assert.equal(Object.keys(Object.prototype).length, 0);
  });

  it('reads op arrays with 10,000 ops and values 10,000 levels deep, at every kind of offset', async () => {
    const target = TARGETS[0]!;
    const manyOps = patchFileText(
      'p1',
      Array.from({ length: 10_000 }, (_, i) => ({ op: 'replace' as const, path: `/document_ids/${i}`, value: i })),
    );
    const deepValue = (closed: boolean): string =>
      `[{"op":"add","path":"/layers/deep","value":${nestedJsonText(new Random(SEED), 10_000, '1', closed)}}]`;
    const deepArray = nestedJsonText(new Random(SEED + 1), 10_000, '{"op":"remove","path":"/context"}');
    const texts = [manyOps, deepValue(true), deepValue(false), deepArray];
    const cases = texts.map((text) => ({
      kind: 'large',
      text,
      target,
      offsets: [0, 40, Math.floor(text.length / 2), text.length],
    }));
    await eachCase(SEED, cases, (input) => checkPatchCase(input), describePatchCase);
  });

  it('reads op values 1,000 to 8,000 levels deep (where jsonValueOf runs out of stack before parseTree does)', async () => {
    const target = TARGETS[0]!;
    // The window depends on the stack left at the call and on the nesting, so both are varied;
    // for arrays alone, called from the top level, it is about 2,500–5,000 levels.
    const nestings = {
      arrays: (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`,
      objects: (depth: number) => `${'{"k":'.repeat(depth)}1${'}'.repeat(depth)}`,
      mixed: (depth: number) => nestedJsonText(new Random(depth), depth, '1'),
    };
    const cases = Object.entries(nestings).flatMap(([nesting, nested]) =>
      Array.from({ length: 15 }, (_, i) => 1_000 + 500 * i).map((depth) => {
        const text = `[{"op":"add","path":"/x","value":${nested(depth)}}]`;
        return { kind: `${depth} levels of ${nesting}`, text, target, offsets: [20, text.length - 1] };
      }),
    );
    await eachCase(SEED, cases, (input) => checkPatchCase(input), describePatchCase);
  });

  it('keeps every span inside text that ends in an unterminated comment', async () => {
    const cases = ['[{/*', '[/*', '[{"op":"add","path":"/x","value":[{]/*'].map((text) => ({
      kind: 'unterminated comment',
      text,
      target: TARGETS[0]!,
      offsets: [1, text.length],
    }));
    await eachCase(SEED, cases, (input) => checkPatchCase(input), describePatchCase);
  });

  it('never lets an op or its value reach a prototype', async () => {
    const pointers = [
      '/__proto__/polluted',
      '/constructor/prototype/polluted',
      '/prototype/polluted',
      '/__proto__',
      '/a/__proto__/polluted',
    ];
    const ops = pointers.flatMap((path) => [
      { op: 'add', path, value: true },
      { op: 'replace', path, value: { polluted: true } },
      { op: 'copy', from: '/persona_name', path },
      { op: 'move', from: path, path: '/x' },
    ]);
    const text = `// tavus-persona: p1\n${JSON.stringify(ops).replace('[{', '[{"__proto__": {"polluted": true}, ')}`;
    for (const target of [
      TARGETS[0]!,
      { persona: JSON.parse('{"a":{"__proto__":{}},"__proto__":{}}') as Persona, index: undefined },
    ]) {
      checkPatchCase({ kind: 'prototype pointers', text, target, offsets: [text.indexOf('polluted'), text.length] });
    }
  });
});
