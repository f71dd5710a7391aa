import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createConversationBody } from '../../src/core/conversations';
import { ConversationClient } from '../../src/tavus/conversations';
import { TavusError } from '../../src/tavus/errors';
import { HttpTransport } from '../../src/tavus/http';
import { ConversationStore } from '../server/conversationStore';
import { FIXTURE_IDS } from '../server/fixtures';
import { startTavusServer, type TavusServer } from '../server/tavusServer';

const LIMITS = { maxCallDurationSeconds: 300, participantLeftTimeoutSeconds: 10, participantAbsentTimeoutSeconds: 120 };

async function rejection(promise: Promise<unknown>): Promise<TavusError> {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof TavusError, `expected a TavusError, got ${String(error)}`);
  return error;
}

describe('Conversation client against the local server', () => {
  let server: TavusServer;
  let transport: HttpTransport;
  let client: ConversationClient;
  let names = 0;
  const body = (fields: { replica?: string; testMode?: boolean } = {}) =>
    createConversationBody(
      FIXTURE_IDS.onboarding,
      fields.replica ?? 'r90bbd427f71',
      `test ${++names}`,
      LIMITS,
      {},
      fields.testMode,
    );

  before(async () => {
    server = await startTavusServer();
    transport = new HttpTransport({
      settings: async () => ({ baseUrl: server.url, apiKey: server.apiKey, timeoutMs: 5_000 }),
      retryPolicy: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 },
    });
    client = new ConversationClient(transport);
  });
  after(async () => {
    transport.dispose();
    await server.close();
  });
  beforeEach(() => server.reset());

  it('creates an active conversation whose URL is a local page, and lists it', async () => {
    const { conversation, recovered } = await client.createConversation(body());
    assert.equal(recovered, false);
    assert.equal(conversation.status, 'active');
    assert.ok(conversation.conversation_url?.startsWith(`${server.url.replace('127.0.0.1', '127.1')}/rooms/`));
    assert.ok(!conversation.conversation_url?.includes(server.apiKey));
    const page = await fetch(conversation.conversation_url!);
    assert.match(await page.text(), /<td>active<\/td>/);
    const active = await client.listConversations('active');
    assert.deepEqual(
      active.map((c) => c.conversation_id),
      [conversation.conversation_id],
    );
    const stored = JSON.parse(server.requests.find((r) => r.method === 'POST')!.body!);
    assert.deepEqual(stored.properties, {
      max_call_duration: 300,
      participant_left_timeout: 10,
      participant_absent_timeout: 120,
    });
  });

  it('ends a conversation; ending it again is quiet', async () => {
    const { conversation } = await client.createConversation(body());
    assert.deepEqual(await client.endConversation(conversation.conversation_id), { alreadyEnded: false });
    assert.equal((await client.getConversation(conversation.conversation_id)).status, 'ended');
    assert.deepEqual(await client.endConversation(conversation.conversation_id), { alreadyEnded: true });
  });

  it('creates a test-mode conversation already ended', async () => {
    const { conversation } = await client.createConversation(body({ testMode: true }));
    assert.equal(conversation.status, 'ended');
    assert.equal(server.conversations.activeCount(), 0);
  });

  it('reports the concurrency limit and an invalid replica as Tavus words them', async () => {
    server.conversations.maxConcurrent = 1;
    await client.createConversation(body());
    const limit = await rejection(client.createConversation(body()));
    assert.equal(limit.status, 400);
    assert.match(limit.serverMessage ?? '', /maximum concurrent conversations/);
    const invalid = await rejection(client.createConversation(body({ replica: 'nope' })));
    assert.equal(invalid.serverMessage, 'Invalid replica_id');
  });

  it('never retries the create, and finds a conversation whose answer was lost', async () => {
    server.injectFault({ kind: 'reset-after-body', match: { method: 'POST' } });
    const { conversation, recovered } = await client.createConversation(body());
    assert.equal(recovered, true);
    assert.equal(conversation.status, 'active');
    assert.equal(server.requests.filter((r) => r.method === 'POST').length, 1);
  });

  it('says no conversation was created when the connection dropped before Tavus made one', async () => {
    server.injectFault({ kind: 'reset-before-body', match: { method: 'POST' } });
    const error = await rejection(client.createConversation(body()));
    assert.match(error.message, /connection to Tavus dropped.*No conversation was created/);
    assert.equal(server.conversations.list().length, 0);
    assert.equal(server.requests.filter((r) => r.method === 'POST').length, 1);
  });

  it('takes a lost End as done once Tavus shows the conversation ended', async () => {
    const { conversation } = await client.createConversation(body());
    server.injectFault({ kind: 'reset-after-body', match: { method: 'POST', path: '/end' } });
    assert.deepEqual(await client.endConversation(conversation.conversation_id), { alreadyEnded: false });
    assert.equal(server.conversations.find(conversation.conversation_id)?.status, 'ended');
  });
});

describe('Sandbox conversation store', () => {
  it('ends a conversation once max_call_duration has passed', () => {
    let now = 1_000_000;
    const store = new ConversationStore(
      (id) => `http://127.0.0.1/rooms/${id}`,
      () => now,
    );
    const conversation = store.create({
      name: 'n',
      personaId: 'p',
      replicaId: 'r1',
      maxCallDurationSeconds: 60,
      testMode: false,
    });
    now += 59_999;
    assert.equal(store.find(conversation.conversation_id)?.status, 'active');
    now += 1;
    assert.equal(store.find(conversation.conversation_id)?.status, 'ended');
    assert.equal(store.shutdownReason(conversation.conversation_id), 'max_call_duration reached');
    assert.equal(store.end(conversation.conversation_id), false);
  });
});
