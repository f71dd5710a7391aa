export type FaultKind =
  | 'reset-before-body'
  | 'reset-after-body'
  | 'truncated-json'
  | 'html-error'
  | 'non-json'
  | 'huge-body'
  | 'never-finish'
  | 'redirect';

const FAULT_KINDS: readonly FaultKind[] = [
  'reset-before-body',
  'reset-after-body',
  'truncated-json',
  'html-error',
  'non-json',
  'huge-body',
  'never-finish',
  'redirect',
];

export interface FaultMatch {
  method?: string;
  /** Substring of the request path, or a regex source when `regex` is true. */
  path?: string;
  regex?: boolean;
}

export interface Fault {
  match?: FaultMatch;
  /** Default 1. Infinity (or -1 over the control API, since JSON has no Infinity) means until cleared. */
  times?: number;
  latencyMs?: number;
  status?: number;
  retryAfterSeconds?: number;
  kind?: FaultKind;
  redirectTo?: string;
}

interface QueuedFault {
  fault: Fault;
  remaining: number;
  matches: (method: string, path: string) => boolean;
}

export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(fault: Fault): void {
    checkFault(fault);
    this.queue.push({ fault, remaining: normalizeTimes(fault.times), matches: compileMatch(fault.match) });
  }

  clear(): void {
    this.queue = [];
  }

  /** Consumes one use of the first fault that matches. */
  take(method: string, path: string): Fault | undefined {
    const queued = this.queue.find((candidate) => candidate.matches(method, path));
    if (!queued) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.queue.splice(this.queue.indexOf(queued), 1);
    return queued.fault;
  }
}

/** Fails at injection time, so a typo in a test shows up where it was written rather than as a confusing response. */
function checkFault(fault: Fault): void {
  if (fault.kind !== undefined && !FAULT_KINDS.includes(fault.kind)) throw new TypeError(`Unknown fault kind: ${fault.kind}`);
  if (fault.kind === 'redirect' && !fault.redirectTo) throw new TypeError('A redirect fault needs redirectTo');
  if (fault.status !== undefined && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) {
    throw new TypeError(`Invalid fault status: ${fault.status}`);
  }
  if (fault.latencyMs !== undefined && !(fault.latencyMs >= 0)) throw new TypeError('latencyMs must be >= 0');
  normalizeTimes(fault.times);
}

function normalizeTimes(times: number | undefined): number {
  if (times === undefined) return 1;
  if (times === -1 || times === Infinity) return Infinity;
  if (Number.isInteger(times) && times > 0) return times;
  throw new TypeError(`Invalid fault times: ${times}`);
}

function compileMatch(match: FaultMatch | undefined): (method: string, path: string) => boolean {
  const method = match?.method?.toUpperCase();
  const pathMatches = compilePathMatch(match);
  return (requestMethod, path) => (method === undefined || method === requestMethod) && pathMatches(path);
}

function compilePathMatch(match: FaultMatch | undefined): (path: string) => boolean {
  const pattern = match?.path;
  if (pattern === undefined) return () => true;
  if (!match?.regex) return (path) => path.includes(pattern);
  const regex = new RegExp(pattern);
  return (path) => regex.test(path);
}
