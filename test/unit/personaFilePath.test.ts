import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { personaFilePathProblem } from '../../src/core/personaFilePath';

describe('personaFilePathProblem', () => {
  for (const path of ['sales.persona.json', 'personas/sales.persona.json', ' nested/dir/Clinic Intake.persona.json ']) {
    it(`accepts ${JSON.stringify(path)}`, () => assert.equal(personaFilePathProblem(path), undefined));
  }
  for (const path of ['sales.json', '.persona.json', 'dir/.persona.json', 'sales.persona.json.bak']) {
    it(`asks for the suffix in ${JSON.stringify(path)}`, () => assert.match(personaFilePathProblem(path)!, /must end with/));
  }
  for (const path of [
    '/etc/a.persona.json',
    '\\a.persona.json',
    'C:/a.persona.json',
    '../a.persona.json',
    'x/../../a.persona.json',
  ]) {
    it(`keeps ${JSON.stringify(path)} out: not inside the folder`, () =>
      assert.match(personaFilePathProblem(path)!, /inside the workspace folder/));
  }
});
