import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Persona } from '../../src/core/json';
import { hoverAt } from '../../src/core/patchHover';
import { knownField, personaId } from '../../src/core/personaRules';
import { createFixturePersonas, FIXTURE_IDS } from '../server/fixtures';
import { bigPersonaText } from './support/bigPersona';

const HEADER = '// tavus-persona: p3a9c1e07b2d4\n';

function fixture(id: string): Persona {
  return createFixturePersonas().find((entry) => personaId(entry.persona) === id)!.persona;
}

const onboarding = fixture(FIXTURE_IDS.onboarding);

/** The hover at the `|` in `marked`, which is removed. */
function hover(marked: string, persona: Persona | undefined) {
  const offset = marked.indexOf('|');
  return hoverAt(marked.slice(0, offset) + marked.slice(offset + 1), offset, persona);
}

describe('hoverAt', () => {
  it('shows the current value at a path, pretty, with the field description', () => {
    const marked = `${HEADER}[{ "op": "replace", "path": "/layers/llm/extra|_body", "value": {} }]`;
    const info = hover(marked, onboarding)!;
    assert.equal(info.pointer, '/layers/llm/extra_body');
    assert.deepEqual(info.span, { offset: marked.indexOf('"/layers'), length: '"/layers/llm/extra_body"'.length });
    assert.equal(
      info.markdown,
      `**\`/layers/llm/extra_body\`**\n\n${knownField('/layers/llm/extra_body')!.description}\n\n\`\`\`json\n{\n  "temperature": 0.4,\n  "top_p": 0.9\n}\n\`\`\``,
    );
  });
  it('works on from, on unknown fields and on escaped keys', () => {
    const info = hover(`${HEADER}[{ "op": "copy", "from": "/document_i|ds", "path": "/x" }]`, onboarding)!;
    assert.match(info.markdown, /```json\n\[\n {2}"d1a2b3c4d5e6"\n\]\n```/);
    const escaped = fixture(FIXTURE_IDS.escaped);
    const header = hover(`${HEADER}[{ "op": "remove", "path": "/layers/llm/headers/a~1|b" }]`, escaped)!;
    assert.equal(header.markdown, '**`/layers/llm/headers/a~1b`**\n\n```json\n"slash"\n```');
  });
  it('says when the pointer is not in the persona', () => {
    const info = hover(`${HEADER}[{ "op": "add", "path": "/layers/llm/nope|" }]`, onboarding)!;
    assert.equal(info.markdown, '**`/layers/llm/nope`**\n\nNot in the persona.');
    const known = hover(`${HEADER}[{ "op": "add", "path": "/greeting|" }]`, onboarding)!;
    assert.match(known.markdown, /Greeting spoken at the start of a conversation\.\n\nNot in the persona\./);
    const end = hover(`${HEADER}[{ "op": "add", "path": "/document_ids/-|" }]`, onboarding)!;
    assert.match(end.markdown, /The end of an array of 1 item: `add` appends here\./);
  });
  it('explains a malformed pointer', () => {
    assert.match(hover(`${HEADER}[{ "op": "add", "path": "/a~2|" }]`, onboarding)!.markdown, /"~" must be followed by 0 or 1/);
    assert.match(hover(`${HEADER}[{ "op": "add", "path": "a|" }]`, onboarding)!.markdown, /must be empty or start with "\/"/);
  });
  it('without a persona, describes known fields only', () => {
    assert.match(
      hover(`${HEADER}[{ "op": "add", "path": "/greeting|" }]`, undefined)?.markdown ?? '',
      /^\*\*`\/greeting`\*\*\n\nGreeting spoken/,
    );
    assert.equal(hover(`${HEADER}[{ "op": "add", "path": "/whatever|" }]`, undefined), undefined);
  });
  it('cuts long values after 40 lines and long lines', () => {
    const big = JSON.parse(bigPersonaText()) as Persona;
    const info = hover(`${HEADER}[{ "op": "test", "path": "/la|yers" }]`, big)!;
    const code = info.markdown.slice(info.markdown.indexOf('```json\n') + 8, info.markdown.lastIndexOf('\n```'));
    const lines = code.split('\n');
    assert.equal(lines.length, 41);
    assert.equal(lines[40], '…');
    assert.deepEqual(lines.slice(0, 3), ['{', '  "llm": {', '    "model": "my-llm",']);
    assert.ok(lines.every((line) => line.length <= 200));
    const prompt = hover(`${HEADER}[{ "op": "test", "path": "/system_pr|ompt" }]`, big)!.markdown;
    assert.match(prompt, /```json\n"Be helpful\. Be helpful\.[^\n]*…\n```$/);
  });
  it('shows the whole value when it fits, with empty containers inline', () => {
    const persona: Persona = { a: { list: [], map: {}, n: null, nested: [[1]] } };
    assert.equal(
      hover(`${HEADER}[{ "op": "test", "path": "/a|" }]`, persona)!.markdown,
      `**\`/a\`**\n\n\`\`\`json\n${JSON.stringify(persona.a, null, 2)}\n\`\`\``,
    );
  });
  it('is undefined away from path and from strings', () => {
    for (const marked of [
      `${HEADER}[{ "op": "re|place", "path": "/a" }]`,
      `${HEADER}[{ "op": "replace", "pa|th": "/a" }]`,
      `${HEADER}[{ "op": "replace", "path": "/a", "value": "/persona|_name" }]`,
      `${HEADER}[{ "op": "replace", "path": 1|2 }]`,
      `${HEADER}[ | ]`,
      `// tavus-persona: p3a9|\n[]`,
    ]) {
      assert.equal(hover(marked, onboarding), undefined, marked);
    }
  });
  it('puts a pointer with backticks in a code span that holds it', () => {
    const persona: Persona = { 'a`b': 1 };
    assert.match(hover(`${HEADER}[{ "op": "test", "path": "/a\`|b" }]`, persona)!.markdown, /^\*\*``\/a`b``\*\*/);
  });
});
