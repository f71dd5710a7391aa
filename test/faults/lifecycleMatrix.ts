import { FAULT_CASES, type Expectation, type FaultCase } from './matrix';

/** The lifecycle writes the fault matrix covers: neither POST nor DELETE is ever retried. */
export const LIFECYCLE_OPERATIONS = ['create', 'delete'] as const;
export type LifecycleOperation = (typeof LIFECYCLE_OPERATIONS)[number];

const works = (behaviour: string): Expectation => ({ succeeds: true, behaviour });
const notCreated = (message: RegExp, cause: string): Expectation => ({
  succeeds: false,
  message,
  behaviour: `not created: "${cause}", the list shows no new persona, the draft keeps its text, Retry`,
});
const notDeleted = (message: RegExp, cause: string): Expectation => ({
  succeeds: false,
  message,
  behaviour: `not deleted: "${cause}", still listed, Retry`,
});
const failsBoth = (message: RegExp, cause: string): Record<LifecycleOperation, Expectation> => ({
  create: notCreated(message, cause),
  delete: notDeleted(message, cause),
});

/**
 * What creating (POST) and deleting (DELETE) a persona do under the faults of the matrix that a
 * write can meet (same names as FAULT_CASES). The fault hits the POST or DELETE only; the reads
 * around it answer normally.
 */
export const LIFECYCLE_FAULT_EXPECTATIONS: Record<string, Record<LifecycleOperation, Expectation>> = {
  'request timeout (1 s)': failsBoth(/did not answer within 1 s/, 'did not answer within 1 s'),
  ...Object.fromEntries(
    [500, 502, 503].map((status) => [
      `${status} on every request`,
      failsBoth(new RegExp(`Tavus answered ${status}`), `Tavus answered ${status}`),
    ]),
  ),
  'connection reset before the body': failsBoth(/connection to Tavus dropped/, 'the connection to Tavus dropped'),
  'connection reset after the body': {
    create: works('created: the lost answer is found by listing the personas, and the message says so'),
    delete: works('deleted: the lost answer is checked by reading the persona, which is gone'),
  },
  'HTML error page (502)': failsBoth(/an HTML error page/, 'Tavus answered 502 (bad gateway): an HTML error page'),
};

export const LIFECYCLE_FAULT_CASES: FaultCase[] = FAULT_CASES.filter((c) => c.name in LIFECYCLE_FAULT_EXPECTATIONS);

/** The README's table of the lifecycle faults, rendered from the expectations the integration tests check. */
export function renderLifecycleFaultMatrix(): string {
  const rows = LIFECYCLE_FAULT_CASES.map((c) => {
    const expect = LIFECYCLE_FAULT_EXPECTATIONS[c.name]!;
    return `| ${c.name} | ${expect.create.behaviour} | ${expect.delete.behaviour} |`;
  });
  return ['| fault | Create a persona (POST) | Delete a persona (DELETE) |', '| --- | --- | --- |', ...rows].join('\n');
}
