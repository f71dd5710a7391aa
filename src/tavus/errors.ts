/** What went wrong, in the terms the UI needs to pick a message and the actions it offers. */
export type TavusErrorKind =
  | 'config' // bad base URL, missing key: fix settings
  | 'auth' // 401/403: fix the API key
  | 'rejected' // 400/404/409/422: the request itself was refused
  | 'rateLimited' // 429
  | 'server' // 5xx
  | 'timeout'
  | 'network' // reset, refused, DNS
  | 'badResponse' // unparseable or unexpected body, redirect
  | 'cancelled';

export interface TavusErrorDetails {
  kind: TavusErrorKind;
  method?: string;
  path?: string;
  status?: number;
  /** The server's own `error` or `message` text, when it sent one. */
  serverMessage?: string;
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class TavusError extends Error {
  readonly kind: TavusErrorKind;
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
  readonly serverMessage?: string;
  readonly retryAfterSeconds?: number;

  constructor(message: string, details: TavusErrorDetails) {
    super(message, { cause: details.cause });
    this.name = 'TavusError';
    this.kind = details.kind;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.serverMessage = details.serverMessage;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  /** Whether trying the same thing again later can succeed without the user changing anything. */
  get retryable(): boolean {
    return ['rateLimited', 'server', 'timeout', 'network', 'badResponse'].includes(this.kind);
  }
}

export function isTavusError(error: unknown): error is TavusError {
  return error instanceof TavusError;
}

export function kindForStatus(status: number): TavusErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rateLimited';
  if (status >= 500) return 'server';
  if (status >= 300 && status < 400) return 'badResponse';
  return 'rejected';
}

const STATUS_TEXT: Record<number, string> = {
  400: 'bad request',
  401: 'the API key was not accepted',
  403: 'not allowed',
  404: 'not found',
  409: 'conflict',
  422: 'the patch was not accepted',
  429: 'too many requests',
  500: 'Tavus had an internal error',
  502: 'bad gateway',
  503: 'Tavus is unavailable',
  504: 'gateway timeout',
};

export function describeStatus(status: number): string {
  return STATUS_TEXT[status] ?? (status >= 500 ? 'server error' : 'unexpected response');
}
