import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { entryPatchFileText, historyEntry, type HistoryEntry } from '../../src/core/historyEntry';
import { historyAccount, historyFileName, parseHistory, rotateHistory, serializeHistory } from '../../src/core/historyFile';
import type { Persona } from '../../src/core/json';
import { REDACTED } from '../../src/core/redact';

const SECRETS = ['sk-llm-secret-1111', 'Bearer hdr-secret-2222', 'sk-tts-secret-3333'] as const;

const before: Persona = {
  persona_id: 'p1',
  persona_name: 'Support',
  updated_at: '2026-01-01T00:00:00Z',
  layers: {
    llm: { model: 'a', api_key: SECRETS[0], headers: { Authorization: SECRETS[1] } },
    tts: { tts_engine: 'cartesia' },
  },
};

const after: Persona = {
  ...before,
  updated_at: '2026-01-02T00:00:00Z',
  layers: { ...(before.layers as object), tts: { tts_engine: 'cartesia', api_key: SECRETS[2] } },
};

function entry(id: string, time = new Date(Date.UTC(2026, 0, 2))): HistoryEntry {
  return historyEntry({
    id,
    time,
    personaId: 'p1',
    source: { kind: 'save', name: 'tavus:/p1/Support.json' },
    mode: 'planned',
    ops: [
      { op: 'add', path: '/layers/tts/api_key', value: SECRETS[2] },
      { op: 'replace', path: '/layers/llm', value: { model: 'b', headers: { 'x-api-key': SECRETS[0] } } },
      { op: 'replace', path: '/layers/llm/model', value: 'b' },
    ],
    changed: true,
    before,
    after,
  });
}

const account = historyAccount('http://127.0.0.1:9000', 'the-api-key-itself');

describe('history entries', () => {
  it('hold no secret value: ops carry the marker, snapshots lose secret fields', () => {
    const text = serializeHistory(account, [entry('e1')]);
    for (const secret of [...SECRETS, 'hdr-secret-2222', 'the-api-key-itself']) assert.ok(!text.includes(secret), secret);
    const stored = parseHistory(text).entries[0]!;
    assert.deepEqual(stored.ops[0], { op: 'add', path: '/layers/tts/api_key', value: REDACTED });
    assert.deepEqual(stored.ops[1]!.value, { model: 'b', headers: { 'x-api-key': REDACTED } });
    assert.deepEqual(stored.ops[2], { op: 'replace', path: '/layers/llm/model', value: 'b' });
    assert.deepEqual(stored.before.layers, { llm: { model: 'a', headers: {} }, tts: { tts_engine: 'cartesia' } });
    assert.deepEqual((stored.after.layers as Persona).tts, { tts_engine: 'cartesia' });
  });

  it('copy as a patch file for their persona, without the ops whose values were redacted', () => {
    const text = entryPatchFileText(entry('e1'));
    const [header, note, ...rest] = text.split('\n');
    assert.equal(header, '// tavus-persona: p1');
    assert.equal(note, '// 2 ops that set secret values were left out: secret values are never stored.');
    assert.deepEqual(JSON.parse(rest.join('\n')), [{ op: 'replace', path: '/layers/llm/model', value: 'b' }]);
    assert.ok(!text.includes(REDACTED));
  });

  it('name the persona, the result and updated_at before and after', () => {
    const stored = entry('e1');
    assert.equal(stored.personaName, 'Support');
    assert.equal(stored.result, 'changed');
    assert.equal(stored.updatedAtBefore, '2026-01-01T00:00:00Z');
    assert.equal(stored.updatedAtAfter, '2026-01-02T00:00:00Z');
    assert.equal(stored.time, '2026-01-02T00:00:00.000Z');
  });
});

describe('the history file', () => {
  it('is named per account from a hash, never from the key', () => {
    const name = historyFileName(account);
    assert.match(name, /^push-history-[0-9a-f]{24}\.json$/);
    assert.notEqual(name, historyFileName(historyAccount('http://127.0.0.1:9000', 'another-key')));
    assert.notEqual(name, historyFileName(historyAccount('http://127.0.0.1:9001', 'the-api-key-itself')));
    assert.ok(!JSON.stringify(account).includes('the-api-key-itself'));
  });

  it('round-trips as one JSON document', () => {
    const entries = [entry('e1'), entry('e2')];
    const text = serializeHistory(account, entries);
    assert.deepEqual(JSON.parse(text).entries, entries);
    assert.deepEqual(parseHistory(text), { entries, skipped: 0 });
    assert.deepEqual(parseHistory(serializeHistory(account, [])), { entries: [], skipped: 0 });
  });

  it('recovers every complete entry of a file cut short anywhere', () => {
    const entries = [entry('e1'), entry('e2'), entry('e3')];
    const text = serializeHistory(account, entries);
    for (let length = 0; length < text.length; length++) {
      const cut = text.slice(0, length);
      const complete = entries.filter((e) => cut.includes(`${JSON.stringify(e)}`));
      assert.deepEqual(parseHistory(cut).entries, complete, `cut at ${length}`);
    }
  });

  it('skips lines that are not entries and text that is not a history file', () => {
    const lines = serializeHistory(account, [entry('e1'), entry('e2')]).split('\n');
    lines[1] = '{"id":"broken"},';
    assert.deepEqual(
      parseHistory(lines.join('\n')).entries.map((e) => e.id),
      ['e2'],
    );
    assert.deepEqual(parseHistory('not json at all'), { entries: [], skipped: 1 });
    assert.deepEqual(parseHistory(''), { entries: [], skipped: 0 });
  });
});

describe('rotateHistory', () => {
  const entries = Array.from({ length: 10 }, (_, i) => entry(`e${i}`));

  it('drops the oldest entries beyond the count', () => {
    assert.deepEqual(
      rotateHistory(account, entries, { maxEntries: 3, maxBytes: 10_000_000 }).map((e) => e.id),
      ['e7', 'e8', 'e9'],
    );
    assert.equal(rotateHistory(account, entries, { maxEntries: 1000, maxBytes: 10_000_000 }).length, 10);
  });

  it('drops the oldest entries until the file fits the byte limit', () => {
    for (let maxBytes = 0; maxBytes < serializeHistory(account, entries).length + 10; maxBytes += 97) {
      const kept = rotateHistory(account, entries, { maxEntries: 1000, maxBytes });
      assert.ok(Buffer.byteLength(serializeHistory(account, kept)) <= Math.max(maxBytes, serializeHistory(account, []).length));
      assert.deepEqual(kept, entries.slice(entries.length - kept.length), 'the newest are kept');
      const oneMore = entries.slice(entries.length - kept.length - 1);
      if (oneMore.length > kept.length) assert.ok(Buffer.byteLength(serializeHistory(account, oneMore)) > maxBytes);
    }
  });
});
