import * as vscode from 'vscode';
import { isActive, remainingSeconds, type Conversation, type StartedRecord } from '../core/conversations';
import type { ConversationApi } from '../tavus/conversations';
import type { StartedHereRecords } from './startedHere';

/** One row of the Conversations view. */
export interface ConversationRow {
  conversation: Conversation;
  /** Set when this editor started it. */
  record?: StartedRecord;
}

export type TrackerState = { kind: 'idle' } | { kind: 'ready' } | { kind: 'failed'; error: unknown };

/** While calls started here are live, Tavus is asked again this often, so one ended elsewhere shows as ended. */
const POLL_MS = 10_000;

/**
 * What the editor knows about the account's conversations: the active ones Tavus lists, plus
 * those started here (remembered across reloads) and those that ended in this session.
 */
export class ConversationTracker implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private active: Conversation[] = [];
  private readonly endedHere = new Map<string, ConversationRow>();
  private stateNow: TrackerState = { kind: 'idle' };
  private refreshing?: Promise<void>;
  private readonly poll: NodeJS.Timeout;
  watching = false;

  constructor(
    private readonly api: ConversationApi,
    readonly records: StartedHereRecords,
    /** This activation; records from another one that are still active are leftovers. */
    readonly session: string,
  ) {
    this.poll = setInterval(() => {
      if (this.watching || this.live().length > 0) void this.refresh().catch(() => undefined);
    }, POLL_MS);
  }

  get state(): TrackerState {
    return this.stateNow;
  }

  /** Lists the active conversations again; records Tavus no longer lists as active are marked ended. Throws what listing threw. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** The active conversations as last listed. */
  activeConversations(): Conversation[] {
    return [...this.active];
  }

  /** Started here and, as far as the editor knows, still running. */
  live(nowMs = Date.now()): StartedRecord[] {
    return this.records.all(nowMs).filter((r) => !this.endedHere.has(r.id) && remainingSeconds(r, nowMs) > 0);
  }

  rows(): ConversationRow[] {
    const records = this.records.all();
    const recordOf = (id: string) => records.find((r) => r.id === id);
    const listed = this.active.map((conversation) => ({ conversation, record: recordOf(conversation.conversation_id) }));
    const unlisted = records
      .filter((r) => !this.endedHere.has(r.id) && !this.active.some((c) => c.conversation_id === r.id))
      .map((record) => ({ conversation: conversationOf(record, 'active'), record }));
    return [...unlisted, ...listed, ...this.endedHere.values()];
  }

  async remember(conversation: Conversation, record: StartedRecord): Promise<void> {
    if (isActive(conversation)) this.active = [conversation, ...this.active.filter((c) => c.conversation_id !== record.id)];
    await this.records.add(record);
    this.changed.fire();
  }

  async markEnded(ids: readonly string[]): Promise<void> {
    const records = this.records.all();
    for (const id of ids) {
      const record = records.find((r) => r.id === id);
      const listed = this.active.find((c) => c.conversation_id === id);
      if (record) {
        this.endedHere.set(id, { conversation: { ...(listed ?? conversationOf(record, 'ended')), status: 'ended' }, record });
      }
    }
    this.active = this.active.filter((c) => !ids.includes(c.conversation_id));
    await this.records.remove(ids);
    this.changed.fire();
  }

  /** Another account: what was listed belongs to the previous one. */
  reset(): void {
    this.active = [];
    this.endedHere.clear();
    this.stateNow = { kind: 'idle' };
    this.changed.fire();
  }

  dispose(): void {
    clearInterval(this.poll);
    this.changed.dispose();
  }

  private async load(): Promise<void> {
    // A conversation started while this listing was on its way is not in it, yet not ended.
    const listedAt = Date.now();
    const before = this.signature();
    try {
      this.active = await this.api.listConversations('active');
      this.stateNow = { kind: 'ready' };
    } catch (error) {
      this.stateNow = { kind: 'failed', error };
      this.changed.fire();
      throw error;
    }
    const activeIds = new Set(this.active.map((c) => c.conversation_id));
    const over = this.records.all().filter((r) => !activeIds.has(r.id) && r.createdAtMs < listedAt);
    if (over.length > 0) await this.markEnded(over.map((r) => r.id));
    // A refresh re-renders the view's rows; a right-click menu open on one would then act on a stale row.
    else if (this.signature() !== before) this.changed.fire();
  }

  private signature(): string {
    return JSON.stringify([this.stateNow.kind, this.active]);
  }
}

function conversationOf(record: StartedRecord, status: string): Conversation {
  return {
    conversation_id: record.id,
    conversation_url: record.url,
    persona_id: record.personaId,
    status,
    created_at: new Date(record.createdAtMs).toISOString(),
  };
}
