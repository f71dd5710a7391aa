import type { ApiKeyStore } from '../auth/apiKeyStore';
import type { Config, ConversationSettings } from '../config';
import type { ActiveConnection } from '../connections/guard';
import * as vscode from 'vscode';
import {
  conversationName,
  createConversationBody,
  defaultReplicaOf,
  formatClock,
  isConcurrencyLimit,
  leftoverRecords,
  type Conversation,
  type ConversationExtras,
  type CreateConversationBody,
} from '../core/conversations';
import type { Persona } from '../core/json';
import { personaLabel } from '../core/personaRules';
import type { TavusLog } from '../log/tavusLog';
import type { PersonaCatalog } from '../personas/catalog';
import type { TavusApi } from '../tavus/api';
import type { ConversationApi } from '../tavus/conversations';
import { isTavusError } from '../tavus/errors';
import { describeError, showTavusError } from '../ui/errors';
import type { Notifier } from '../ui/notifier';
import type { Questions } from '../ui/questions';
import { withSlowProgress } from '../ui/slowProgress';
import { endConversations } from './ending';
import { personaTarget, type PersonaTarget } from './personaTarget';
import type { ConversationPrompts, ReplicaChoice } from './prompts';
import type { ConversationTracker } from './tracker';

/** `start` asks nothing it need not; `options` also picks the replica and asks for context and greeting; `testMode` only validates. */
export type StartMode = 'start' | 'options' | 'testMode';

export type StartOutcome =
  | { kind: 'started'; conversation: Conversation; recovered: boolean }
  | { kind: 'validated'; conversation: Conversation }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

export interface StarterDeps {
  api: TavusApi;
  conversations: ConversationApi;
  tracker: ConversationTracker;
  catalog: PersonaCatalog;
  log: TavusLog;
  notifier: Notifier;
  questions: Questions;
  config: Config;
  keys: ApiKeyStore;
  connections: ActiveConnection;
  /** The account's replicas a conversation can use. */
  usableReplicas(signal?: AbortSignal): Promise<ReplicaChoice[]>;
}

const CANCELLED: StartOutcome = { kind: 'cancelled' };

class Stop extends Error {
  constructor(readonly outcome: StartOutcome) {
    super(outcome.kind);
  }
}

/** Starts (or validates) a test conversation for a persona, asking only what it must. */
export class ConversationStarter {
  /** The cost warning is shown before the first start of each session. */
  private costConfirmed = false;

  constructor(
    private readonly deps: StarterDeps,
    private readonly promptsNow: () => ConversationPrompts,
  ) {}

  private get prompts(): ConversationPrompts {
    return this.promptsNow();
  }

  async run(arg: unknown, mode: StartMode): Promise<StartOutcome> {
    try {
      const target = await personaTarget(this.deps, arg, 'Select a persona to start a test conversation with');
      if (!target) return CANCELLED;
      await this.settleUnsavedEdits(target);
      const persona = await withSlowProgress('Reading the persona from Tavus…', (signal) =>
        this.deps.api.getPersona(target.id, signal),
      );
      const settings = this.deps.config.conversation;
      if (mode !== 'testMode') await this.offerToEndLeftovers();
      const replicaId = await this.chooseReplica(persona, mode === 'options');
      const extras = mode === 'options' ? await this.askExtras() : {};
      if (mode !== 'testMode') await this.confirmCost(settings);
      // Unique, so a create whose answer was lost can be recognised in the listing.
      const name = conversationName(personaLabel(persona), Date.now().toString(36) + Math.random().toString(36).slice(2, 6));
      const body = createConversationBody(target.id, replicaId, name, settings.limits, extras, mode === 'testMode');
      return await this.create(persona, body, settings, mode);
    } catch (error) {
      if (error instanceof Stop) return error.outcome;
      return this.failed(error, mode, arg);
    }
  }

  private async settleUnsavedEdits(target: PersonaTarget): Promise<void> {
    if (!target.document?.isDirty) return;
    const label = target.document.uri.path
      .split('/')
      .pop()!
      .replace(/\.json$/, '');
    const decision = await this.prompts.unsavedEdits(label);
    if (decision === 'cancel') throw new Stop(CANCELLED);
    // The save runs the editor's own flow (preview, guard, conflict); it resolves false when the document stayed dirty.
    if (decision === 'save' && !(await target.document.save())) throw new Stop(CANCELLED);
  }

  private async offerToEndLeftovers(): Promise<void> {
    const { tracker } = this.deps;
    const listed = await tracker.refresh().then(
      () => true,
      (error: unknown) => this.deps.log.error(`Could not list active conversations before starting: ${describeError(error)}`),
    );
    if (!listed) return;
    const activeIds = new Set(tracker.activeConversations().map((c) => c.conversation_id));
    const leftovers = leftoverRecords(tracker.records.all(), activeIds, tracker.session);
    if (leftovers.length === 0) return;
    const decision = await this.prompts.offerEndLeftovers(leftovers);
    if (decision === 'cancel') throw new Stop(CANCELLED);
    if (decision === 'end') await this.endAndReport(leftovers.map((r) => r.id));
  }

  private async chooseReplica(persona: Persona, userAsks: boolean): Promise<string> {
    const defaultId = defaultReplicaOf(persona);
    if (defaultId && !userAsks) return defaultId;
    const choices = await withSlowProgress('Listing replicas…', (signal) => this.deps.usableReplicas(signal));
    const withDefault =
      defaultId && !choices.some((c) => c.id === defaultId) ? [{ id: defaultId, name: defaultId }, ...choices] : choices;
    if (withDefault.length === 0) {
      throw new Error(
        `No replica is available: "${personaLabel(persona)}" has no default_replica_id, and the account lists no usable replicas.`,
      );
    }
    const picked = await this.prompts.pickReplica(withDefault, defaultId);
    if (!picked) throw new Stop(CANCELLED);
    return picked;
  }

  private async askExtras(): Promise<ConversationExtras> {
    const extras = await this.prompts.askExtras();
    if (!extras) throw new Stop(CANCELLED);
    return extras;
  }

  private async confirmCost(settings: ConversationSettings): Promise<void> {
    if (!settings.confirmCost || this.costConfirmed) return;
    if (!(await this.prompts.confirmCost(settings.limits.maxCallDurationSeconds))) throw new Stop(CANCELLED);
    this.costConfirmed = true;
  }

  private async create(
    persona: Persona,
    body: CreateConversationBody,
    settings: ConversationSettings,
    mode: StartMode,
    afterLimit = false,
  ): Promise<StartOutcome> {
    const label = personaLabel(persona);
    const title = mode === 'testMode' ? `Validating "${label}" with test mode…` : `Starting a test conversation with "${label}"…`;
    try {
      const { conversation, recovered } = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title },
        () => this.deps.conversations.createConversation(body),
      );
      if (recovered) {
        this.deps.log.info(
          `The answer to POST /v2/conversations was lost; ${conversation.conversation_id} was found by listing.`,
        );
      }
      return mode === 'testMode' ? this.validated(label, body, conversation) : await this.started(label, conversation, settings);
    } catch (error) {
      if (afterLimit || mode === 'testMode' || !isLimitError(error)) throw error;
      if (!(await this.freeSlots())) throw new Stop({ kind: 'failed', message: describeError(error) });
      return this.create(persona, body, settings, mode, true);
    }
  }

  private validated(label: string, body: CreateConversationBody, conversation: Conversation): StartOutcome {
    this.prompts.announce(
      `Tavus accepts "${label}" with replica ${body.replica_id} (test mode: no replica joined, nothing was billed).`,
    );
    return { kind: 'validated', conversation };
  }

  private async started(label: string, conversation: Conversation, settings: ConversationSettings): Promise<StartOutcome> {
    const url = conversation.conversation_url;
    await this.deps.tracker.remember(conversation, {
      id: conversation.conversation_id,
      personaId: conversation.persona_id ?? '',
      personaName: label,
      url,
      createdAtMs: Date.now(),
      maxCallDurationSeconds: settings.limits.maxCallDurationSeconds,
      session: this.deps.tracker.session,
    });
    if (url) await this.prompts.openUrl(url);
    const limit = formatClock(settings.limits.maxCallDurationSeconds);
    this.prompts.announce(`Test conversation with "${label}" started; it ends by itself after ${limit} at most.`, url);
    return { kind: 'started', conversation, recovered: false };
  }

  /** The concurrency limit: offers to end active conversations; true when some were ended, so starting again can work. */
  private async freeSlots(): Promise<boolean> {
    await this.deps.tracker.refresh().catch(() => undefined);
    const active = this.deps.tracker.activeConversations();
    if (!(await this.prompts.offerEndForLimit(active))) return false;
    const picked = await this.prompts.pickConversations(active, 'Select the conversations to end', true);
    if (picked.length === 0) return false;
    return (await this.endAndReport(picked.map((c) => c.conversation_id))) > 0;
  }

  private async endAndReport(ids: string[]): Promise<number> {
    const report = await endConversations(this.deps.conversations, this.deps.tracker, ids);
    for (const failure of report.failed) this.deps.log.error(`Could not end ${failure.id}: ${failure.message}`);
    return report.ended.length;
  }

  private failed(error: unknown, mode: StartMode, arg: unknown): StartOutcome {
    const operation = mode === 'testMode' ? 'validate the persona with test mode' : 'start a test conversation';
    void showTavusError(this.deps.notifier, operation, error, { retry: () => this.run(arg, mode) });
    return { kind: 'failed', message: describeError(error) };
  }
}

function isLimitError(error: unknown): boolean {
  return isTavusError(error) && error.status === 400 && isConcurrencyLimit(error.serverMessage);
}
