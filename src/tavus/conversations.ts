import { asConversation, findCreated, type Conversation, type CreateConversationBody } from '../core/conversations';
import { isJsonObject } from '../core/json';
import { errorFromResponse, isSuccess, parseJson } from './client';
import { TavusError, isTavusError } from './errors';
import type { HttpRequest, HttpTransport } from './http';

export interface CreatedConversation {
  conversation: Conversation;
  /** True when the answer was lost and the conversation was found again by listing. */
  recovered: boolean;
}

export interface EndedConversation {
  /** True when Tavus had already ended it (by End elsewhere, or a timeout). */
  alreadyEnded: boolean;
}

export interface ConversationApi {
  /** Never retried: a second POST would start (and bill) a second call. */
  createConversation(body: CreateConversationBody, signal?: AbortSignal): Promise<CreatedConversation>;
  listConversations(status?: 'active' | 'ended', signal?: AbortSignal): Promise<Conversation[]>;
  getConversation(id: string, signal?: AbortSignal): Promise<Conversation>;
  endConversation(id: string, signal?: AbortSignal): Promise<EndedConversation>;
}

const COLLECTION = '/v2/conversations';
const PAGE_SIZE = 100;
/** Far beyond any real account; only stops a misbehaving server from keeping us paging forever. */
const MAX_PAGES = 100;

/** Failures after which the request may or may not have taken effect on Tavus. */
const AMBIGUOUS_KINDS = new Set(['network', 'timeout', 'badResponse']);

export class ConversationClient implements ConversationApi {
  constructor(private readonly http: HttpTransport) {}

  async createConversation(body: CreateConversationBody, signal?: AbortSignal): Promise<CreatedConversation> {
    try {
      return { conversation: await this.postConversation(body, signal), recovered: false };
    } catch (error) {
      if (!isTavusError(error) || !AMBIGUOUS_KINDS.has(error.kind)) throw error;
      return { conversation: await this.findLostConversation(body, error), recovered: true };
    }
  }

  async listConversations(status?: 'active' | 'ended', signal?: AbortSignal): Promise<Conversation[]> {
    const all: Conversation[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const request: HttpRequest = { method: 'GET', path: COLLECTION, query: { limit: PAGE_SIZE, page, status }, signal };
      const body = parseJson(await this.expectOk(request), 'GET', COLLECTION);
      if (!isJsonObject(body) || !Array.isArray(body.data)) {
        throw new TavusError(`Tavus sent page ${page} of the conversation list without a "data" array.`, {
          kind: 'badResponse',
          path: COLLECTION,
        });
      }
      const items = body.data.map(asConversation).filter((c): c is Conversation => c !== undefined);
      all.push(...items.filter((c) => !all.some((seen) => seen.conversation_id === c.conversation_id)));
      const total = typeof body.total_count === 'number' ? body.total_count : undefined;
      if (body.data.length < PAGE_SIZE || (total !== undefined && all.length >= total)) break;
    }
    return all;
  }

  async getConversation(id: string, signal?: AbortSignal): Promise<Conversation> {
    const path = conversationPath(id);
    const conversation = asConversation(parseJson(await this.expectOk({ method: 'GET', path, signal }), 'GET', path));
    if (!conversation || conversation.conversation_id !== id) {
      throw new TavusError(`Tavus did not answer with conversation ${id}.`, { kind: 'badResponse', method: 'GET', path });
    }
    return conversation;
  }

  /**
   * A refused or lost End is checked against the conversation's status: if Tavus shows it ended,
   * ending it is done, whoever did it.
   */
  async endConversation(id: string, signal?: AbortSignal): Promise<EndedConversation> {
    try {
      await this.expectOk({ method: 'POST', path: `${conversationPath(id)}/end`, signal });
      return { alreadyEnded: false };
    } catch (error) {
      if (!isTavusError(error) || !(error.kind === 'rejected' || AMBIGUOUS_KINDS.has(error.kind))) throw error;
      const current = await this.getConversation(id, signal).catch(() => undefined);
      if (current?.status !== 'ended') throw error;
      return { alreadyEnded: error.kind === 'rejected' };
    }
  }

  private async postConversation(body: CreateConversationBody, signal?: AbortSignal): Promise<Conversation> {
    const response = await this.expectOk({ method: 'POST', path: COLLECTION, body, signal });
    const conversation = asConversation(parseJson(response, 'POST', COLLECTION));
    if (!conversation) {
      throw new TavusError('Tavus answered OK but sent no conversation_id.', {
        kind: 'badResponse',
        method: 'POST',
        path: COLLECTION,
      });
    }
    return conversation;
  }

  /** The create's answer was lost; its unique name tells whether Tavus made the conversation anyway. */
  private async findLostConversation(body: CreateConversationBody, error: TavusError): Promise<Conversation> {
    let listed: Conversation[];
    try {
      // A test-mode conversation is created already ended.
      listed = await this.listConversations(body.test_mode === true ? 'ended' : 'active');
    } catch {
      throw new TavusError(`${error.message} Whether a conversation was created is unknown: check the Conversations view.`, {
        kind: error.kind,
        method: 'POST',
        path: COLLECTION,
        cause: error,
      });
    }
    const found = findCreated(listed, body);
    if (found) return found;
    throw new TavusError(`${error.message} No conversation was created.`, {
      kind: error.kind,
      method: 'POST',
      path: COLLECTION,
      status: error.status,
      cause: error,
    });
  }

  private async expectOk(request: HttpRequest) {
    const response = await this.http.send(request);
    if (isSuccess(response.status)) return response;
    throw errorFromResponse(response, request);
  }
}

/** Ids are opaque: encoded, and `.`/`..` refused, for the reasons personaPath gives. */
export function conversationPath(id: string): string {
  if (!id || id === '.' || id === '..' || /\p{Cs}/u.test(id)) {
    throw new TavusError(`"${id}" is not a valid conversation id.`, { kind: 'rejected' });
  }
  return `${COLLECTION}/${encodeURIComponent(id)}`;
}
