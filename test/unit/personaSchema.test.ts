import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import type { JsonObject, Persona } from '../../src/core/json';
import { completionsAt } from '../../src/core/patchCompletion';
import { hoverAt } from '../../src/core/patchHover';
import { personaCompletionsAt, personaHoverAt, referenceKindAt } from '../../src/core/personaAssist';
import { formatPersona } from '../../src/core/personaDocument';
import { outlineJson } from '../../src/core/personaOutline';
import { PERSONA_FIELD_REFERENCE, knownField } from '../../src/core/personaRules';
import { personaJsonSchema } from '../../src/core/personaSchema';
import { countBySeverity, schemaProblems, type SchemaProblem } from '../../src/core/personaSchemaCheck';
import { parsePointer } from '../../src/core/pointer';
import type { ReferenceItem, ReferenceKind, ReferenceListing } from '../../src/tavus/api';
import { createFixturePersonas } from '../server/fixtures';
import { bigPersonaText } from './support/bigPersona';
import { Random } from './support/random';

function item(id: string, fields: Partial<ReferenceItem> = {}): ReferenceItem {
  return { id, tags: [], system: false, usable: true, ...fields };
}

const LISTS: Partial<Record<ReferenceKind, ReferenceListing>> = {
  replicas: {
    kind: 'replicas',
    skipped: [],
    items: [
      item('r90bbd427f71', { name: 'Anna', status: 'completed', system: true }),
      item('r7a1n1n9c0de', { name: 'Training Tess', status: 'started', usable: false }),
    ],
  },
  documents: {
    kind: 'documents',
    skipped: [],
    items: [
      item('d1', { name: 'Guide', status: 'ready', tags: ['onboarding', 'faq'] }),
      item('d2', { name: 'Draft', status: 'processing', usable: false, tags: ['faq'] }),
    ],
  },
};
const lookup = (kind: ReferenceKind) => LISTS[kind];

function problemsOf(persona: JsonObject, base?: Persona): SchemaProblem[] {
  return schemaProblems(JSON.stringify(persona, null, 2), { base, references: lookup });
}

function codes(problems: readonly SchemaProblem[]): string[] {
  return problems.map((problem) => `${problem.severity} ${problem.code} ${problem.pointer}`);
}

/** The schema node of a reference pointer: properties all the way down. */
function schemaAt(schema: JsonObject, pointer: string): JsonObject | undefined {
  let node: JsonObject | undefined = schema;
  for (const segment of parsePointer(pointer)) {
    node = (node?.properties as JsonObject | undefined)?.[segment] as JsonObject | undefined;
  }
  return node;
}

describe('personaJsonSchema', () => {
  const schema = personaJsonSchema();

  it('is a valid draft-07 JSON Schema that accepts every fixture persona', () => {
    const ajv = new Ajv({ strict: false });
    const validate = ajv.compile(schema);
    for (const { persona } of createFixturePersonas().slice(0, 20)) {
      const shown = persona.persona_name ?? persona.pal_name;
      const legacy = persona.persona_id === 'p7e11ab09c3f2';
      // The legacy sample still uses PlayHT, which the closed engine enum no longer allows.
      assert.equal(validate(persona), !legacy, `${String(shown)}: ${ajv.errorsText(validate.errors)}`);
    }
    assert.equal(validate({ layers: { tts: { tts_engine: 'azzure' } } }), false);
    assert.equal(validate({ layers: { llm: { model: 'my-own-model' } } }), true, 'model names are open');
  });

  it('has one node per reference field, agreeing on type, enum, deprecation and read-only', () => {
    for (const field of PERSONA_FIELD_REFERENCE) {
      const node = schemaAt(schema, field.pointer);
      assert.ok(node, field.pointer);
      assert.deepEqual([node.type].flat(), [...field.types], field.pointer);
      assert.ok(String(node.description).startsWith(field.description), field.pointer);
      assert.equal(node.deprecated === true, field.deprecated === true, field.pointer);
      assert.equal(node.readOnly === true, field.readOnly === true, field.pointer);
      if (field.closedEnum) {
        assert.deepEqual(
          (node.enum as unknown[]).filter((value) => value !== null),
          [...field.enum!],
        );
      } else if (field.enum) assert.deepEqual(node.examples, [...field.enum], field.pointer);
    }
  });

  it('says in the description what keywords cannot: secrets, renames, retired values', () => {
    assert.match(String(schemaAt(schema, '/layers/llm/api_key')?.description), /Secret/);
    assert.match(String(schemaAt(schema, '/layers/perception/perception_tools')?.description), /Renamed "visual_tools"/);
    assert.match(String(schemaAt(schema, '/layers/tts/tts_engine')?.description), /playht \(removed on 8 Jan 2026\)/);
  });
});

describe('schemaProblems: one rule at a time', () => {
  it('finds nothing in a clean persona', () => {
    const persona = { persona_name: 'A', layers: { tts: { tts_engine: 'cartesia' }, llm: { model: 'tavus-gpt-oss' } } };
    assert.deepEqual(problemsOf(persona), []);
  });

  it('warns about an unknown field, with a fix for a near miss', () => {
    const text = JSON.stringify({ layers: { tts: { tts_engnie: 'cartesia' } } }, null, 2);
    const [problem] = schemaProblems(text);
    assert.ok(problem);
    assert.equal(problem.code, 'unknown-field');
    assert.equal(problem.severity, 'warning');
    assert.match(problem.message, /Tavus may ignore it.*Did you mean "tts_engine"/);
    assert.equal(text.slice(problem.span.offset, problem.span.offset + problem.span.length), '"tts_engnie"');
    assert.deepEqual(problem.fixes[0]!.edits[0]!.newText, '"tts_engine"');
  });

  it('reports a wrong type as an error', () => {
    assert.deepEqual(codes(problemsOf({ system_prompt: 42 })), ['error wrong-type /system_prompt']);
    assert.deepEqual(codes(problemsOf({ document_ids: ['d1', 7] })), ['error wrong-type /document_ids/1']);
  });

  it('errs on a value outside a closed enum, offering the nearest value', () => {
    const [problem] = problemsOf({ layers: { tts: { tts_engine: 'elevenlab' } } });
    assert.ok(problem);
    assert.equal(problem.code, 'value-not-allowed');
    assert.equal(problem.severity, 'error');
    assert.equal(problem.fixes[0]!.edits[0]!.newText, '"elevenlabs"');
  });

  it('only warns about an unknown tavus-* model and accepts custom model names with a base_url', () => {
    assert.deepEqual(codes(problemsOf({ layers: { llm: { model: 'tavus-gpt-9' } } })), [
      'warning value-not-allowed /layers/llm/model',
    ]);
    assert.deepEqual(problemsOf({ layers: { llm: { model: 'mine', base_url: 'https://x.example/v1' } } }), []);
    assert.deepEqual(codes(problemsOf({ layers: { llm: { model: 'mine' } } })), [
      'warning custom-llm-needs-base-url /layers/llm/model',
    ]);
  });

  it('reports retired values: an error for a closed enum, a warning for an open one', () => {
    assert.deepEqual(codes(problemsOf({ layers: { tts: { tts_engine: 'playht' } } })), [
      'error retired-value /layers/tts/tts_engine',
    ]);
    assert.deepEqual(codes(problemsOf({ layers: { llm: { model: 'tavus-gpt-4o' } } })), [
      'warning retired-value /layers/llm/model',
    ]);
  });

  it('informs about deprecated and renamed fields, with a rename fix unless the new name is taken', () => {
    const renamed = problemsOf({ layers: { perception: { perception_tool_prompt: 'x' } } });
    assert.deepEqual(codes(renamed), ['information renamed-field /layers/perception/perception_tool_prompt']);
    assert.equal(renamed[0]!.fixes[0]!.edits[0]!.newText, '"visual_tool_prompt"');
    const taken = problemsOf({ layers: { perception: { perception_tool_prompt: 'x', visual_tool_prompt: 'y' } } });
    assert.deepEqual(taken[0]!.fixes, []);
    assert.deepEqual(codes(problemsOf({ context: 'old text' })), ['information deprecated-field /context']);
  });

  it('leaves deprecated fields alone while they hold the empty value Tavus returns for unset ones', () => {
    assert.deepEqual(problemsOf({ context: null, layers: { llm: { tools: [] } } }), []);
  });

  it('errs on tts_model_name with Azure', () => {
    assert.deepEqual(codes(problemsOf({ layers: { tts: { tts_engine: 'azure', tts_model_name: 'sonic-3' } } })), [
      'error forbidden-combination /layers/tts/tts_model_name',
    ]);
  });

  it('errs on server-owned fields that differ from Tavus’s copy, or are removed, with a restoring fix', () => {
    const base = { persona_id: 'p1', updated_at: 'u1', persona_name: 'A' };
    const edited = problemsOf({ persona_id: 'p1', updated_at: 'u2', persona_name: 'B' }, base);
    assert.deepEqual(codes(edited), ['error server-owned /updated_at']);
    assert.equal(edited[0]!.fixes[0]!.edits[0]!.newText, '"u1"');
    assert.deepEqual(codes(problemsOf({ persona_name: 'B', updated_at: 'u1' }, base)), ['error server-owned /persona_id']);
    assert.deepEqual(codes(problemsOf({ persona_id: 'p9' })), ['error server-owned /persona_id'], 'a draft may not set it');
  });

  it('checks ids against loaded lists: missing ones and unusable ones warn; unloaded lists are not checked', () => {
    const persona = { default_replica_id: 'r7a1n1n9c0de', document_ids: ['d1', 'dnope'], objectives_id: 'o-anything' };
    assert.deepEqual(codes(problemsOf(persona)), [
      'warning unusable-reference /default_replica_id',
      'warning unknown-reference /document_ids/1',
    ]);
  });

  it('limits guardrail_ids to 50', () => {
    const ids = Array.from({ length: 51 }, (_, i) => `g${i}`);
    assert.deepEqual(codes(problemsOf({ guardrail_ids: ids })), ['error too-many-items /guardrail_ids']);
  });

  it('gives one syntax problem for text that is not JSON, and one for a non-object', () => {
    assert.deepEqual(codes(schemaProblems('{ "persona_name": ')), ['error invalid-json ']);
    assert.deepEqual(codes(schemaProblems('[]')), ['error not-an-object ']);
  });

  it('counts problems by severity for the save preview', () => {
    const problems = problemsOf({ context: 'x', layers: { tts: { tts_engine: 'nope' }, llm: { model: 'tavus-x' } } });
    assert.deepEqual(countBySeverity(problems), { error: 1, warning: 1, information: 1 });
  });
});

describe('outlineJson', () => {
  it('agrees with JSON.parse on the values it reads, on seeded random fixture edits', () => {
    const random = new Random(20261130);
    const personas = createFixturePersonas().slice(0, 30);
    for (let round = 0; round < 60; round++) {
      const persona = random.pick(personas).persona;
      const text = random.chance(0.5) ? formatPersona(persona) : JSON.stringify(persona);
      const outline = outlineJson(text, () => true);
      assert.ok(outline.ok);
      const stack = [outline.root];
      for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
        const slice = JSON.parse(text.slice(node.span.offset, node.span.offset + node.span.length)) as unknown;
        if (node.value !== undefined) assert.deepEqual(slice, node.value);
        stack.push(...(node.children ?? []));
      }
    }
  });

  it('crosses a 5 MB tools array and still reads what follows it', () => {
    const text = bigPersonaText();
    const outline = outlineJson(text, (pointer) => pointer === '' || pointer === '/layers' || pointer === '/layers/tts');
    assert.ok(outline.ok);
    const tts = outline.root.children
      ?.find((member) => member.key === 'layers')
      ?.children?.find((member) => member.key === 'tts');
    assert.equal(tts?.children?.[0]!.value, 'cartesia');
  });

  it('reports where the text stops being JSON, brackets included', () => {
    for (const bad of ['{"a": [1, 2}', '{"a": "unterminated', '{"a": 1} x', '{"a" 1}', '{"a": 1,}']) {
      assert.equal(outlineJson(bad, () => true).ok, false, bad);
    }
    // A crossed container is only bracket-matched; saving still parses the whole text strictly.
    assert.equal(outlineJson('{"a": {"b" 1}}', (pointer) => pointer === '').ok, true);
    assert.equal(outlineJson('{"a": {"b": [1}}', (pointer) => pointer === '').ok, false);
  });
});

describe('personaCompletionsAt', () => {
  it('completes an enum value inside an unclosed string', () => {
    const text = '{\n  "layers": {\n    "perception": {\n      "perception_model": "';
    const candidates = personaCompletionsAt(text, text.length);
    assert.deepEqual(
      candidates.map((candidate) => candidate.insertText),
      ['"raven-1"', '"raven-0"', '"off"'],
    );
    assert.deepEqual(candidates[0]!.span, { offset: text.length - 1, length: 1 });
  });

  it('completes field names with their type, whether Tavus sets them, and a value placeholder', () => {
    const text = '{\n  "';
    const candidates = personaCompletionsAt(text, text.length);
    const updated = candidates.find((candidate) => candidate.label === 'updated_at');
    assert.match(updated!.detail, /set by Tavus/);
    const mode = candidates.find((candidate) => candidate.label === 'pipeline_mode');
    assert.equal(mode!.insertText, '"pipeline_mode": "${1|full,echo|}"');
    assert.ok(candidates.indexOf(candidates.find((c) => c.label === 'context')!) > candidates.indexOf(mode!), 'deprecated last');
  });

  it('inserts only the name when the member already has a colon', () => {
    const text = '{ "layers": { "tts": { "tts_eng": "cartesia" } } }';
    const offset = text.indexOf('tts_eng') + 3;
    const engine = personaCompletionsAt(text, offset).find((candidate) => candidate.label === 'tts_engine');
    assert.equal(engine!.insertText, '"tts_engine"');
    assert.equal(engine!.isSnippet, false);
  });

  it('offers whole layers as snippets with their common fields', () => {
    const text = '{ "layers": { ';
    const layer = personaCompletionsAt(text, text.length).find((candidate) => candidate.label === 'conversational_flow');
    assert.equal(layer!.kind, 'layer');
    assert.match(layer!.insertText, /"turn_detection_model": "\$\{1\|sparrow-1,/);
    assert.match(layer!.insertText, /"turn_taking_patience": "\$\{2\|medium,low,high\|\}"/);
  });

  it('offers usable replicas with name and status, and document tags from the documents list', () => {
    const text = '{ "default_replica_id": "';
    assert.equal(referenceKindAt(text, text.length), 'replicas');
    const replicas = personaCompletionsAt(text, text.length, lookup);
    assert.deepEqual(
      replicas.map((candidate) => [candidate.label, candidate.detail]),
      [['r90bbd427f71', 'Anna · completed · made by Tavus']],
    );
    const tags = '{ "document_tags": ["';
    assert.deepEqual(
      personaCompletionsAt(tags, tags.length, lookup).map((candidate) => candidate.label),
      ['onboarding', 'faq'],
    );
  });

  it('degrades to no live values when the list is not loaded (failed or not yet)', () => {
    const text = '{ "document_ids": ["';
    assert.deepEqual(
      personaCompletionsAt(text, text.length, () => undefined),
      [],
    );
  });
});

describe('personaHoverAt', () => {
  const text = JSON.stringify(
    { default_replica_id: 'r90bbd427f71', layers: { tts: { api_key: 'k', tts_engine: 'cartesia' } }, context: null },
    null,
    2,
  );
  const at = (needle: string) => personaHoverAt(text, text.indexOf(needle) + 2, lookup)!.markdown;

  it('shows meaning, type, allowed values and the default', () => {
    const markdown = at('"tts_engine"');
    assert.match(markdown, /\*\*`tts_engine`\*\* · string/);
    assert.match(markdown, /Allowed: `cartesia`, `elevenlabs`, `azure`/);
    assert.match(markdown, /No longer offered: `playht`/);
  });

  it('says a secret is a secret and a deprecated field what replaced it', () => {
    assert.match(at('"api_key"'), /secret: it is never logged/);
    assert.match(at('"context"'), /merged it into `system_prompt`/);
  });

  it('names the referenced item of an id', () => {
    assert.match(at('"r90bbd427f71"'), /Replica "Anna" \(r90bbd427f71\), completed, made by Tavus/);
  });
});

describe('patch files share the schema and live values', () => {
  const header = '// tavus-persona: p1\n';

  it('offers the engines for replace /layers/tts/tts_engine, without the removed one', () => {
    const text = `${header}[{ "op": "replace", "path": "/layers/tts/tts_engine", "value": "" }]`;
    const labels = completionsAt(text, text.lastIndexOf('""') + 1, undefined, undefined).map((candidate) => candidate.label);
    assert.deepEqual(labels, ['"cartesia"', '"elevenlabs"', '"azure"']);
  });

  it('offers usable documents for an add to /document_ids/-', () => {
    const text = `${header}[{ "op": "add", "path": "/document_ids/-", "value": "" }]`;
    const candidates = completionsAt(text, text.lastIndexOf('""') + 1, undefined, undefined, lookup);
    assert.deepEqual(
      candidates.map((candidate) => [candidate.label, candidate.detail]),
      [['"d1"', 'Guide · ready']],
    );
  });

  it('hovers an id value with the item, and a path with the schema description', () => {
    const text = `${header}[{ "op": "replace", "path": "/layers/llm/api_key", "value": "x" }, { "op": "replace", "path": "/default_replica_id", "value": "r90bbd427f71" }]`;
    assert.match(hoverAt(text, text.indexOf('r90bbd427f71'), undefined, lookup)!.markdown, /Replica "Anna"/);
    assert.match(hoverAt(text, text.indexOf('/layers/llm/api_key'), undefined)!.markdown, /Secret: never logged/);
  });
});

describe('the field reference', () => {
  it('keeps retired values out of the enums it offers', () => {
    for (const field of PERSONA_FIELD_REFERENCE) {
      for (const retired of Object.keys(field.retiredValues ?? {})) assert.ok(!field.enum?.includes(retired), field.pointer);
    }
    assert.equal(knownField('/layers/tts/tts_engine')?.closedEnum, true);
  });
});
