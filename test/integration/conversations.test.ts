import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Conversation, ConversationExtras, StartedRecord } from '../../src/core/conversations';
import type { Persona } from '../../src/core/json';
import type { EndReport } from '../../src/conversations/ending';
import type { ConversationPrompts, LeftoverDecision, ReplicaChoice, UnsavedDecision } from '../../src/conversations/prompts';
import type { StartOutcome } from '../../src/conversations/starter';
import type { ConversationNode } from '../../src/conversations/view';
import type { ExtensionApi } from '../../src/extension';
import { formatPersona } from '../../src/core/personaDocument';
import { personaUri } from '../../src/personas/uri';
import { replaceAllText } from '../../src/save/replaceText';
import type { WritePrompts } from '../../src/transaction/prompts';
import { CONVERSATION_FAULT_EXPECTATIONS } from '../faults/conversationMatrix';
import { FAULT_CASES, type Expectation } from '../faults/matrix';
import { FIXTURE_IDS } from '../server/fixtures';
import type { StoredConversation, TavusServer } from '../server/tavusServer';
import { closeAllEditors, EXTENSION_ID, setSetting, useLocalServer, waitFor } from './support';

/** Answers every question a conversation command asks the way a test wants, and remembers what was asked. */
class ScriptedConversationPrompts implements ConversationPrompts {
  cost = true;
  unsaved: UnsavedDecision = 'useTavus';
  /** The replica to pick, or undefined to cancel the pick. */
  replica: (choices: readonly ReplicaChoice[]) => string | undefined = (choices) => choices[0]?.id;
  extras: ConversationExtras | undefined = {};
  leftovers: LeftoverDecision = 'end';
  endForLimit = true;
  endAll = true;
  readonly asked: string[] = [];
  readonly opened: string[] = [];
  readonly announced: string[] = [];
  readonly replicaChoices: ReplicaChoice[][] = [];
  readonly leftoverOffers: StartedRecord[][] = [];

  async confirmCost(): Promise<boolean> {
    this.asked.push('cost');
    return this.cost;
  }
  async unsavedEdits(): Promise<UnsavedDecision> {
    this.asked.push('unsaved');
    return this.unsaved;
  }
  async pickReplica(choices: readonly ReplicaChoice[]): Promise<string | undefined> {
    this.asked.push('replica');
    this.replicaChoices.push([...choices]);
    return this.replica(choices);
  }
  async askExtras(): Promise<ConversationExtras | undefined> {
    this.asked.push('extras');
    return this.extras;
  }
  async offerEndLeftovers(leftovers: readonly StartedRecord[]): Promise<LeftoverDecision> {
    this.asked.push('leftovers');
    this.leftoverOffers.push([...leftovers]);
    return this.leftovers;
  }
  async offerEndForLimit(): Promise<boolean> {
    this.asked.push('limit');
    return this.endForLimit;
  }
  async pickConversations(active: readonly Conversation[]): Promise<Conversation[]> {
    this.asked.push('pickConversations');
    return [...active];
  }
  async confirmEndAll(): Promise<boolean> {
    this.asked.push('endAll');
    return this.endAll;
  }
  async openUrl(url: string): Promise<void> {
    this.opened.push(url);
  }
  announce(message: string): void {
    this.announced.push(message);
  }
}

const APPLY_EVERYTHING: WritePrompts = {
  confirmApply: async () => 'apply',
  confirmDelete: async () => false,
  resolveMoved: async () => 'cancel',
  showDiff: async () => undefined,
};

describe('Test conversations', () => {
  let api: ExtensionApi;
  let server: TavusServer;
  let prompts: ScriptedConversationPrompts;
  let realPrompts: ConversationPrompts;
  let realWritePrompts: WritePrompts;

  useLocalServer((connected) => ({ api, server } = connected));
  before(async () => {
    realPrompts = api.conversations.prompts;
    realWritePrompts = api.save.transaction.prompts;
    api.save.transaction.prompts = APPLY_EVERYTHING;
    await api.catalog.refresh();
  });
  after(async () => {
    api.conversations.prompts = realPrompts;
    api.save.transaction.prompts = realWritePrompts;
    for (const name of [
      'maxCallDurationSeconds',
      'participantLeftTimeoutSeconds',
      'participantAbsentTimeoutSeconds',
      'endOnExit',
    ]) {
      await vscode.workspace.getConfiguration('tavus.conversation').update(name, undefined, vscode.ConfigurationTarget.Global);
    }
    await setSetting('requestTimeoutSeconds', undefined);
  });
  beforeEach(async () => {
    await closeAllEditors();
    // What the extension remembers of the previous test's conversations must not leak into this one.
    await api.conversations.tracker.records.remove(api.conversations.tracker.records.all().map((r) => r.id));
    server.reset();
    api.conversations.tracker.reset();
    prompts = new ScriptedConversationPrompts();
    api.conversations.prompts = prompts;
    await setSetting('requestTimeoutSeconds', 10);
  });

  function start(arg: unknown, command = 'tavus.startTestConversation'): Promise<StartOutcome> {
    return vscode.commands.executeCommand<StartOutcome>(command, arg) as Promise<StartOutcome>;
  }

  async function startOn(id: string, command?: string): Promise<StoredConversation> {
    const outcome = await start(personaNode(id), command);
    assert.strictEqual(outcome.kind, 'started', JSON.stringify(outcome));
    return server.conversations.find((outcome as { conversation: Conversation }).conversation.conversation_id)!;
  }

  function personaNode(id: string) {
    const persona = api.catalog.personas().find((p) => p.persona_id === id)!;
    return { kind: 'persona', persona, stock: false };
  }

  function createRequests() {
    return server.requests.filter((r) => r.method === 'POST' && r.path === '/v2/conversations');
  }

  /** Bodies of the creates the server read; a fault that drops the connection first leaves none. */
  function createBodies(): Persona[] {
    return createRequests()
      .filter((r) => r.body !== undefined)
      .map((r) => JSON.parse(r.body!));
  }

  function viewNodes(): ConversationNode[] {
    return api.conversations.view.getChildren();
  }

  function nodeOf(id: string): ConversationNode {
    const node = viewNodes().find((n) => n.kind === 'conversation' && n.row.conversation.conversation_id === id);
    assert.ok(node, `the view shows ${id}`);
    return node;
  }

  // First, while no conversation was started in this extension host: the warning is due.
  it('warns about the cost before the first start; Cancel starts nothing', async () => {
    prompts.cost = false;
    assert.deepStrictEqual(await start(personaNode(FIXTURE_IDS.onboarding)), { kind: 'cancelled' });
    assert.deepStrictEqual(prompts.asked, ['cost']);
    assert.strictEqual(createBodies().length, 0);
  });

  it("starts with the persona's default replica and the short limits, opens the URL, and shows the live call", async () => {
    await vscode.workspace
      .getConfiguration('tavus.conversation')
      .update('maxCallDurationSeconds', 120, vscode.ConfigurationTarget.Global);
    const conversation = await startOn(FIXTURE_IDS.onboarding);
    const [body] = createBodies();
    assert.ok(body);
    assert.strictEqual(body.persona_id, FIXTURE_IDS.onboarding);
    assert.strictEqual(body.replica_id, 'r90bbd427f71');
    assert.match(String(body.conversation_name), /^VS Code test · Onboarding Guide · /);
    assert.deepStrictEqual(body.properties, {
      max_call_duration: 120,
      participant_left_timeout: 10,
      participant_absent_timeout: 120,
    });
    assert.strictEqual(body.test_mode, undefined);
    assert.deepStrictEqual(prompts.opened, [conversation.conversation_url]);
    assert.ok(!prompts.asked.includes('replica'), 'a persona with a default replica asks for none');
    assert.strictEqual(conversation.status, 'active');
    const item = api.conversations.view.getTreeItem(nodeOf(conversation.conversation_id));
    assert.strictEqual(item.label, 'Onboarding Guide');
    assert.match(String(item.description), /^active · just now · 2 min left$/);
    assert.match(api.conversations.statusBar.text ?? '', /^● 1 live call · [12]:\d\d$/);

    await startOn(FIXTURE_IDS.onboarding);
    assert.deepStrictEqual(
      prompts.asked.filter((q) => q === 'cost'),
      ['cost'],
      'the cost warning comes before the first start of a session only',
    );
    assert.match(api.conversations.statusBar.text ?? '', /^● 2 live calls · /);
  });

  it('asks for a replica, among the usable ones, when the persona has none', async () => {
    prompts.replica = (choices) => choices.find((c) => c.id !== 'r90bbd427f71')?.id;
    const conversation = await startOn(FIXTURE_IDS.echo);
    const choices = prompts.replicaChoices[0]!;
    assert.ok(choices.length > 1, JSON.stringify(choices));
    assert.ok(!choices.some((c) => c.id === 'r7a1n1n9c0de'), 'a replica still training is not offered');
    assert.strictEqual(conversation.replica_id, choices.find((c) => c.id !== 'r90bbd427f71')!.id);
  });

  it('with options: picks the replica (default first) and sends the context and greeting', async () => {
    prompts.replica = (choices) => choices[choices.length - 1]!.id;
    prompts.extras = { conversationalContext: 'The caller is a new admin.', customGreeting: 'Hello from VS Code!' };
    const conversation = await startOn(FIXTURE_IDS.onboarding, 'tavus.startTestConversationWithOptions');
    const [body] = createBodies();
    assert.ok(body);
    assert.strictEqual(body.conversational_context, 'The caller is a new admin.');
    assert.strictEqual(body.custom_greeting, 'Hello from VS Code!');
    assert.ok(
      prompts.replicaChoices[0]!.some((c) => c.id === 'r90bbd427f71'),
      'the default replica is offered',
    );
    assert.strictEqual(conversation.replica_id, prompts.replicaChoices[0]![prompts.replicaChoices[0]!.length - 1]!.id);
  });

  describe('a persona document with unsaved edits', () => {
    async function editedDocument(): Promise<vscode.TextDocument> {
      const document = await vscode.workspace.openTextDocument(personaUri(FIXTURE_IDS.onboarding, 'Onboarding Guide'));
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('tavus.revertToServerVersion', document.uri);
      const persona = JSON.parse(document.getText()) as Persona;
      assert.ok(await replaceAllText(document, formatPersona({ ...persona, context: 'Edited before the call.' })));
      return document;
    }

    it('saves them first (through the save flow) when asked to', async () => {
      const document = await editedDocument();
      prompts.unsaved = 'save';
      const outcome = await start(document.uri);
      assert.strictEqual(outcome.kind, 'started', JSON.stringify(outcome));
      assert.strictEqual(server.getStored(FIXTURE_IDS.onboarding)!.context, 'Edited before the call.');
      await waitFor(() => !document.isDirty, 'the document to be saved');
      const patchAt = server.requests.findIndex((r) => r.method === 'PATCH');
      const createAt = server.requests.findIndex((r) => r.method === 'POST');
      assert.ok(patchAt >= 0 && patchAt < createAt, 'the edits reached Tavus before the conversation started');
    });

    it("starts with Tavus's version and leaves the edits unsaved when asked to", async () => {
      const document = await editedDocument();
      prompts.unsaved = 'useTavus';
      assert.strictEqual((await start(document.uri)).kind, 'started');
      assert.strictEqual(document.isDirty, true);
      assert.notStrictEqual(server.getStored(FIXTURE_IDS.onboarding)!.context, 'Edited before the call.');
    });

    it('starts nothing when cancelled', async () => {
      const document = await editedDocument();
      prompts.unsaved = 'cancel';
      assert.deepStrictEqual(await start(document.uri), { kind: 'cancelled' });
      assert.strictEqual(createBodies().length, 0);
    });
  });

  it('validates with test mode: nothing stays active, nothing is remembered, and the result is reported', async () => {
    const outcome = await start(personaNode(FIXTURE_IDS.onboarding), 'tavus.validateWithTestMode');
    assert.strictEqual(outcome.kind, 'validated', JSON.stringify(outcome));
    const [body] = createBodies();
    assert.ok(body);
    assert.strictEqual(body.test_mode, true);
    assert.strictEqual(server.conversations.activeCount(), 0);
    assert.deepStrictEqual(api.conversations.tracker.records.all(), []);
    assert.ok(!prompts.asked.includes('cost'), 'a test-mode conversation costs nothing, so there is no warning');
    assert.match(prompts.announced[0]!, /Tavus accepts "Onboarding Guide" with replica r90bbd427f71 \(test mode/);
    assert.deepStrictEqual(prompts.opened, []);
  });

  it('validating a persona whose replica is gone reports what Tavus refused', async () => {
    const persona = api.catalog.personas().find((p) => p.default_replica_id === 'r6e055828f63');
    assert.ok(persona, 'a fixture persona points to the deleted replica');
    const outcome = await start({ kind: 'persona', persona, stock: false }, 'tavus.validateWithTestMode');
    assert.strictEqual(outcome.kind, 'failed');
    assert.match((outcome as { message: string }).message, /Tavus answered 400 \(bad request\): Invalid replica_id/);
  });

  it('a rejected API key fails the start with what Tavus said, and creates nothing', async () => {
    server.injectFault({ status: 401, match: { method: 'POST', path: '^/v2/conversations$', regex: true } });
    const outcome = await start(personaNode(FIXTURE_IDS.onboarding));
    assert.strictEqual(outcome.kind, 'failed');
    assert.match((outcome as { message: string }).message, /Tavus answered 401 \(the API key was not accepted\)/);
    assert.strictEqual(server.conversations.list().length, 0);
  });

  it('ends a conversation from the view; ending it again is quiet', async () => {
    const conversation = await startOn(FIXTURE_IDS.onboarding);
    const node = nodeOf(conversation.conversation_id);
    const report = await vscode.commands.executeCommand<EndReport>('tavus.endConversation', node);
    assert.deepStrictEqual(report, { ended: [conversation.conversation_id], failed: [] });
    assert.strictEqual(server.conversations.find(conversation.conversation_id)!.status, 'ended');
    assert.strictEqual(api.conversations.statusBar.text, undefined, 'the status bar indicator is gone');
    const ended = api.conversations.view.getTreeItem(nodeOf(conversation.conversation_id));
    assert.match(String(ended.description), /^ended/);
    const again = await vscode.commands.executeCommand<EndReport>('tavus.endConversation', node);
    assert.deepStrictEqual(again, { ended: [conversation.conversation_id], failed: [] });
  });

  it('ends a conversation picked from the palette', async () => {
    const conversation = await startOn(FIXTURE_IDS.onboarding);
    const report = await vscode.commands.executeCommand<EndReport>('tavus.endConversation');
    assert.deepStrictEqual(report, { ended: [conversation.conversation_id], failed: [] });
    assert.ok(prompts.asked.includes('pickConversations'));
  });

  it('ends all active conversations, including one not started here, after confirming', async () => {
    const mine = await startOn(FIXTURE_IDS.onboarding);
    const elsewhere = server.conversations.create({
      name: 'Started elsewhere',
      personaId: FIXTURE_IDS.onboarding,
      replicaId: 'r90bbd427f71',
      maxCallDurationSeconds: 600,
      testMode: false,
    });
    await vscode.commands.executeCommand('tavus.refreshConversations');
    assert.match(String(api.conversations.view.getTreeItem(nodeOf(elsewhere.conversation_id)).description), /not started here/);
    const report = await vscode.commands.executeCommand<EndReport>('tavus.endAllActiveConversations');
    assert.deepStrictEqual(new Set(report.ended), new Set([mine.conversation_id, elsewhere.conversation_id]));
    assert.strictEqual(server.conversations.activeCount(), 0);
    assert.ok(prompts.asked.includes('endAll'));
  });

  it('ends nothing when End All is not confirmed', async () => {
    await startOn(FIXTURE_IDS.onboarding);
    prompts.endAll = false;
    const report = await vscode.commands.executeCommand<EndReport>('tavus.endAllActiveConversations');
    assert.deepStrictEqual(report, { ended: [], failed: [] });
    assert.strictEqual(server.conversations.activeCount(), 1);
  });

  it('at the concurrency limit, offers to end active conversations and then starts', async () => {
    server.conversations.maxConcurrent = 1;
    const first = await startOn(FIXTURE_IDS.onboarding);
    const second = await startOn(FIXTURE_IDS.onboarding);
    assert.ok(prompts.asked.includes('limit'));
    assert.strictEqual(server.conversations.find(first.conversation_id)!.status, 'ended');
    assert.strictEqual(second.status, 'active');
  });

  it('at the concurrency limit, declining the offer reports the limit and starts nothing', async () => {
    server.conversations.maxConcurrent = 1;
    await startOn(FIXTURE_IDS.onboarding);
    prompts.endForLimit = false;
    const outcome = await start(personaNode(FIXTURE_IDS.onboarding));
    assert.strictEqual(outcome.kind, 'failed');
    assert.match((outcome as { message: string }).message, /maximum concurrent conversations/);
    assert.strictEqual(server.conversations.activeCount(), 1);
  });

  it('offers to end conversations an earlier session started and left active', async () => {
    const leftover = server.conversations.create({
      name: 'VS Code test · Onboarding Guide · earlier',
      personaId: FIXTURE_IDS.onboarding,
      replicaId: 'r90bbd427f71',
      maxCallDurationSeconds: 600,
      testMode: false,
    });
    await api.conversations.tracker.records.add({
      id: leftover.conversation_id,
      personaId: FIXTURE_IDS.onboarding,
      personaName: 'Onboarding Guide',
      createdAtMs: Date.now(),
      maxCallDurationSeconds: 600,
      session: 'an earlier window',
    });
    const started = await startOn(FIXTURE_IDS.onboarding);
    assert.deepStrictEqual(
      prompts.leftoverOffers[0]!.map((r) => r.id),
      [leftover.conversation_id],
    );
    assert.strictEqual(server.conversations.find(leftover.conversation_id)!.status, 'ended');
    assert.strictEqual(started.status, 'active');

    // Conversations of this session are not leftovers.
    await startOn(FIXTURE_IDS.onboarding);
    assert.strictEqual(prompts.leftoverOffers.length, 1);
  });

  describe('deactivation', () => {
    /** The extension's own module as the host loaded it, so deactivate() is the one VS Code calls. */
    function extensionModule(): { deactivate(): Promise<void> } {
      const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
      // The module the host already loaded, from its cache: an import() would load a second copy.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(path.join(extension.extensionPath, 'dist', 'extension.js'));
    }

    it('ends the conversations started here that are still running', async () => {
      const conversation = await startOn(FIXTURE_IDS.onboarding);
      await extensionModule().deactivate();
      assert.strictEqual(server.conversations.find(conversation.conversation_id)!.status, 'ended');
      assert.deepStrictEqual(api.conversations.tracker.records.all(), []);
    });

    it('leaves them running when tavus.conversation.endOnExit is off', async () => {
      await vscode.workspace.getConfiguration('tavus.conversation').update('endOnExit', false, vscode.ConfigurationTarget.Global);
      const conversation = await startOn(FIXTURE_IDS.onboarding);
      await extensionModule().deactivate();
      assert.strictEqual(server.conversations.find(conversation.conversation_id)!.status, 'active');
      await vscode.workspace
        .getConfiguration('tavus.conversation')
        .update('endOnExit', undefined, vscode.ConfigurationTarget.Global);
    });
  });

  describe('fault matrix', () => {
    const CREATE = { method: 'POST', path: '^/v2/conversations$', regex: true };
    const END = { method: 'POST', path: '/end$', regex: true };

    for (const c of FAULT_CASES) {
      const expect = CONVERSATION_FAULT_EXPECTATIONS[c.name]!;

      it(`start × ${c.name}`, async function () {
        this.timeout(30_000);
        await setSetting('requestTimeoutSeconds', c.timeoutSeconds);
        server.injectFault({ ...c.fault, match: CREATE });
        const outcome = await start(personaNode(FIXTURE_IDS.onboarding));
        checkOutcome(expect.start, outcome.kind === 'started', outcome.kind === 'failed' ? outcome.message : undefined);
        assert.strictEqual(createRequests().length, 1, 'the create is never retried');
        assert.strictEqual(server.conversations.activeCount(), expect.start.succeeds ? 1 : 0);
        server.clearFaults();
        await setSetting('requestTimeoutSeconds', 10);
        assert.strictEqual(
          (await start(personaNode(FIXTURE_IDS.onboarding))).kind,
          'started',
          'starting works once the fault clears',
        );
      });

      it(`end × ${c.name}`, async function () {
        this.timeout(30_000);
        const conversation = await startOn(FIXTURE_IDS.onboarding);
        await setSetting('requestTimeoutSeconds', c.timeoutSeconds);
        server.injectFault({ ...c.fault, match: END });
        const report = await vscode.commands.executeCommand<EndReport>(
          'tavus.endConversation',
          nodeOf(conversation.conversation_id),
        );
        checkOutcome(expect.end, report.ended.length === 1, report.failed[0]?.message);
        assert.strictEqual(server.requests.filter((r) => r.path.endsWith('/end')).length, 1, 'End is never retried');
        server.clearFaults();
        await setSetting('requestTimeoutSeconds', 10);
        if (!expect.end.succeeds) {
          assert.strictEqual(server.conversations.find(conversation.conversation_id)!.status, 'active');
          const again = await vscode.commands.executeCommand<EndReport>(
            'tavus.endConversation',
            nodeOf(conversation.conversation_id),
          );
          assert.deepStrictEqual(again.failed, [], 'ending works once the fault clears');
        }
      });
    }
  });

  it('never puts the API key into a conversation URL, the view or the log', async () => {
    const conversation = await startOn(FIXTURE_IDS.onboarding);
    server.injectFault({ status: 500, match: { method: 'POST', path: '/end' } });
    await vscode.commands.executeCommand('tavus.endConversation', nodeOf(conversation.conversation_id));
    const shown = viewNodes().map((node) => {
      const item = api.conversations.view.getTreeItem(node);
      return [item.label, item.description, item.tooltip].map(String).join('\n');
    });
    const logs = fs
      .readdirSync(path.dirname(api.logUri.fsPath), { recursive: true, encoding: 'utf8' })
      .filter((f) => /Tavus.*\.log$/.test(path.basename(f)))
      .map((f) => fs.readFileSync(path.join(path.dirname(api.logUri.fsPath), f), 'utf8'));
    assert.ok(logs.join('\n').includes('POST /v2/conversations'), 'the log records the conversation requests');
    for (const text of [...prompts.opened, ...shown, ...logs, api.conversations.statusBar.text ?? '']) {
      assert.ok(!text.includes(server.apiKey), `the API key appears in: ${text.slice(0, 200)}`);
    }
  });
});

function checkOutcome(expected: Expectation, succeeded: boolean, message: string | undefined): void {
  assert.strictEqual(succeeded, expected.succeeds, `expected ${expected.behaviour}; got ${message ?? 'success'}`);
  if (expected.message) assert.match(message ?? '', expected.message);
}
