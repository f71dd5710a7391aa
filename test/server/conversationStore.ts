import type { JsonObject } from '../../src/core/json';

export type ConversationStatus = 'active' | 'ended';

export interface StoredConversation extends JsonObject {
  conversation_id: string;
  conversation_name: string;
  conversation_url: string;
  status: ConversationStatus;
  callback_url: string | null;
  persona_id: string;
  replica_id: string;
  created_at: string;
  updated_at: string;
}

interface Entry {
  conversation: StoredConversation;
  createdAtMs: number;
  maxCallDurationSeconds: number;
  shutdownReason?: string;
}

export interface NewConversation {
  name: string;
  personaId: string;
  replicaId: string;
  maxCallDurationSeconds: number;
  testMode: boolean;
}

/** Tavus's documented default for `properties.max_call_duration`. */
export const DEFAULT_MAX_CALL_DURATION_SECONDS = 3600;
/** Plans cap concurrency at undocumented numbers; the sandbox picks a small one so the limit is reachable. */
export const DEFAULT_MAX_CONCURRENT = 3;

const FIRST_ID = 0xca4301628c00;

/**
 * Conversations as the sandbox keeps them. Nobody joins a sandbox call, so a conversation
 * ends only by End or once `max_call_duration` has passed; the latter is applied whenever the
 * store is read, so no timer keeps the process busy.
 */
export class ConversationStore {
  private entries = new Map<string, Entry>();
  private nextId = FIRST_ID;
  maxConcurrent = DEFAULT_MAX_CONCURRENT;

  constructor(
    private readonly pageUrl: (id: string) => string,
    private readonly now: () => number = Date.now,
  ) {}

  reset(): void {
    this.entries = new Map();
    this.nextId = FIRST_ID;
    this.maxConcurrent = DEFAULT_MAX_CONCURRENT;
  }

  activeCount(): number {
    return this.list('active').length;
  }

  create(fields: NewConversation): StoredConversation {
    const id = `c${(this.nextId++).toString(16)}`;
    const createdAtMs = this.now();
    const timestamp = new Date(createdAtMs).toISOString();
    const conversation: StoredConversation = {
      conversation_id: id,
      conversation_name: fields.name,
      conversation_url: this.pageUrl(id),
      // A test-mode conversation is created already ended: no replica joins, nothing is billed.
      status: fields.testMode ? 'ended' : 'active',
      callback_url: null,
      persona_id: fields.personaId,
      replica_id: fields.replicaId,
      created_at: timestamp,
      updated_at: timestamp,
    };
    this.entries.set(id, { conversation, createdAtMs, maxCallDurationSeconds: fields.maxCallDurationSeconds });
    return conversation;
  }

  /** Newest first, as a dashboard lists them. */
  list(status?: ConversationStatus): StoredConversation[] {
    this.expire();
    return [...this.entries.values()]
      .map((entry) => entry.conversation)
      .filter((c) => status === undefined || c.status === status)
      .reverse();
  }

  find(id: string): StoredConversation | undefined {
    this.expire();
    return this.entries.get(id)?.conversation;
  }

  /** When `max_call_duration` ends the call, in epoch ms. */
  endsAtMs(id: string): number | undefined {
    const entry = this.entries.get(id);
    return entry && entry.createdAtMs + entry.maxCallDurationSeconds * 1000;
  }

  shutdownReason(id: string): string | undefined {
    return this.entries.get(id)?.shutdownReason;
  }

  /** False when it had already ended. */
  end(id: string, reason = 'end_conversation_endpoint_hit'): boolean {
    const entry = this.entries.get(id);
    if (!entry || entry.conversation.status === 'ended') return false;
    this.finish(entry, reason);
    return true;
  }

  delete(id: string): boolean {
    return this.entries.delete(id);
  }

  private expire(): void {
    const now = this.now();
    for (const entry of this.entries.values()) {
      const overdue = now >= entry.createdAtMs + entry.maxCallDurationSeconds * 1000;
      if (entry.conversation.status === 'active' && overdue) this.finish(entry, 'max_call_duration reached');
    }
  }

  private finish(entry: Entry, reason: string): void {
    entry.conversation.status = 'ended';
    entry.conversation.updated_at = new Date(this.now()).toISOString();
    entry.shutdownReason = reason;
  }
}
