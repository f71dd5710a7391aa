import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffJson, jsonEqual } from '../../src/core/diff';
import type { JsonValue, Persona } from '../../src/core/json';
import { applyOps } from '../../src/core/patchedCopy';
import { parsePatchFile } from '../../src/core/patchFile';
import { validatePatch } from '../../src/core/patchValidation';
import { getAtPointer, parsePointer, toPointer } from '../../src/core/pointer';

interface SuiteCase {
  comment?: string;
  doc?: JsonValue;
  patch?: JsonValue;
  expected?: JsonValue;
  error?: string;
  disabled?: boolean;
}

/** The fixtures sit beside the sources; the compiled test runs from out/test/unit. */
function suite(file: string): SuiteCase[] {
  const fixture = path.join(__dirname, '..', '..', '..', 'test', 'unit', 'fixtures', 'json-patch-tests', file);
  return JSON.parse(fs.readFileSync(fixture, 'utf8')) as SuiteCase[];
}

function title(entry: SuiteCase, index: number): string {
  return `#${index} ${entry.comment ?? entry.error ?? JSON.stringify(entry.patch).slice(0, 80)}`;
}

/**
 * Tavus-specific refusals the generic suite cannot know: an op other than `test` on the whole
 * document "" would replace the persona's server-owned fields, so the validator refuses it.
 */
function isWholeDocumentChange(patch: JsonValue | undefined): boolean {
  return (
    Array.isArray(patch) &&
    patch.some((op) => typeof op === 'object' && op !== null && !Array.isArray(op) && op.path === '' && op.op !== 'test')
  );
}

/** Whether the validator says the patch fails on the document: an error, or a test that would not pass. */
function judgedFailing(entry: SuiteCase): boolean {
  const parsed = parsePatchFile(`// tavus-persona: p1\n${JSON.stringify(entry.patch)}`);
  return validatePatch(parsed, entry.doc as Persona).some(
    (problem) => problem.severity === 'error' || problem.code === 'test-mismatch',
  );
}

for (const file of ['tests.json', 'spec_tests.json']) {
  describe(`json-patch-tests ${file} (issue 10, item 17)`, () => {
    suite(file).forEach((entry, index) => {
      if (entry.disabled || entry.doc === undefined || entry.patch === undefined) return;
      if (entry.expected !== undefined) {
        it(`${title(entry, index)}: doc → expected round-trips through the diff`, () => {
          const ops = diffJson(entry.doc!, entry.expected!);
          assert.ok(jsonEqual(applyOps(entry.doc!, ops), entry.expected!), JSON.stringify(ops));
        });
      }
      if (isWholeDocumentChange(entry.patch)) return;
      it(`${title(entry, index)}: the validator judges the patch ${entry.error === undefined ? 'valid' : 'failing'}`, () => {
        assert.equal(judgedFailing(entry), entry.error !== undefined);
      });
    });
  });
}

describe('RFC 6901 §5 examples (issue 10, item 17)', () => {
  const doc = JSON.parse(`{
    "foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4, "i\\\\j": 5, "k\\"l": 6, " ": 7, "m~n": 8
  }`) as JsonValue;
  const examples: Array<[string, JsonValue]> = [
    ['', doc],
    ['/foo', ['bar', 'baz']],
    ['/foo/0', 'bar'],
    ['/', 0],
    ['/a~1b', 1],
    ['/c%d', 2],
    ['/e^f', 3],
    ['/g|h', 4],
    ['/i\\j', 5],
    ['/k"l', 6],
    ['/ ', 7],
    ['/m~0n', 8],
  ];
  for (const [pointer, value] of examples) {
    it(`${JSON.stringify(pointer)} evaluates to ${JSON.stringify(value).slice(0, 40)} and round-trips`, () => {
      assert.deepEqual(getAtPointer(doc, pointer), { found: true, value });
      assert.equal(toPointer(parsePointer(pointer)), pointer);
    });
  }
});
