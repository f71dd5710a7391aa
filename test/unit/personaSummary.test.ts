import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { personaSummary } from '../../src/core/personaSummary';

describe('personaSummary', () => {
  it('lists the known facts in a fixed order', () => {
    const summary = personaSummary({
      updated_at: '2026-02-01T17:45:00Z',
      pipeline_mode: 'full',
      default_replica_id: 'r79e1c033f',
      layers: { llm: { model: 'tavus-gpt-oss', api_key: 'sk-secret' } },
      persona_name: 'Support',
      persona_id: 'p1234567',
    });
    assert.deepEqual(summary, {
      label: 'Support',
      facts: [
        ['ID', 'p1234567'],
        ['Model', 'tavus-gpt-oss'],
        ['Default replica', 'r79e1c033f'],
        ['Pipeline', 'full'],
        ['Updated', '2026-02-01T17:45:00Z'],
      ],
    });
  });

  it('reads PAL-era names', () => {
    assert.deepEqual(personaSummary({ pal_id: 'p9', pal_name: 'Pal', default_face_id: 'r1' }), {
      label: 'Pal',
      facts: [
        ['ID', 'p9'],
        ['Default replica', 'r1'],
      ],
    });
  });

  it('leaves out missing, empty, null and non-string values', () => {
    const summary = personaSummary({
      persona_id: 'p1',
      pipeline_mode: null,
      updated_at: '',
      default_replica_id: 12,
      layers: { llm: { model: ['not', 'a', 'string'] } },
    });
    assert.deepEqual(summary.facts, [['ID', 'p1']]);
  });

  it('copes with layers or llm that are not objects', () => {
    assert.deepEqual(personaSummary({ persona_id: 'p1', layers: 'none' }).facts, [['ID', 'p1']]);
    assert.deepEqual(personaSummary({ persona_id: 'p1', layers: { llm: null } }).facts, [['ID', 'p1']]);
    assert.deepEqual(personaSummary({ persona_id: 'p1', layers: [{ llm: { model: 'm' } }] }).facts, [['ID', 'p1']]);
  });

  it('shows no secrets', () => {
    const summary = personaSummary({
      persona_id: 'p1',
      layers: { llm: { api_key: 'sk-secret', headers: { Authorization: 'Bearer t' } } },
    });
    assert.doesNotMatch(JSON.stringify(summary), /sk-secret|Bearer/);
  });

  it('labels an empty persona', () => assert.deepEqual(personaSummary({}), { label: '(unnamed persona)', facts: [] }));
});
