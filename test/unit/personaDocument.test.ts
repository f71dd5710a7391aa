import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Persona } from '../../src/core/json';
import { formatPersona, personaDocumentPath, personaIdFromDocumentPath } from '../../src/core/personaDocument';

/** The file name part of a persona document path. */
function fileName(id: string, label: string): string {
  const path = personaDocumentPath(id, label);
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Whether the text has a UTF-16 surrogate without its partner, which URI encoding rejects. */
function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

describe('personaDocumentPath and personaIdFromDocumentPath', () => {
  for (const id of [
    'p1234567',
    'a/b',
    '/leading',
    'trailing/',
    '50%',
    '%2F',
    'with space',
    'ü-日本-🎉',
    '..',
    '.',
    'a?b#c',
    '~0~1',
    'x'.repeat(300),
  ]) {
    it(`round-trips the id ${JSON.stringify(id.length > 40 ? `${id.slice(0, 10)}…` : id)}`, () => {
      const path = personaDocumentPath(id, 'Some name');
      assert.match(path, /^\/persona\/[^/]+\/[^/]+$/, 'the id and the name below /persona');
      assert.equal(personaIdFromDocumentPath(path), id);
    });
  }

  it('puts the readable name in the file name', () =>
    assert.equal(personaDocumentPath('p1', 'Customer Support'), '/persona/p1/Customer Support.json'));

  it('replaces characters that are not allowed in file names', () => {
    assert.equal(fileName('p1', 'a/b\\c:d*e?f"g<h>i|j'), 'a-b-c-d-e-f-g-h-i-j.json');
  });

  it('replaces control characters and collapses whitespace', () => {
    assert.equal(fileName('p1', 'tab\there\r\nnull\u0000del\u007f c1\u0085 end'), 'tab-here--null-del- c1- end.json');
    assert.equal(fileName('p1', '  many   spaces\u00a0 here  '), 'many spaces here.json');
  });

  it('uses the id when the name leaves nothing', () => {
    assert.equal(fileName('p1', ''), 'p1.json');
    assert.equal(fileName('p1', ' \u00a0  '), 'p1.json');
  });

  it('shortens very long names to 80 characters', () => {
    assert.equal(fileName('p1', 'x'.repeat(500)), `${'x'.repeat(80)}.json`);
  });

  it('never cuts a character in half when shortening', () => {
    for (const label of ['🎉'.repeat(100), `a${'🎉'.repeat(100)}`]) {
      const name = fileName('p1', label);
      assert.equal(hasLoneSurrogate(name), false, name);
      assert.doesNotThrow(() => encodeURIComponent(name));
      assert.ok(name.length <= 80 + '.json'.length);
    }
  });

  it('replaces lone surrogates in the name', () => {
    const name = fileName('p1', 'bad \ud800 name');
    assert.equal(hasLoneSurrogate(name), false);
    assert.doesNotThrow(() => encodeURIComponent(name));
  });

  it('finds the id whatever the name became', () => {
    assert.equal(personaIdFromDocumentPath(personaDocumentPath('a/b', 'x/y\\z')), 'a/b');
    assert.equal(personaIdFromDocumentPath('/persona/p1/Renamed since.json'), 'p1');
  });

  for (const path of [
    '',
    '/',
    '/p1',
    'p1/name.json',
    '//name.json',
    '/p1/sub/name.json',
    '/%E0%A4%A/name.json',
    '/%/name.json',
  ]) {
    it(`rejects ${JSON.stringify(path)}`, () => assert.equal(personaIdFromDocumentPath(path), undefined));
  }
});

describe('formatPersona', () => {
  it('pretty-prints with two spaces and ends with a newline', () => {
    assert.equal(
      formatPersona({ a: 1, b: [true, null], c: {} }),
      '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ],\n  "c": {}\n}\n',
    );
  });

  it('keeps the server key order', () => {
    const persona: Persona = { z: 1, persona_id: 'p1', a: { y: 2, b: 3 } };
    const text = formatPersona(persona);
    assert.ok(text.indexOf('"z"') < text.indexOf('"persona_id"'));
    assert.ok(text.indexOf('"y"') < text.indexOf('"b"'));
    assert.deepEqual(Object.keys(JSON.parse(text)), ['z', 'persona_id', 'a']);
  });

  it('round-trips through JSON.parse, including unicode and escapes', () => {
    const persona: Persona = { persona_name: 'ü 日本 🎉 "quoted" \\ \n', n: -1.5e-7, nothing: null };
    assert.deepEqual(JSON.parse(formatPersona(persona)), persona);
  });

  it('keeps an own __proto__ member', () => {
    const persona = JSON.parse('{"persona_id": "p1", "__proto__": {"x": 1}}') as Persona;
    const text = formatPersona(persona);
    assert.match(text, /"__proto__": \{\n {4}"x": 1\n {2}\}/);
    const reparsed = JSON.parse(text) as Persona;
    assert.equal(Object.hasOwn(reparsed, '__proto__'), true);
  });
});
