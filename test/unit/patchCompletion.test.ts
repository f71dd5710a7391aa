import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Persona } from '../../src/core/json';
import { completionsAt, type CompletionCandidate } from '../../src/core/patchCompletion';
import { personaId } from '../../src/core/personaRules';
import { buildPointerIndex } from '../../src/core/pointer';
import { createFixturePersonas, FIXTURE_IDS } from '../server/fixtures';
import { bigPersonaText } from './support/bigPersona';

const HEADER = '// tavus-persona: p3a9c1e07b2d4\n';

function fixture(id: string): Persona {
  return createFixturePersonas().find((entry) => personaId(entry.persona) === id)!.persona;
}

const onboarding = fixture(FIXTURE_IDS.onboarding);
const onboardingIndex = buildPointerIndex(onboarding);

/** No persona: the target could not be fetched. */
const UNKNOWN = 'unknown';

/** Candidates at the `|` in `marked` (which is removed), with the text without the marker. */
function complete(
  marked: string,
  target: Persona | typeof UNKNOWN = onboarding,
): { text: string; candidates: CompletionCandidate[] } {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const persona = target === UNKNOWN ? undefined : target;
  const index = persona === onboarding ? onboardingIndex : persona && buildPointerIndex(persona);
  return { text, candidates: completionsAt(text, offset, persona, index) };
}

function labels(marked: string, target?: Persona | typeof UNKNOWN): string[] {
  return complete(marked, target).candidates.map((candidate) => candidate.label);
}

function accept(text: string, candidate: CompletionCandidate): string {
  return text.slice(0, candidate.span.offset) + candidate.insertText + text.slice(candidate.span.offset + candidate.span.length);
}

describe('completionsAt: path and from', () => {
  it('offers the top-level members for an empty path', () => {
    const { candidates } = complete(`${HEADER}[{ "op": "replace", "path": "|" }]`);
    assert.deepEqual(
      candidates.map((candidate) => candidate.label),
      Object.keys(onboarding).map((key) => `/${key}`),
    );
    const layers = candidates.find((candidate) => candidate.label === '/layers')!;
    assert.deepEqual([layers.kind, layers.detail, layers.documentation], ['pointer', 'object', '{…} 5 keys']);
  });
  it('narrows one segment at a time', () => {
    assert.deepEqual(labels(`${HEADER}[{ "op": "replace", "path": "/lay|" }]`), ['/layers']);
    assert.deepEqual(labels(`${HEADER}[{ "op": "replace", "path": "/layers/|" }]`), [
      '/layers/llm',
      '/layers/tts',
      '/layers/perception',
      '/layers/stt',
      '/layers/conversational_flow',
    ]);
    assert.deepEqual(labels(`${HEADER}[{ "op": "replace", "path": "/layers/llm/mo|" }]`), ['/layers/llm/model']);
    const model = complete(`${HEADER}[{ "op": "replace", "path": "/layers/llm/mo|" }]`).candidates[0]!;
    assert.deepEqual([model.detail, model.documentation], ['string', '"tavus-gpt-oss"']);
  });
  it('narrows loosely, ignoring case and gaps, as the editor filters', () => {
    assert.deepEqual(labels(`${HEADER}[{ "op": "replace", "path": "/layers/tts/ENGINE|" }]`), ['/layers/tts/tts_engine']);
  });
  it('replaces the whole pointer in the string, wherever the cursor is in it', () => {
    const { text, candidates } = complete(`${HEADER}[{ "op": "replace", "path": "/layers/l|lm/model" }]`);
    const llm = candidates.find((candidate) => candidate.label === '/layers/llm')!;
    assert.equal(text.slice(llm.span.offset, llm.span.offset + llm.span.length), '/layers/llm/model');
    assert.equal(accept(text, llm), `${HEADER}[{ "op": "replace", "path": "/layers/llm" }]`);
  });
  it('works in an unclosed string and with syntax errors elsewhere', () => {
    const { text, candidates } = complete(`${HEADER}[\n  { "op": "add" "path": "/a" },\n  { "op": "replace", "path": "/lay|\n]`);
    assert.deepEqual(
      candidates.map((candidate) => candidate.label),
      ['/layers'],
    );
    assert.equal(text.slice(candidates[0]!.span.offset, candidates[0]!.span.offset + candidates[0]!.span.length), '/lay');
    assert.deepEqual(labels(`${HEADER}[{ "op": "remove", "path": "/persona_n|`), ['/persona_name']);
  });
  it('inserts a quoted pointer where no string is started', () => {
    const { text, candidates } = complete(`${HEADER}[{ "op": "remove", "path": | }]`);
    const name = candidates.find((candidate) => candidate.label === '/persona_name')!;
    assert.equal(accept(text, name), `${HEADER}[{ "op": "remove", "path": "/persona_name" }]`);
  });
  it('offers array indices, and "/-" only where the op adds', () => {
    assert.deepEqual(labels(`${HEADER}[{ "op": "remove", "path": "/layers/perception/visual_awareness_queries/|" }]`), [
      '/layers/perception/visual_awareness_queries/0',
    ]);
    assert.deepEqual(labels(`${HEADER}[{ "op": "add", "path": "/document_ids/|" }]`), ['/document_ids/0', '/document_ids/-']);
    assert.deepEqual(labels(`${HEADER}[{ "op": "move", "from": "/x", "path": "/document_ids/|" }]`), [
      '/document_ids/0',
      '/document_ids/-',
    ]);
    assert.deepEqual(labels(`${HEADER}[{ "op": "move", "from": "/document_ids/|", "path": "/x" }]`), ['/document_ids/0']);
    assert.deepEqual(labels(`${HEADER}[{ "path": "/document_ids/|" }]`), ['/document_ids/0']);
  });
  it('offers known fields the persona lacks only where the op adds', () => {
    const echo = fixture(FIXTURE_IDS.echo);
    const addable = complete(`${HEADER}[{ "op": "add", "path": "/layers/|" }]`, echo).candidates;
    const flow = addable.find((candidate) => candidate.label === '/layers/conversational_flow')!;
    assert.equal(flow.kind, 'pointer');
    assert.equal(flow.detail, 'object');
    assert.ok(flow.documentation!.length > 0);
    assert.deepEqual(labels(`${HEADER}[{ "op": "replace", "path": "/layers/|" }]`, echo), []);
    const sales = fixture(FIXTURE_IDS.salesCoach);
    sales.layers = { conversational_flow: { turn_detection_model: 'sparrow-1' } };
    const missing = labels(`${HEADER}[{ "op": "add", "path": "/layers/conversational_flow/|" }]`, sales);
    assert.equal(missing[0], '/layers/conversational_flow/turn_detection_model');
    assert.ok(missing.includes('/layers/conversational_flow/turn_taking_patience'));
    assert.ok(!missing.slice(1).includes('/layers/conversational_flow/turn_detection_model'));
    const topLevel = labels(`${HEADER}[{ "op": "add", "path": "/|" }]`);
    assert.equal(topLevel.filter((label) => label === '/persona_name').length, 1, 'existing keys appear once');
    assert.ok(topLevel.includes('/greeting'));
    assert.ok(!topLevel.includes('/pal_id'), 'server-owned fields cannot be added');
  });
  it('offers the known fields when the persona is unknown', () => {
    const offered = labels(`${HEADER}[{ "op": "replace", "path": "/layers/llm/|" }]`, UNKNOWN);
    assert.ok(offered.includes('/layers/llm/model') && offered.includes('/layers/llm/speculative_inference'));
  });
  it('escapes keys with "~" and "/" and narrows by the escaped form', () => {
    const escaped = fixture(FIXTURE_IDS.escaped);
    assert.deepEqual(labels(`${HEADER}[{ "op": "remove", "path": "/layers/llm/headers/|" }]`, escaped), [
      '/layers/llm/headers/a~1b',
      '/layers/llm/headers/m~0n',
      '/layers/llm/headers/~01',
      '/layers/llm/headers/X-Team',
    ]);
    assert.deepEqual(labels(`${HEADER}[{ "op": "remove", "path": "/layers/llm/extra_body/route~1~00/|" }]`, escaped), [
      '/layers/llm/extra_body/route~1~00/nested',
    ]);
    assert.deepEqual(labels(`${HEADER}[{ "op": "remove", "path": "/layers/llm/headers/m~0|" }]`, escaped), [
      '/layers/llm/headers/m~0n',
    ]);
  });
  it('JSON-escapes what it inserts into the string', () => {
    const persona: Persona = { 'say "hi"': 1 };
    const { text, candidates } = complete(`${HEADER}[{ "op": "remove", "path": "/|" }]`, persona);
    assert.equal(candidates[0]!.label, '/say "hi"');
    assert.equal(accept(text, candidates[0]!), `${HEADER}[{ "op": "remove", "path": "/say \\"hi\\"" }]`);
  });
  it('sorts in document order, numbers included', () => {
    const persona: Persona = { list: Array.from({ length: 12 }, (_, i) => i) };
    const candidates = complete(`${HEADER}[{ "op": "remove", "path": "/list/|" }]`, persona).candidates;
    const sorted = [...candidates].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    assert.deepEqual(sorted.map((candidate) => candidate.label).slice(9, 12), ['/list/9', '/list/10', '/list/11']);
  });
  it('offers only the children of what is typed in a big persona', () => {
    const big = JSON.parse(bigPersonaText()) as Persona;
    const index = buildPointerIndex(big);
    const text = `${HEADER}[{ "op": "add", "path": "/layers/llm/tools/1234/function/|" }]`;
    const offset = text.indexOf('|');
    const found = completionsAt(text.replace('|', ''), offset, big, index).map((candidate) => candidate.label);
    assert.deepEqual(found, [
      '/layers/llm/tools/1234/function/name',
      '/layers/llm/tools/1234/function/description',
      '/layers/llm/tools/1234/function/parameters',
    ]);
    const toolsText = text.replace('1234/function/|', '');
    const tools = completionsAt(toolsText, toolsText.indexOf('tools/') + 6, big, index).map((candidate) => candidate.label);
    assert.equal(tools.length, 201, 'the first 200 items and "-"');
    assert.deepEqual([tools[0], tools[199], tools[200]], ['/layers/llm/tools/0', '/layers/llm/tools/199', '/layers/llm/tools/-']);
    const typedText = text.replace('1234/function/|', '234');
    const typedIndex = completionsAt(typedText, typedText.indexOf('234') + 3, big, index).map((candidate) => candidate.label);
    assert.equal(typedIndex[0], '/layers/llm/tools/234');
    assert.ok(typedIndex.includes('/layers/llm/tools/1234'));
  });
  it('builds the index itself when given none', () => {
    const text = `${HEADER}[{ "op": "remove", "path": "/lay" }]`;
    assert.deepEqual(
      completionsAt(text, text.indexOf('/lay') + 4, onboarding, undefined).map((candidate) => candidate.label),
      ['/layers'],
    );
  });
});

describe('completionsAt: op', () => {
  it('offers the six ops inside the op string, replacing it', () => {
    const { text, candidates } = complete(`${HEADER}[{ "op": "rep|", "path": "/a" }]`);
    assert.deepEqual(
      candidates.map((candidate) => candidate.label),
      ['add', 'remove', 'replace', 'copy', 'move', 'test'],
    );
    assert.ok(candidates.every((candidate) => candidate.kind === 'op' && candidate.detail));
    assert.equal(accept(text, candidates[2]!), `${HEADER}[{ "op": "replace", "path": "/a" }]`);
  });
  it('quotes the op where no string is started', () => {
    const { text, candidates } = complete(`${HEADER}[{ "op": | }]`);
    assert.equal(accept(text, candidates[0]!), `${HEADER}[{ "op": "add" }]`);
  });
});

describe('completionsAt: value', () => {
  it('offers the current value for replace and test', () => {
    const { text, candidates } = complete(`${HEADER}[{ "op": "test", "path": "/layers/llm/extra_body", "value": | }]`);
    assert.equal(candidates[0]!.insertText, '{"temperature":0.4,"top_p":0.9}');
    assert.deepEqual([candidates[0]!.kind, candidates[0]!.detail], ['value', 'current value']);
    assert.equal(
      accept(text, candidates[0]!),
      `${HEADER}[{ "op": "test", "path": "/layers/llm/extra_body", "value": {"temperature":0.4,"top_p":0.9} }]`,
    );
  });
  it('replaces a scalar value already written and adds the known values of the field', () => {
    const { text, candidates } = complete(`${HEADER}[{ "op": "replace", "path": "/pipeline_mode", "value": "ec|" }]`);
    assert.deepEqual(
      candidates.map((candidate) => [candidate.label, candidate.detail]),
      [
        ['"full"', 'current value'],
        ['"echo"', 'known value'],
      ],
    );
    assert.equal(accept(text, candidates[1]!), `${HEADER}[{ "op": "replace", "path": "/pipeline_mode", "value": "echo" }]`);
  });
  it('offers known values but no current value for add, and nothing inside a container value', () => {
    assert.deepEqual(labels(`${HEADER}[{ "op": "add", "path": "/pipeline_mode", "value": | }]`), ['"full"', '"echo"']);
    assert.deepEqual(labels(`${HEADER}[{ "op": "replace", "path": "/context", "value": | }]`, UNKNOWN), []);
    assert.deepEqual(labels(`${HEADER}[{ "op": "replace", "path": "/layers", "value": {|} }]`), []);
    assert.deepEqual(labels(`${HEADER}[{ "op": "replace", "path": "/nothing", "value": | }]`), []);
  });
});

describe('completionsAt: new ops', () => {
  it('offers op snippets between ops, adding the commas needed', () => {
    const { text, candidates } = complete(`${HEADER}[\n  { "op": "remove", "path": "/context" }\n  |\n]`);
    assert.deepEqual(
      candidates.map((candidate) => candidate.label),
      ['op', 'add op', 'remove op', 'replace op', 'copy op', 'move op', 'test op'],
    );
    assert.ok(candidates.every((candidate) => candidate.kind === 'snippet' && candidate.isSnippet));
    assert.equal(candidates[0]!.insertText, ', { "op": "${1|add,remove,replace,copy,move,test|}", "path": "$2", "value": $3 }');
    assert.equal(candidates[5]!.insertText, ', { "op": "move", "from": "$1", "path": "$2" }');
    assert.equal(candidates[0]!.span.offset, text.indexOf('\n]'));
    const before = complete(`${HEADER}[ | { "op": "remove", "path": "/context" } ]`).candidates;
    assert.equal(before[2]!.insertText, '{ "op": "remove", "path": "$1" },');
    assert.equal(complete(`${HEADER}[|]`).candidates[1]!.insertText, '{ "op": "add", "path": "$1", "value": $2 }');
  });
  it('offers nothing on keys, after the array or in the header', () => {
    assert.deepEqual(labels(`${HEADER}[{ "pa|": 1 }]`), []);
    assert.deepEqual(labels(`${HEADER}[]\n|`), []);
    assert.deepEqual(labels(`// tavus-persona: |\n[]`), []);
  });
});
