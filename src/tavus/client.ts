import { isJsonObject, type PatchOp, type Persona } from '../core/json';
import { personaId } from '../core/personaRules';
import type {
  CreatedPersona,
  ListPersonasOptions,
  ListReferenceOptions,
  PatchOutcome,
  PersonaListing,
  ReferenceKind,
  ReferenceListing,
  TavusApi,
} from './api';
import { TavusError, describeStatus, kindForStatus } from './errors';
import type { HttpRequest, HttpResponse, HttpTransport } from './http';
import { listAllPages } from './paging';
import { rememberInexactNumbers } from './serverNumbers';
import { listReferencePages } from './referenceLists';

export interface TavusClientOptions {
  pageSize: () => number;
  listConcurrency?: number;
}

export class TavusClient implements TavusApi {
  constructor(
    private readonly http: HttpTransport,
    private readonly options: TavusClientOptions,
  ) {}

  listPersonas(options: ListPersonasOptions = {}): Promise<PersonaListing> {
    return listAllPages({
      pageSize: clampPageSize(this.options.pageSize()),
      concurrency: this.options.listConcurrency ?? 4,
      onProgress: options.onProgress,
      fetchPage: async (page, limit) => {
        const response = await this.expectOk({
          method: 'GET',
          path: '/v2/personas',
          query: { limit, page, persona_type: options.personaType },
          signal: options.signal,
        });
        return parseJson(response, 'GET', '/v2/personas');
      },
    });
  }

  /** One small request that needs a valid key: the number of personas, when Tavus reports it. */
  async countPersonas(signal?: AbortSignal): Promise<number | undefined> {
    const path = '/v2/personas';
    const response = await this.expectOk({ method: 'GET', path, query: { limit: 1, page: 1 }, signal });
    const body = parseJson(response, 'GET', path);
    const total = isJsonObject(body) ? body.total_count : undefined;
    return typeof total === 'number' ? total : undefined;
  }

  async getPersona(id: string, signal?: AbortSignal): Promise<Persona> {
    const path = personaPath(id);
    const response = await this.expectOk({ method: 'GET', path, signal });
    const body = parseJson(response, 'GET', path);
    const persona = unwrapPersona(body, path);
    const returnedId = personaId(persona);
    // A wrong persona would become the base of the user's next diff.
    if (returnedId !== undefined && returnedId !== id) {
      throw new TavusError(`Tavus answered with persona ${returnedId} when asked for ${id}.`, {
        kind: 'badResponse',
        method: 'GET',
        path,
      });
    }
    rememberInexactNumbers(persona, response.text, persona === body ? '' : '/data/0');
    return persona;
  }

  async patchPersona(id: string, ops: readonly PatchOp[], signal?: AbortSignal): Promise<PatchOutcome> {
    const request: HttpRequest = { method: 'PATCH', path: personaPath(id), body: ops, signal };
    const response = await this.http.send(request);
    // HTTP forbids a body on 304, so Tavus's "No changes were made" message never arrives.
    if (response.status === 304) return { changed: false };
    if (isSuccess(response.status)) return { changed: true };
    throw errorFromResponse(response, request);
  }

  async createPersona(persona: Persona, signal?: AbortSignal): Promise<CreatedPersona> {
    const path = '/v2/personas';
    const body = parseJson(await this.expectOk({ method: 'POST', path, body: persona, signal }), 'POST', path);
    if (!isJsonObject(body) || typeof body.persona_id !== 'string') {
      throw new TavusError('Tavus created the persona but did not return its persona_id.', { kind: 'badResponse', path });
    }
    return body as unknown as CreatedPersona;
  }

  async deletePersona(id: string, signal?: AbortSignal): Promise<void> {
    await this.expectOk({ method: 'DELETE', path: personaPath(id), signal });
  }

  listReferenceItems(kind: ReferenceKind, options: ListReferenceOptions = {}): Promise<ReferenceListing> {
    return listReferencePages(kind, {
      ...options,
      pageSize: clampPageSize(this.options.pageSize()),
      fetchPage: async (path, query, signal) =>
        parseJson(await this.expectOk({ method: 'GET', path, query, signal }), 'GET', path),
    });
  }

  private async expectOk(request: HttpRequest): Promise<HttpResponse> {
    const response = await this.http.send(request);
    if (isSuccess(response.status)) return response;
    throw errorFromResponse(response, request);
  }
}

/**
 * Ids are opaque and always encoded. `.` and `..` are refused outright: URL parsers and proxies
 * treat them (even as %2E%2E) as dot segments, which would address a different path. So are ids
 * with a lone surrogate (`\p{Cs}`), which no URL can carry (encodeURIComponent throws a URIError).
 */
export function personaPath(id: string): string {
  if (!id || id === '.' || id === '..' || /\p{Cs}/u.test(id)) {
    throw new TavusError(`"${id}" is not a valid persona id.`, { kind: 'rejected' });
  }
  return `/v2/personas/${encodeURIComponent(id)}`;
}

function clampPageSize(size: number): number {
  return Number.isInteger(size) ? Math.min(100, Math.max(1, size)) : 100;
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

export function parseJson(response: HttpResponse, method: string, path: string): unknown {
  if (response.text.trim() === '') return undefined;
  try {
    return JSON.parse(response.text);
  } catch (cause) {
    throw new TavusError(`Tavus sent a response that is not valid JSON (${describeBody(response)}).`, {
      kind: 'badResponse',
      method,
      path,
      status: response.status,
      cause,
    });
  }
}

/** The docs wrap GET in `{"data":[persona]}`; real responses are the bare persona. Accept both. */
export function unwrapPersona(body: unknown, path: string): Persona {
  if (isJsonObject(body)) {
    const looksWrapped = !('persona_id' in body) && !('pal_id' in body) && Array.isArray(body.data);
    const persona = looksWrapped ? (body.data as unknown[])[0] : body;
    if (isJsonObject(persona)) return persona;
  }
  throw new TavusError('Tavus sent a persona response without a persona object in it.', {
    kind: 'badResponse',
    method: 'GET',
    path,
  });
}

export function errorFromResponse(response: HttpResponse, request: HttpRequest): TavusError {
  const serverMessage = serverMessageOf(response.text);
  const retryAfter = Number(response.headers['retry-after']);
  const location = response.headers.location;
  const reason = location
    ? `a redirect to ${String(location)}, which is not followed so the API key stays with Tavus; check tavus.apiBaseUrl`
    : (serverMessage ?? describeBodyOrStatus(response));
  return new TavusError(`Tavus answered ${response.status} (${describeStatus(response.status)}): ${reason}`, {
    kind: kindForStatus(response.status),
    method: request.method,
    path: request.path,
    status: response.status,
    serverMessage,
    retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
  });
}

/** 400 bodies use `error`, 401/304/422 bodies use `message`. */
function serverMessageOf(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (!isJsonObject(body)) return undefined;
    const message = body.error ?? body.message;
    return typeof message === 'string' && message.trim() ? message.trim() : undefined;
  } catch {
    return undefined;
  }
}

function describeBodyOrStatus(response: HttpResponse): string {
  return response.text.trim() ? describeBody(response) : 'no details were given';
}

function describeBody(response: HttpResponse): string {
  const [type = ''] = String(response.headers['content-type'] ?? 'unknown type').split(';');
  if (/html/i.test(type) || /^\s*</.test(response.text)) return 'an HTML error page';
  return `${type}, ${response.text.length} characters`;
}
