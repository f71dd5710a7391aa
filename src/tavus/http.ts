import { Agent, type Dispatcher } from 'undici';
import { parseBaseUrl } from './baseUrl';
import { TavusError } from './errors';
import { DEFAULT_RETRY_POLICY, RETRYABLE_STATUSES, parseRetryAfterMs, retryDelayMs, sleep, type RetryPolicy } from './retry';

export interface ConnectionSettings {
  baseUrl: string;
  apiKey: string | undefined;
  timeoutMs: number;
}

/** One finished attempt, for the log. Carries no headers, so the API key cannot leak through it. */
export interface RequestRecord {
  method: string;
  path: string;
  /** "?limit=100&page=2&persona_type=system", or "" when the request had none. */
  query: string;
  status?: number;
  durationMs: number;
  attempt: number;
  error?: string;
  requestBody?: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface HttpTransportOptions {
  settings: () => Promise<ConnectionSettings>;
  onRequest?: (record: RequestRecord) => void;
  retryPolicy?: RetryPolicy;
  maxResponseBytes?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const USER_AGENT = 'tavus-persona-editor';

/**
 * Sends one request to Tavus. Only GETs are retried: PATCH/POST/DELETE may have reached the
 * server before the failure, and repeating them could apply a change twice.
 */
export class HttpTransport {
  private readonly agent = new Agent({ keepAliveTimeout: 4_000, connect: { timeout: 10_000 } });
  private readonly retryPolicy: RetryPolicy;
  private readonly maxResponseBytes: number;

  constructor(private readonly options: HttpTransportOptions) {
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const settings = await this.options.settings();
    const base = parseBaseUrl(settings.baseUrl);
    if (!settings.apiKey) {
      throw new TavusError('No Tavus API key is set. Run "Tavus: Set API Key…" or set the TAVUS_API_KEY environment variable.', {
        kind: 'auth',
        method: request.method,
        path: request.path,
      });
    }
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(request, base, settings, attempt);
      const delay = request.method === 'GET' ? this.retryDelay(outcome, attempt) : undefined;
      if (delay === undefined) {
        if (outcome instanceof Error) throw outcome;
        return outcome;
      }
      await sleep(delay, request.signal).catch(() => {
        throw cancelledError(request);
      });
    }
  }

  dispose(): void {
    void this.agent.close();
  }

  private retryDelay(outcome: HttpResponse | TavusError, attempt: number): number | undefined {
    if (outcome instanceof TavusError) {
      return outcome.kind === 'network' ? retryDelayMs(this.retryPolicy, attempt, undefined) : undefined;
    }
    if (!RETRYABLE_STATUSES.has(outcome.status)) return undefined;
    return retryDelayMs(this.retryPolicy, attempt, parseRetryAfterMs(headerValue(outcome.headers['retry-after'])));
  }

  private async attempt(
    request: HttpRequest,
    base: URL,
    settings: ConnectionSettings,
    attempt: number,
  ): Promise<HttpResponse | TavusError> {
    const started = performance.now();
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const record = (fields: Partial<RequestRecord>) =>
      this.options.onRequest?.({
        method: request.method,
        path: request.path,
        query: queryString(request.query),
        durationMs: Math.round(performance.now() - started),
        attempt,
        requestBody: body,
        ...fields,
      });
    try {
      const response = await this.dispatch(request, base, settings.apiKey ?? '', body, signal);
      record({ status: response.status });
      return response;
    } catch (cause) {
      const error = classifyFailure(cause, request, timeout, settings.timeoutMs);
      record({ error: error.message });
      if (error.kind === 'cancelled' || error.kind === 'timeout' || error.kind === 'config') throw error;
      return error;
    }
  }

  private async dispatch(
    request: HttpRequest,
    base: URL,
    apiKey: string,
    body: string | undefined,
    signal: AbortSignal,
  ): Promise<HttpResponse> {
    const headers: Record<string, string> = { 'x-api-key': apiKey, accept: 'application/json', 'user-agent': USER_AGENT };
    if (body !== undefined) headers['content-type'] = 'application/json';
    // Dispatcher.request takes the path verbatim; new URL() would resolve `..` in a persona id.
    const response = await this.agent.request({
      origin: base.origin,
      path: joinPath(base.pathname, request.path) + queryString(request.query),
      method: request.method,
      headers,
      body,
      signal,
    });
    const text = await readText(response, this.maxResponseBytes);
    return { status: response.statusCode, headers: response.headers, text };
  }
}

function joinPath(basePath: string, path: string): string {
  return basePath.replace(/\/+$/, '') + path;
}

function queryString(query: HttpRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function readText(response: Dispatcher.ResponseData, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      response.body.destroy();
      throw new TavusError(`Tavus sent a response larger than ${Math.round(maxBytes / 1024 / 1024)} MB; it was not read.`, {
        kind: 'badResponse',
        status: response.statusCode,
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function cancelledError(request: HttpRequest): TavusError {
  return new TavusError('The request was cancelled.', { kind: 'cancelled', method: request.method, path: request.path });
}

function classifyFailure(cause: unknown, request: HttpRequest, timeout: AbortSignal, timeoutMs: number): TavusError {
  if (cause instanceof TavusError) return cause;
  const where = { method: request.method, path: request.path, cause };
  if (timeout.aborted) {
    const seconds = Math.round(timeoutMs / 100) / 10;
    return new TavusError(`Tavus did not answer within ${seconds} s (setting tavus.requestTimeoutSeconds).`, {
      kind: 'timeout',
      ...where,
    });
  }
  if (request.signal?.aborted) return cancelledError(request);
  const code = (cause as { code?: string }).code ?? '';
  if (code === 'ECONNREFUSED') {
    return new TavusError('Could not connect to Tavus (connection refused).', { kind: 'network', ...where });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new TavusError('Could not resolve the Tavus host name; check your network and tavus.apiBaseUrl.', {
      kind: 'network',
      ...where,
    });
  }
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new TavusError(`The connection to Tavus dropped (${detail}).`, { kind: 'network', ...where });
}
