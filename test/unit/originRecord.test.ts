import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Persona } from '../../src/core/json';
import { isRecordedOrigin, MAX_RECORDED_ORIGIN_CHARS, originRecord, restoreOrigin } from '../../src/core/originRecord';

const KEY = 'sk-live-0123456789abcdef';
const BEARER = 'Bearer tok-9f8e7d6c';

function origin(): Persona {
  return {
    persona_id: 'p1',
    persona_name: 'Origin',
    system_prompt: 'Be kind.',
    layers: { llm: { model: 'my-llm', api_key: KEY, headers: { Authorization: BEARER } } },
    updated_at: '2026-01-01T00:00:00Z',
  };
}

describe('originRecord', () => {
  it('never holds a secret value, only its hash', () => {
    const text = JSON.stringify(originRecord(origin()));
    assert.ok(!text.includes(KEY) && !text.includes(BEARER), text);
    assert.match(text, /Be kind\./);
  });

  it('recognises exactly the origin it was made from', () => {
    const record = originRecord(origin());
    assert.ok(isRecordedOrigin(record, origin()));
    assert.ok(!isRecordedOrigin(record, { ...origin(), system_prompt: 'Be brief.' }));
    assert.ok(!isRecordedOrigin(record, { ...origin(), updated_at: '2026-01-02T00:00:00Z' }));
  });

  it('keeps only the fingerprint of an origin too large for workspace storage', () => {
    const big = { ...origin(), system_prompt: 'x'.repeat(MAX_RECORDED_ORIGIN_CHARS) };
    const record = originRecord(big);
    assert.equal(record.json, undefined);
    assert.ok(isRecordedOrigin(record, big));
  });
});

describe('restoreOrigin', () => {
  it('is the current copy when Tavus still holds the origin', () => {
    const current = origin();
    assert.equal(restoreOrigin(originRecord(origin()), current, {}), current);
  });

  it('rebuilds a moved origin, taking its secrets from the current copy where they still match', () => {
    const current = { ...origin(), context: 'Changed elsewhere', updated_at: '2026-02-01T00:00:00Z' };
    assert.deepEqual(restoreOrigin(originRecord(origin()), current, {}), origin());
  });

  it('takes a secret from the edited document when Tavus now holds another one', () => {
    const current = origin();
    (current.layers as { llm: { api_key: string } }).llm.api_key = 'sk-rotated-elsewhere';
    current.updated_at = '2026-02-01T00:00:00Z';
    assert.deepEqual(restoreOrigin(originRecord(origin()), current, origin()), origin());
  });

  it('cannot establish an origin whose secret neither side still holds', () => {
    const rotated = origin();
    (rotated.layers as { llm: { api_key: string } }).llm.api_key = 'sk-rotated-elsewhere';
    rotated.updated_at = '2026-02-01T00:00:00Z';
    assert.equal(restoreOrigin(originRecord(origin()), rotated, rotated), undefined);
  });

  it('cannot establish a moved origin that was remembered by fingerprint only', () => {
    const big = { ...origin(), system_prompt: 'x'.repeat(MAX_RECORDED_ORIGIN_CHARS) };
    assert.equal(restoreOrigin(originRecord(big), { ...big, updated_at: 'later' }, big), undefined);
  });
});
