import type { Fault } from '../server/tavusServer';

/** The user-facing operations the fault matrix covers. */
export const OPERATIONS = ['list', 'open', 'save', 'apply'] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface Expectation {
  /** Whether the operation still succeeds while the fault is active. */
  succeeds: boolean;
  /** What the message the user gets must say (when it fails). */
  message?: RegExp;
  /** The behaviour as the README's table states it. */
  behaviour: string;
}

export interface FaultCase {
  name: string;
  fault: Omit<Fault, 'match'>;
  /** tavus.requestTimeoutSeconds while the case runs. */
  timeoutSeconds: number;
  expect: Record<Operation, Expectation>;
}

const EVERY_TIME = Number.POSITIVE_INFINITY;
const works = (behaviour = 'works'): Expectation => ({ succeeds: true, behaviour });
const fails = (message: RegExp, behaviour: string): Expectation => ({ succeeds: false, message, behaviour });
const savedNot = (message: RegExp, cause: string): Expectation => fails(message, `not saved, text kept dirty: "${cause}", Retry`);
const appliedNot = (message: RegExp, cause: string, action = 'Retry'): Expectation =>
  fails(message, `not applied: "${cause}", ${action}`);
const worksEverywhere = (behaviour?: string): Record<Operation, Expectation> => ({
  list: works(behaviour),
  open: works(behaviour),
  save: works(behaviour),
  apply: works(behaviour),
});
/** Every operation fails for the same cause; `retried` notes the GET retries list and open made first. */
const failsEverywhere = (message: RegExp, cause: string, retried = ''): Record<Operation, Expectation> => ({
  list: fails(message, `error item "${cause}"${retried}, click to retry`),
  open: fails(message, `error "${cause}"${retried}`),
  save: savedNot(message, cause),
  apply: appliedNot(message, cause),
});

/**
 * Each fault the local server can inject, and what each operation must do under it. Faults on
 * list and open hit their GETs; faults on save hit the PATCH (its GETs are the freshness check
 * and the re-read). After every case the fault is cleared and the operation must work again.
 */
export const FAULT_CASES: FaultCase[] = [
  {
    name: '50 ms latency',
    fault: { latencyMs: 50, times: EVERY_TIME },
    timeoutSeconds: 10,
    expect: worksEverywhere(),
  },
  {
    name: '5 s latency',
    fault: { latencyMs: 5_000 },
    timeoutSeconds: 10,
    expect: worksEverywhere('works, after 5 s'),
  },
  {
    name: 'request timeout (1 s)',
    fault: { latencyMs: 3_000, times: EVERY_TIME },
    timeoutSeconds: 1,
    expect: failsEverywhere(/did not answer within 1 s/, 'did not answer within 1 s'),
  },
  {
    name: '429 with Retry-After: 1',
    fault: { status: 429, retryAfterSeconds: 1 },
    timeoutSeconds: 10,
    expect: {
      list: works('works: the GET is retried after 1 s'),
      open: works('works: the GET is retried after 1 s'),
      save: savedNot(/429/, 'Tavus answered 429 (too many requests)'),
      apply: appliedNot(/429/, 'Tavus answered 429 (too many requests)'),
    },
  },
  ...[500, 502, 503].map((status): FaultCase => ({
    name: `${status} on every request`,
    fault: { status, times: EVERY_TIME },
    timeoutSeconds: 10,
    expect: failsEverywhere(
      new RegExp(`Tavus answered ${status}`),
      `Tavus answered ${status}`,
      status === 500 ? '' : ' after 3 retries',
    ),
  })),
  {
    name: 'connection reset before the body',
    fault: { kind: 'reset-before-body' },
    timeoutSeconds: 10,
    expect: {
      list: works('works: the GET is retried'),
      open: works('works: the GET is retried'),
      save: savedNot(/connection to Tavus dropped/, 'the connection to Tavus dropped'),
      apply: appliedNot(/connection to Tavus dropped/, 'the connection to Tavus dropped'),
    },
  },
  {
    name: 'connection reset after the body',
    fault: { kind: 'reset-after-body' },
    timeoutSeconds: 10,
    expect: {
      list: works('works: the GET is retried'),
      open: works('works: the GET is retried'),
      save: fails(
        /part of the patch may have been applied/,
        'not saved, text kept dirty: "the persona changed on Tavus anyway: part of the patch may have been applied", Compare',
      ),
      apply: appliedNot(
        /part of the patch may have been applied/,
        'the persona changed on Tavus anyway: part of the patch may have been applied',
        'apply again',
      ),
    },
  },
  {
    name: 'truncated JSON body',
    fault: { kind: 'truncated-json', times: EVERY_TIME },
    timeoutSeconds: 10,
    expect: failsEverywhere(/connection to Tavus dropped/, 'the connection to Tavus dropped'),
  },
  {
    name: 'HTML error page (502)',
    fault: { kind: 'html-error', times: EVERY_TIME },
    timeoutSeconds: 10,
    expect: failsEverywhere(/an HTML error page/, 'Tavus answered 502 (bad gateway): an HTML error page'),
  },
  {
    name: '10 MB body',
    fault: { kind: 'huge-body', times: EVERY_TIME },
    timeoutSeconds: 10,
    expect: {
      list: fails(/without a "data" array/, 'error item "Tavus sent page 1 of the persona list without a data array"'),
      open: fails(/answered with persona/, 'error "Tavus answered with persona … when asked for …"'),
      save: fails(
        /does not show/,
        'not saved, text kept dirty: "Tavus answered OK, but the persona it now holds does not show … as sent"',
      ),
      apply: appliedNot(
        /does not show/,
        'Tavus answered OK, but the persona it now holds does not show … as sent',
        'apply again',
      ),
    },
  },
  {
    name: 'body that never finishes',
    fault: { kind: 'never-finish', times: EVERY_TIME },
    timeoutSeconds: 1,
    expect: failsEverywhere(/did not answer within 1 s/, 'did not answer within 1 s'),
  },
];

/** Not a fault of the server: another client changes the persona between the user's read and write. */
export interface ConcurrentChangeCase {
  name: string;
  expect: Record<Operation, Expectation>;
}

/** Checked with a change apart from the user's (Merge) and one on the same field (the named conflict). */
export const CHANGED_MEANWHILE: ConcurrentChangeCase = {
  name: 'the persona changed on Tavus meanwhile',
  expect: {
    list: works('works: shows the other change'),
    open: works('works: shows the other change'),
    save: works(
      'changes apart: Merge keeps both; same field: not saved, text kept dirty, the dialog names it ("/context — yours: …, Tavus now: …"), Overwrite',
    ),
    apply: works(
      'changes apart: Merge keeps both; same field: not applied, the dialog names it ("/context — yours: …, Tavus now: …"), apply again',
    ),
  },
};

const OPERATION_TITLES: Record<Operation, string> = {
  list: 'List personas (tree)',
  open: 'Open a persona',
  save: 'Save a persona (PATCH)',
  apply: 'Apply a patch file (PATCH)',
};

/** The README's fault-matrix table, rendered from the cases the integration tests run. */
export function renderFaultMatrix(): string {
  const header = `| fault | ${OPERATIONS.map((op) => OPERATION_TITLES[op]).join(' | ')} |`;
  const rule = `| --- | ${OPERATIONS.map(() => '---').join(' | ')} |`;
  const rows = [...FAULT_CASES, CHANGED_MEANWHILE].map(
    (c) => `| ${c.name} | ${OPERATIONS.map((op) => c.expect[op].behaviour).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
