import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactText } from '../../src/core/redact';
import {
  backupFileName,
  backupRecord,
  blankPersonaBody,
  copyName,
  createBodyFrom,
  describeSecretNotes,
  parseBackup,
  serverOwnedInDraft,
} from '../../src/core/personaLifecycle';

const SOURCE = {
  persona_id: 'p91f0d2c6ab47',
  persona_name: 'Clinic Intake',
  persona_type: 'user',
  pipeline_mode: 'full',
  system_prompt: 'Collect intake data politely.',
  default_replica_id: 'rf4e9d9790f0',
  layers: {
    llm: { model: 'my-llm', api_key: 'sk-****abcd', headers: { Authorization: '' }, extra_body: { temperature: 0.3 } },
    tts: { tts_engine: 'elevenlabs', api_key: 'el-live-key-value' },
  },
  created_at: '2026-01-12T09:00:00Z',
  updated_at: '2026-02-01T17:45:00Z',
};

describe('the create body from a source persona', () => {
  it('leaves out the fields Tavus sets and keeps the rest as they are', () => {
    const { body } = createBodyFrom(SOURCE);
    assert.deepEqual(Object.keys(body), ['persona_name', 'pipeline_mode', 'system_prompt', 'default_replica_id', 'layers']);
    assert.deepEqual(body.layers, SOURCE.layers);
    assert.notEqual(body.layers, SOURCE.layers, 'a copy, so editing the draft never changes the source');
  });

  it('sets the new name', () => {
    assert.equal(createBodyFrom(SOURCE, 'Clinic Intake (copy)').body.persona_name, 'Clinic Intake (copy)');
    assert.equal(copyName(SOURCE), 'Clinic Intake (copy)');
  });

  it('drops PAL-era twins of legacy fields, and renames them when the legacy field is missing', () => {
    const twins = createBodyFrom({
      pal_id: 'pa5ad6596ef5',
      persona_name: 'Both',
      pal_name: 'Both (PAL)',
      default_face_id: 'rf4e9d9790f0',
      pipeline_mode: 'full',
    }).body;
    assert.deepEqual(twins, { persona_name: 'Both', default_replica_id: 'rf4e9d9790f0', pipeline_mode: 'full' });
    const renamed = createBodyFrom({ pal_name: 'Only PAL', default_replica_id: 'r1', default_face_id: 'r2' }).body;
    assert.deepEqual(renamed, { persona_name: 'Only PAL', default_replica_id: 'r1' });
  });

  it('flags secret fields that came back masked or empty, and not those holding a value', () => {
    const { secrets } = createBodyFrom(SOURCE);
    assert.deepEqual(secrets, [
      { pointer: '/layers/llm/api_key', state: 'masked' },
      { pointer: '/layers/llm/headers/Authorization', state: 'empty' },
    ]);
    assert.deepEqual(createBodyFrom({ layers: { llm: { api_key: '[redacted]' } } }).secrets, [
      { pointer: '/layers/llm/api_key', state: 'masked' },
    ]);
  });

  it('words the flagged fields so that message redaction leaves them readable', () => {
    const lines = describeSecretNotes(createBodyFrom(SOURCE).secrets);
    assert.equal(lines.length, 2);
    for (const line of lines) assert.equal(redactText(line, []), line);
    assert.match(lines[0]!, /^\/layers\/llm\/api_key came back masked/);
  });

  it('a blank persona is full-pipeline, with a prompt and the replica given', () => {
    const blank = blankPersonaBody('r90bbd427f71');
    assert.equal(blank.pipeline_mode, 'full');
    assert.equal(blank.default_replica_id, 'r90bbd427f71');
    assert.ok(typeof blank.system_prompt === 'string' && blank.system_prompt !== '');
    assert.deepEqual(serverOwnedInDraft(blank), []);
  });

  it('names server-owned fields a draft carries', () => {
    assert.deepEqual(serverOwnedInDraft({ persona_id: 'p1', persona_name: 'x', updated_at: '' }), ['/persona_id', '/updated_at']);
  });
});

describe('the backup record of a deleted persona', () => {
  const at = new Date('2026-12-01T04:05:06.789Z');

  it('keeps the persona without any secret field, with its id, name and the time', () => {
    const backup = backupRecord(SOURCE, at);
    assert.equal(backup.personaId, 'p91f0d2c6ab47');
    assert.equal(backup.personaName, 'Clinic Intake');
    assert.equal(backup.deletedAt, '2026-12-01T04:05:06.789Z');
    const text = JSON.stringify(backup);
    assert.ok(!text.includes('el-live-key-value') && !text.includes('api_key') && !text.includes('Authorization'), text);
    assert.deepEqual(backup.persona.layers, {
      llm: { model: 'my-llm', headers: {}, extra_body: { temperature: 0.3 } },
      tts: { tts_engine: 'elevenlabs' },
    });
  });

  it('reads back what it wrote, and nothing else', () => {
    const backup = backupRecord(SOURCE, at);
    assert.deepEqual(parseBackup(JSON.stringify(backup)), backup);
    for (const text of ['', '{', '[]', '{"version":2,"persona":{}}', JSON.stringify({ ...backup, personaId: 1 })]) {
      assert.equal(parseBackup(text), undefined, text);
    }
  });

  it('gets a file name that sorts by time and names the persona', () => {
    assert.equal(backupFileName(backupRecord(SOURCE, at)), '2026-12-01T04-05-06-789Z-p91f0d2c6ab47.json');
    assert.equal(backupFileName(backupRecord({ persona_id: '../x' }, at)), '2026-12-01T04-05-06-789Z-___x.json');
  });

  it('restores to a create body equal to the source minus its secrets', () => {
    const { body } = createBodyFrom(backupRecord(SOURCE, at).persona);
    assert.equal(body.persona_id, undefined);
    assert.equal(body.system_prompt, SOURCE.system_prompt);
  });
});
