import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  conversationName,
  createConversationBody,
  defaultReplicaOf,
  findCreated,
  formatAge,
  formatClock,
  formatMinutesLeft,
  isConcurrencyLimit,
  leftoverRecords,
  liveCallsText,
  recordsStillActive,
  remainingSeconds,
  unexpiredRecords,
  type StartedRecord,
} from '../../src/core/conversations';

const LIMITS = { maxCallDurationSeconds: 300, participantLeftTimeoutSeconds: 10, participantAbsentTimeoutSeconds: 120 };

function record(id: string, fields: Partial<StartedRecord> = {}): StartedRecord {
  return { id, personaId: 'p1', personaName: 'P', createdAtMs: 0, maxCallDurationSeconds: 300, session: 's1', ...fields };
}

describe('conversation requests', () => {
  it('names the conversation after the editor, the persona and a token', () => {
    assert.equal(conversationName('Onboarding Guide', 'k3f9'), 'VS Code test · Onboarding Guide · k3f9');
  });

  it('sends the persona, the replica, the name and the short limits; extras only when given', () => {
    assert.deepEqual(createConversationBody('p1', 'r1', 'n', LIMITS), {
      persona_id: 'p1',
      replica_id: 'r1',
      conversation_name: 'n',
      properties: { max_call_duration: 300, participant_left_timeout: 10, participant_absent_timeout: 120 },
    });
    const body = createConversationBody('p1', 'r1', 'n', LIMITS, { conversationalContext: 'ctx', customGreeting: 'Hi' }, true);
    assert.equal(body.conversational_context, 'ctx');
    assert.equal(body.custom_greeting, 'Hi');
    assert.equal(body.test_mode, true);
  });

  it('finds the conversation a lost answer created by its name and persona', () => {
    const body = createConversationBody('p1', 'r1', 'VS Code test · P · abc', LIMITS);
    const listed = [
      { conversation_id: 'c1', conversation_name: 'VS Code test · P · abc', persona_id: 'p2' },
      { conversation_id: 'c2', conversation_name: 'VS Code test · P · abc', persona_id: 'p1' },
    ];
    assert.equal(findCreated(listed, body)?.conversation_id, 'c2');
    assert.equal(findCreated(listed.slice(0, 1), body), undefined);
  });

  it('recognises the concurrency limit by its message', () => {
    assert.ok(isConcurrencyLimit('User has reached maximum concurrent conversations'));
    assert.ok(!isConcurrencyLimit('Invalid replica_id'));
    assert.ok(!isConcurrencyLimit(undefined));
  });

  it('takes the default replica under either name, ignoring blanks', () => {
    assert.equal(defaultReplicaOf({ default_replica_id: 'r1' }), 'r1');
    assert.equal(defaultReplicaOf({ default_replica_id: null, default_face_id: 'r2' }), 'r2');
    assert.equal(defaultReplicaOf({ default_replica_id: '  ' }), undefined);
  });
});

describe('remaining time', () => {
  it('counts down to max_call_duration and stops at 0', () => {
    assert.equal(remainingSeconds(record('c'), 0), 300);
    assert.equal(remainingSeconds(record('c'), 108_000), 192);
    assert.equal(remainingSeconds(record('c'), 400_000), 0);
  });

  it('formats clocks and ages', () => {
    assert.equal(formatClock(192), '3:12');
    assert.equal(formatClock(5), '0:05');
    assert.equal(formatClock(3723), '1:02:03');
    assert.equal(formatMinutesLeft(241), '5 min left');
    assert.equal(formatMinutesLeft(0), 'no time left');
    assert.equal(formatAge(30_000), 'just now');
    assert.equal(formatAge(4 * 60_000), '4 min ago');
    assert.equal(formatAge(3 * 3_600_000), '3 h ago');
    assert.equal(formatAge(72 * 3_600_000), '3 d ago');
  });

  it('shows the live calls and the time left on the one ending first', () => {
    assert.equal(liveCallsText([]), undefined);
    assert.equal(liveCallsText([192]), '● 1 live call · 3:12');
    assert.equal(liveCallsText([250, 40]), '● 2 live calls · 0:40');
  });
});

describe('conversations started here', () => {
  const records = [record('a', { session: 'old' }), record('b', { session: 'now' }), record('c', { session: 'old' })];

  it('calls the active ones from another session leftovers', () => {
    const leftovers = leftoverRecords(records, new Set(['a', 'b']), 'now');
    assert.deepEqual(
      leftovers.map((r) => r.id),
      ['a'],
    );
  });

  it('keeps only records Tavus still lists as active', () => {
    assert.deepEqual(
      recordsStillActive(records, new Set(['c'])).map((r) => r.id),
      ['c'],
    );
  });

  it('forgets records whose max_call_duration passed long ago', () => {
    const now = 300_000 + 5 * 60_000;
    assert.deepEqual(
      unexpiredRecords([record('a'), record('b', { createdAtMs: 1 })], now).map((r) => r.id),
      ['b'],
    );
  });
});
