import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Persona } from '../../src/core/json';
import { groupPersonas, matchesFilter, sortByLabel } from '../../src/core/personaGroups';

function persona(id: string | undefined, name: string, extra: Persona = {}): Persona {
  return { ...(id === undefined ? {} : { persona_id: id }), persona_name: name, ...extra };
}

const names = (personas: readonly Persona[]): unknown[] => personas.map((p) => p.persona_name);

describe('groupPersonas', () => {
  const mine1 = persona('p1', 'Mine one');
  const mine2 = persona('p2', 'Mine two');
  const stockA = persona('s1', 'Stock A');
  const stockB = persona('s2', 'Stock B');

  it('splits by the system listing and puts every persona in exactly one group', () => {
    const groups = groupPersonas([mine1, stockA, mine2, stockB], [stockA, stockB]);
    assert.deepEqual(names(groups.mine), ['Mine one', 'Mine two']);
    assert.deepEqual(names(groups.stock), ['Stock A', 'Stock B']);
  });

  it('matches system listing entries by id, not by object identity', () => {
    const groups = groupPersonas([mine1, { ...stockA }], [stockA]);
    assert.deepEqual(names(groups.stock), ['Stock A']);
    assert.deepEqual(names(groups.mine), ['Mine one']);
  });

  it('treats persona_type "system" as stock even when the system listing misses it', () => {
    const groups = groupPersonas([mine1, persona('s3', 'Typed stock', { persona_type: 'system' })], []);
    assert.deepEqual(names(groups.stock), ['Typed stock']);
    assert.deepEqual(names(groups.mine), ['Mine one']);
  });

  it('keeps persona_type "user" and untyped personas as the user\'s', () => {
    const groups = groupPersonas([persona('p3', 'Typed user', { persona_type: 'user' }), mine1], []);
    assert.deepEqual(names(groups.mine), ['Typed user', 'Mine one']);
    assert.deepEqual(groups.stock, []);
  });

  it('shows personas that only the system listing returned under stock', () => {
    const groups = groupPersonas([mine1], [stockA]);
    assert.deepEqual(names(groups.stock), ['Stock A']);
    assert.deepEqual(names(groups.mine), ['Mine one']);
  });

  it('matches PAL-era pal_id against persona_id', () => {
    const groups = groupPersonas([{ pal_id: 's1', pal_name: 'PAL stock' }], [stockA]);
    assert.deepEqual(groups.stock, [{ pal_id: 's1', pal_name: 'PAL stock' }]);
    assert.deepEqual(groups.mine, []);
  });

  it('lists a persona repeated in the full listing once', () => {
    const groups = groupPersonas([mine1, { ...mine1 }, stockA, stockA], [stockA, stockA]);
    assert.equal(groups.mine.length + groups.stock.length, 2);
  });

  it("keeps every persona without an id, each once, as the user's", () => {
    const a = persona(undefined, 'No id A');
    const b = persona(undefined, 'No id B');
    const groups = groupPersonas([a, mine1, b], []);
    assert.deepEqual(names(groups.mine), ['No id A', 'Mine one', 'No id B']);
    assert.deepEqual(groups.stock, []);
  });

  it('does not move id-less personas into stock because the system listing has one without an id', () => {
    const stockWithoutId = persona(undefined, 'Stock no id');
    const userWithoutId = persona(undefined, 'User no id');
    const groups = groupPersonas([userWithoutId, stockWithoutId], [stockWithoutId]);
    assert.deepEqual(names(groups.mine), ['User no id']);
    assert.deepEqual(names(groups.stock), ['Stock no id']);
  });

  it('handles empty listings', () => assert.deepEqual(groupPersonas([], []), { mine: [], stock: [] }));
});

describe('matchesFilter', () => {
  const support = persona('pAbC123', 'Customer Support');

  it('matches everything with an empty or blank filter', () => {
    assert.equal(matchesFilter(support, ''), true);
    assert.equal(matchesFilter(support, '   \t'), true);
    assert.equal(matchesFilter({}, ''), true);
  });
  it('matches part of the name, ignoring case', () => {
    assert.equal(matchesFilter(support, 'support'), true);
    assert.equal(matchesFilter(support, 'MER SUP'), true);
  });
  it('matches part of the id, ignoring case', () => {
    assert.equal(matchesFilter(support, 'abc12'), true);
    assert.equal(matchesFilter(support, 'PABC123'), true);
  });
  it('ignores surrounding whitespace in the filter', () => assert.equal(matchesFilter(support, '  support \n'), true));
  it('matches the PAL-era pal_name and pal_id', () => {
    const pal = { pal_id: 'p77', pal_name: 'Receptionist' };
    assert.equal(matchesFilter(pal, 'recep'), true);
    assert.equal(matchesFilter(pal, 'P77'), true);
  });
  it('rejects what neither the name nor the id contains', () => {
    assert.equal(matchesFilter(support, 'sales'), false);
    assert.equal(matchesFilter(support, 'support x'), false);
    assert.equal(matchesFilter({}, 'x'), false);
  });
  it('does not match other fields', () => {
    assert.equal(matchesFilter(persona('p1', 'Name', { system_prompt: 'secret plan', default_replica_id: 'r9' }), 'plan'), false);
  });
});

describe('sortByLabel', () => {
  it('sorts by label without changing the input', () => {
    const input = [persona('p1', 'charlie'), persona('p2', 'Alpha'), { pal_id: 'p3', pal_name: 'bravo' }, persona('p4', '')];
    const sorted = sortByLabel(input);
    assert.deepEqual(
      sorted.map((p) => p.persona_name ?? p.pal_name),
      ['Alpha', 'bravo', 'charlie', ''],
    );
    assert.deepEqual(names(input), ['charlie', 'Alpha', undefined, '']);
  });
  it('keeps the original order for equal labels', () => {
    const sorted = sortByLabel([persona('p1', 'Same'), persona('p2', 'Same'), persona('p0', 'Same')]);
    assert.deepEqual(
      sorted.map((p) => p.persona_id),
      ['p1', 'p2', 'p0'],
    );
  });
});
