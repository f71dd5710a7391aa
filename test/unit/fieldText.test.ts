import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getNodePath, parseTree, type Node } from 'jsonc-parser';
import {
  isLongText,
  LONG_STRING,
  MAX_LENSES,
  patchFileTextValues,
  personaTextFields,
  stringLiteralAt,
} from '../../src/core/fieldLenses';
import {
  fieldDocumentPath,
  fieldLanguage,
  fieldLocationFromPath,
  fieldName,
  fieldPreviewTexts,
  fieldTextProblem,
  hasLoneSurrogate,
  jsonStringLiteral,
  lineBreakKind,
  planFieldSave,
  textStats,
  tokenLevel,
  editsField,
  type FieldLocation,
} from '../../src/core/fieldText';
import type { Persona } from '../../src/core/json';
import { parsePatchFile, toPatchOp } from '../../src/core/patchFile';
import { parsePointer, toPointer } from '../../src/core/pointer';
import { fuzzCases, fuzzSeed, randomJson, randomPrimitive, type Random, type Vocabulary } from './support/random';

const SEED = fuzzSeed(1313);

describe('field document paths', () => {
  const cases: Array<[FieldLocation, string]> = [
    [{ owner: { kind: 'persona', id: 'p123' }, pointer: '/system_prompt' }, 'Sales Coach — system_prompt.md'],
    [
      { owner: { kind: 'persona', id: 'p1' }, pointer: '/layers/llm/tools/0/description' },
      'Sales Coach — layers.llm.tools.0.description.txt',
    ],
    [{ owner: { kind: 'persona', id: 'a/b%c' }, pointer: '/a~1b/c~0d' }, 'Sales Coach — a-b.c~d.txt'],
    [{ owner: { kind: 'patchFile', file: 'file:///w/x.tavus-patch.json' }, pointer: '/3/value' }, 'Sales Coach — 3.value.txt'],
  ];
  for (const [location, name] of cases) {
    it(`${location.pointer} of ${JSON.stringify(location.owner)} round-trips and is named ${name}`, () => {
      const path = fieldDocumentPath(location, 'Sales Coach', name.endsWith('.md') ? 'md' : 'txt');
      assert.ok(path.endsWith(`/${name}`), path);
      assert.deepEqual(fieldLocationFromPath(path), location);
    });
  }

  it('round-trips random pointers and ids', async () => {
    await fuzzCases(
      SEED,
      2000,
      (random) => ({
        owner: random.chance(0.5)
          ? ({ kind: 'persona', id: randomText(random, 12) || 'p' } as const)
          : ({ kind: 'patchFile', file: `file:///${randomText(random, 20)}` } as const),
        pointer: toPointer(Array.from({ length: random.between(1, 5) }, () => randomText(random, 8))),
      }),
      (location) => {
        const path = fieldDocumentPath(location, randomLabel(location.pointer), 'txt');
        assert.deepEqual(fieldLocationFromPath(path), location);
      },
    );
  });

  it('rejects paths that are not field documents', () => {
    for (const path of [
      '/persona/p1/x.json',
      '/field/p1/x.md',
      '/field/p1/%2Fa~2/x.md',
      '/field/p1//x.md',
      '/other/p/%2Fa/x.md',
    ]) {
      assert.equal(fieldLocationFromPath(path), undefined, path);
    }
  });

  it('names a field by its unescaped segments', () => {
    assert.equal(fieldName('/system_prompt'), 'system_prompt');
    assert.equal(
      fieldName('/layers/perception/perception_tools/1/description'),
      'layers.perception.perception_tools.1.description',
    );
  });
});

describe('text ↔ JSON string', () => {
  it('round-trips 5,000 random strings through the JSON sent, the patch file and the text document', async () => {
    await fuzzCases(
      SEED,
      5000,
      (random) => randomField(random),
      (text) => {
        const literal = jsonStringLiteral(text);
        assert.equal(JSON.parse(literal), text, 'the JSON string literal');
        const plan = planFieldSave({ persona_id: 'p', system_prompt: `old ${text}` }, '/system_prompt', text);
        assert.equal(plan.kind, 'changes');
        if (plan.kind !== 'changes') return;
        assert.deepEqual(JSON.parse(JSON.stringify(plan.ops)), [{ op: 'replace', path: '/system_prompt', value: text }]);
        assert.equal(plan.edited.system_prompt, text);
        const patchText = `// tavus-persona: p\n[\n  { "op": "replace", "path": "/context", "value": ${literal} }\n]\n`;
        const parsed = parsePatchFile(patchText);
        assert.equal(toPatchOp(parsed.ops[0]!)?.value, text, 'the patch file value');
        const span = stringLiteralAt(patchText, ['0', 'value']);
        assert.equal(span && patchText.slice(span.offset, span.offset + span.length), literal);
        // What a text document can hold unchanged (UTF-8 bytes, one kind of line break) is exactly what may open as text.
        const survivesUtf8 = new TextDecoder().decode(Buffer.from(text)) === text;
        assert.equal(survivesUtf8, !hasLoneSurrogate(text) && !text.startsWith('\uFEFF'));
        const representable = survivesUtf8 && ['none', 'lf', 'crlf'].includes(lineBreakKind(text));
        assert.equal(fieldTextProblem(text) === undefined, representable);
      },
      (text) => JSON.stringify(text),
    );
  });

  it('names why a string cannot be edited as text', () => {
    assert.match(fieldTextProblem('a\uD800b') ?? '', /lone surrogate/);
    assert.match(fieldTextProblem('\uDC00') ?? '', /lone surrogate/);
    assert.equal(fieldTextProblem('😀\r\nb\r\n'), undefined);
    assert.match(fieldTextProblem('a\r\nb\nc') ?? '', /mixes kinds of line break/);
    assert.match(fieldTextProblem('a\rb\nc') ?? '', /mixes/);
    assert.match(fieldTextProblem('a\rb') ?? '', /CR alone/);
    assert.match(fieldTextProblem('\uFEFFhello') ?? '', /byte-order mark/);
    assert.deepEqual(['', 'a\nb\n', 'a\r\nb', 'a\rb', 'a\r\n\nb'].map(lineBreakKind), ['none', 'lf', 'crlf', 'cr', 'mixed']);
  });
});

describe('planFieldSave', () => {
  const origin: Persona = { persona_id: 'p', updated_at: 'u', system_prompt: 'Be kind.', layers: { llm: { model: 'm' } } };

  it('sends exactly one replace of the pointer', () => {
    const plan = planFieldSave(origin, '/system_prompt', 'Be kind.\r\n\tAnd brief.\n');
    assert.equal(plan.kind, 'changes');
    assert.deepEqual(plan.kind === 'changes' && plan.ops, [
      { op: 'replace', path: '/system_prompt', value: 'Be kind.\r\n\tAnd brief.\n' },
    ]);
    assert.equal(origin.system_prompt, 'Be kind.', 'the origin is not changed');
  });

  it('sends nothing when the text is the value', () => {
    assert.deepEqual(planFieldSave(origin, '/system_prompt', 'Be kind.'), { kind: 'noChanges' });
  });

  it('refuses fields Tavus sets and fields that are no longer text', () => {
    assert.match(JSON.stringify(planFieldSave(origin, '/persona_id', 'q')), /set by Tavus/);
    assert.match(JSON.stringify(planFieldSave(origin, '/layers/llm', 'x')), /no longer has a text at \/layers\/llm/);
    assert.match(JSON.stringify(planFieldSave(origin, '/context', 'x')), /no longer has a text/);
  });

  it('previews the field alone, old and new', () => {
    const plan = planFieldSave(origin, '/system_prompt', 'Be brief.');
    assert.ok(plan.kind === 'changes');
    assert.deepEqual(fieldPreviewTexts(origin, plan.edited, '/system_prompt'), {
      serverText: 'Be kind.',
      proposedText: 'Be brief.',
    });
  });

  it('tells whether a persona document edited the field', () => {
    assert.equal(editsField(origin, { ...origin, context: 'new' }, '/system_prompt'), false);
    assert.equal(editsField(origin, { ...origin, system_prompt: 'new' }, '/system_prompt'), true);
    assert.equal(editsField(origin, { persona_id: 'p' }, '/system_prompt'), true);
  });
});

describe('field languages, sizes and lenses', () => {
  it('maps pointers to languages, with * for one segment', () => {
    const languages = { '/system_prompt': 'markdown', '/layers/llm/tools/*/description': 'markdown' };
    assert.equal(fieldLanguage('/system_prompt', languages), 'markdown');
    assert.equal(fieldLanguage('/layers/llm/tools/3/description', languages), 'markdown');
    assert.equal(fieldLanguage('/layers/llm/tools/3/name', languages), 'plaintext');
    assert.equal(fieldLanguage('/greeting', languages), 'plaintext');
  });

  it('counts characters (not UTF-16 units), words and approximate tokens', () => {
    assert.deepEqual(textStats(''), { characters: 0, words: 0, tokens: 0 });
    assert.deepEqual(textStats('Hello, world 😀\n'), { characters: 15, words: 3, tokens: 4 });
    for (const text of ['  a\u00a0b\u3000c\t\n d ', '\ufeffx y', 'one\u2028two three\u200b']) {
      assert.equal(textStats(text).words, text.match(/\S+/g)?.length ?? 0, JSON.stringify(text));
    }
    assert.equal(tokenLevel(5000, { warnTokens: 5000, maxTokens: 32000 }), 'ok');
    assert.equal(tokenLevel(5001, { warnTokens: 5000, maxTokens: 32000 }), 'warning');
    assert.equal(tokenLevel(32001, { warnTokens: 5000, maxTokens: 32000 }), 'over');
  });

  it('puts lenses on the prompt fields and on long or multi-line strings', () => {
    const long = 'x'.repeat(201);
    const text = JSON.stringify(
      {
        persona_id: 'p',
        system_prompt: 'short',
        context: '',
        greeting: 'Hi',
        persona_name: long,
        layers: { llm: { tools: [{ description: 'a\nb' }] } },
        tags: [long],
      },
      null,
      2,
    );
    const spots = personaTextFields(text);
    assert.deepEqual(
      spots.map((spot) => spot.pointer),
      ['/system_prompt', '/context', '/greeting', '/persona_name', '/layers/llm/tools/0/description', '/tags/0'],
    );
    assert.ok(text.startsWith('"system_prompt"', spots[0]!.offset));
    assert.ok(text.startsWith(`"${long}"`, spots[5]!.offset));
  });

  it('finds the same spots as a jsonc-parser tree does, in any persona-like text (seeded property)', async () => {
    const vocabulary: Vocabulary = {
      key: (random) => random.pick(['system_prompt', 'context', 'greeting', 'name', 'value', 'a"b', 'é\\n', '~1/x']),
      primitive: (random) =>
        random.chance(0.3)
          ? random.pick(['x'.repeat(201), 'y'.repeat(200), 'a\nb', 'q"\\'.repeat(60), '\u2028'.repeat(201)])
          : randomPrimitive(random),
    };
    await fuzzCases(
      fuzzSeed(19_0303),
      2_000,
      (random) => {
        const value = randomJson(random, 5, vocabulary);
        const text = JSON.stringify(value, null, random.pick([0, 2, '\t']));
        // Half the texts are cut short, as while typing: both must agree on what comes before the cut.
        return random.chance(0.5) ? text : text.slice(0, random.int(text.length + 1));
      },
      (text) => {
        const expected = treeSpots(text);
        // Rare at this size; the cap has its own test.
        if (expected.length > MAX_LENSES) return;
        const actual = personaTextFields(text);
        if (isComplete(text)) assert.deepEqual(actual, expected);
        else assert.deepEqual(actual, expected.slice(0, actual.length), "a prefix of the tree's spots");
      },
      (text) => JSON.stringify(text.slice(0, 300)),
    );
  });

  it("keeps only the prompt fields' lenses when a document has more long strings than the workbench draws quickly", () => {
    const tools = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ description: `${i} ${'d'.repeat(LONG_STRING)}` }));
    const persona = (count: number) =>
      JSON.stringify({ system_prompt: 'Be brief.', layers: { llm: { tools: tools(count) } } }, null, 2);
    assert.equal(personaTextFields(persona(MAX_LENSES - 1)).length, MAX_LENSES);
    assert.deepEqual(
      personaTextFields(persona(MAX_LENSES)).map((spot) => spot.pointer),
      ['/system_prompt'],
    );
    const ops = (count: number) =>
      JSON.stringify(tools(count).map((tool, i) => ({ op: 'add', path: `/x${i}`, value: tool.description })));
    assert.equal(patchFileTextValues(ops(MAX_LENSES)).length, MAX_LENSES);
    assert.deepEqual(patchFileTextValues(ops(MAX_LENSES + 1)), []);
  });

  it('puts lenses on the long values of a patch file only', () => {
    const text = `// tavus-persona: p\n[\n  {"op": "replace", "path": "/system_prompt", "value": "a\\nb"},\n  {"op": "replace", "path": "/context", "value": "short"},\n  {"op": "add", "path": "/x", "value": {"value": "a\\nb"}}\n]\n`;
    assert.deepEqual(
      patchFileTextValues(text).map((spot) => spot.pointer),
      ['/0/value'],
    );
  });
});

function randomField(random: Random): string {
  const pieces = [
    '\r\n',
    '\n',
    '\r',
    '\t',
    '"',
    '\\',
    '\u0000',
    '\u001f',
    '\u2028',
    '😀',
    '\uD83D',
    '\uDE00',
    'é',
    ' ',
    'Be kind.',
    '\uFEFF',
    '/',
    '~',
  ];
  let text = '';
  const length = random.between(0, 40);
  for (let i = 0; i < length; i++) {
    text += random.chance(0.5) ? random.pick(pieces) : String.fromCharCode(random.int(0x10000));
  }
  return text;
}

function randomText(random: Random, max: number): string {
  const pieces = ['/', '~', '%', ' ', '.', 'a', 'é', '😀', '#', '?', '0', '~1', '\\'];
  return Array.from({ length: random.between(0, max) }, () => random.pick(pieces)).join('');
}

function randomLabel(pointer: string): string {
  return parsePointer(pointer).join(' ');
}

const ALWAYS_TEXT = new Set(['/system_prompt', '/context', '/greeting']);

/** The reference: every string value of a jsonc-parser tree, with its path. */
function treeSpots(text: string): { pointer: string; offset: number }[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const spots: { pointer: string; offset: number }[] = [];
  const visit = (node: Node) => {
    const isValue = node.parent?.type !== 'property' || node.parent.children?.[1] === node;
    if (node.type === 'string' && typeof node.value === 'string' && isValue) {
      const pointer = toPointer(getNodePath(node).map(String));
      if (ALWAYS_TEXT.has(pointer) || isLongText(node.value)) {
        spots.push({ pointer, offset: node.parent?.type === 'property' ? node.parent.offset : node.offset });
      }
    }
    node.children?.forEach(visit);
  };
  if (root) visit(root);
  return spots;
}

function isComplete(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
