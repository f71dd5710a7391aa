import { isJsonObject, type JsonObject } from './json';

/** A conversation as Tavus lists it; only the fields the editor shows or matches on are typed. */
export interface Conversation {
  conversation_id: string;
  conversation_name?: string;
  conversation_url?: string;
  status?: string;
  persona_id?: string;
  replica_id?: string;
  created_at?: string;
}

/** The limits every conversation started from the editor carries, so none can bill for long by accident. */
export interface ConversationLimits {
  maxCallDurationSeconds: number;
  participantLeftTimeoutSeconds: number;
  participantAbsentTimeoutSeconds: number;
}

export interface ConversationExtras {
  conversationalContext?: string;
  customGreeting?: string;
}

export interface CreateConversationBody extends JsonObject {
  persona_id: string;
  replica_id: string;
  conversation_name: string;
}

/**
 * What the editor remembers about a conversation it started, per account, across reloads: enough
 * to end it on exit and to recognise it as a leftover later. Never the API key.
 */
export interface StartedRecord {
  id: string;
  personaId: string;
  personaName: string;
  url?: string;
  createdAtMs: number;
  maxCallDurationSeconds: number;
  /** The activation that started it; a record from another session that is still active is a leftover. */
  session: string;
}

export const CONVERSATION_NAME_PREFIX = 'VS Code test';

/** "VS Code test · Onboarding Guide · lx2k9a": says where it came from, and the token lets a lost answer be found again. */
export function conversationName(personaName: string, token: string): string {
  return `${CONVERSATION_NAME_PREFIX} · ${personaName} · ${token}`;
}

export function createConversationBody(
  personaId: string,
  replicaId: string,
  name: string,
  limits: ConversationLimits,
  extras: ConversationExtras = {},
  testMode = false,
): CreateConversationBody {
  const body: CreateConversationBody = { persona_id: personaId, replica_id: replicaId, conversation_name: name };
  if (extras.conversationalContext) body.conversational_context = extras.conversationalContext;
  if (extras.customGreeting) body.custom_greeting = extras.customGreeting;
  if (testMode) body.test_mode = true;
  body.properties = {
    max_call_duration: limits.maxCallDurationSeconds,
    participant_left_timeout: limits.participantLeftTimeoutSeconds,
    participant_absent_timeout: limits.participantAbsentTimeoutSeconds,
  };
  return body;
}

/** The conversation an earlier create made, when its answer was lost: same name (unique token) and persona. */
export function findCreated(listed: readonly Conversation[], body: CreateConversationBody): Conversation | undefined {
  return listed.find((c) => c.conversation_name === body.conversation_name && c.persona_id === body.persona_id);
}

/** Tavus answers 400 `{"message":"User has reached maximum concurrent conversations"}` when no slot is free. */
export function isConcurrencyLimit(serverMessage: string | undefined): boolean {
  return /maximum concurrent conversations/i.test(serverMessage ?? '');
}

/** A conversation object with at least an id, or undefined when `value` is something else. */
export function asConversation(value: unknown): Conversation | undefined {
  if (!isJsonObject(value) || typeof value.conversation_id !== 'string' || value.conversation_id === '') return undefined;
  const text = (key: string) => (typeof value[key] === 'string' ? value[key] : undefined);
  return {
    conversation_id: value.conversation_id,
    conversation_name: text('conversation_name'),
    conversation_url: text('conversation_url'),
    status: text('status'),
    persona_id: text('persona_id'),
    replica_id: text('replica_id'),
    created_at: text('created_at'),
  };
}

export function isActive(conversation: Pick<Conversation, 'status'>): boolean {
  return conversation.status === 'active';
}

/** Seconds until `max_call_duration` ends the call, never below 0. */
export function remainingSeconds(record: Pick<StartedRecord, 'createdAtMs' | 'maxCallDurationSeconds'>, nowMs: number): number {
  return Math.max(0, Math.ceil((record.createdAtMs + record.maxCallDurationSeconds * 1000 - nowMs) / 1000));
}

/** "3:12", "1:02:03": a countdown as a clock shows it. */
export function formatClock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "4 min left", "no time left": coarse enough for a row redrawn now and then. */
export function formatMinutesLeft(seconds: number): string {
  return seconds <= 0 ? 'no time left' : `${Math.ceil(seconds / 60)} min left`;
}

/** "just now", "4 min ago", "2 h ago", "3 d ago". */
export function formatAge(ageMs: number): string {
  const minutes = Math.floor(Math.max(0, ageMs) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.floor(hours / 24)} d ago`;
}

/** "● 1 live call · 3:12": how many calls started here are live, and the time left on the one ending first. */
export function liveCallsText(remaining: readonly number[]): string | undefined {
  if (remaining.length === 0) return undefined;
  const calls = remaining.length === 1 ? '1 live call' : `${remaining.length} live calls`;
  return `● ${calls} · ${formatClock(Math.min(...remaining))}`;
}

/** Records whose max_call_duration has passed (with a margin for Tavus's own clock) cannot be active any more. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

export function unexpiredRecords(records: readonly StartedRecord[], nowMs: number): StartedRecord[] {
  return records.filter((r) => r.createdAtMs + r.maxCallDurationSeconds * 1000 + EXPIRY_MARGIN_MS > nowMs);
}

/** Conversations an earlier session started here that Tavus still lists as active: nobody ended them. */
export function leftoverRecords(
  records: readonly StartedRecord[],
  activeIds: ReadonlySet<string>,
  session: string,
): StartedRecord[] {
  return records.filter((r) => r.session !== session && activeIds.has(r.id));
}

/** Records still worth keeping once Tavus's active listing is known: only those it still lists as active. */
export function recordsStillActive(records: readonly StartedRecord[], activeIds: ReadonlySet<string>): StartedRecord[] {
  return records.filter((r) => activeIds.has(r.id));
}

/** The persona's default replica under either name (`default_face_id` is the PAL-era one), if set. */
export function defaultReplicaOf(persona: JsonObject): string | undefined {
  for (const candidate of [persona.default_replica_id, persona.default_face_id]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim();
  }
  return undefined;
}
