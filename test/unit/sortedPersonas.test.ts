import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesFilter, sortByLabel, SortedPersonas } from '../../src/core/personaGroups';
import { createGeneratedPersonas } from '../server/generatedPersonas';

test('SortedPersonas keeps what matchesFilter keeps, in sortByLabel order, for every filter', () => {
  const personas = [
    ...createGeneratedPersonas(300, 7).reverse(),
    { persona_name: 'Über Coach' },
    { persona_id: 'pABCDEF', persona_name: 'no id match' },
    {},
  ];
  const sorted = new SortedPersonas(personas);
  for (const filter of ['', '  ', 'persona 0', 'PERSONA 01', 'abcdef', 'über', 'generated persona 2', 'nothing like it', 'p']) {
    assert.deepEqual(
      sorted.matching(filter),
      sortByLabel(personas.filter((p) => matchesFilter(p, filter))),
      `filter ${JSON.stringify(filter)}`,
    );
  }
});

test('SortedPersonas hands out a copy: a caller changing it does not change the next result', () => {
  const sorted = new SortedPersonas(createGeneratedPersonas(3, 1));
  sorted.matching('').pop();
  assert.equal(sorted.matching('').length, 3);
});
