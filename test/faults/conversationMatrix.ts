import { FAULT_CASES, type Expectation } from './matrix';

/** The conversation operations the fault matrix covers: both are POSTs, so neither is ever retried. */
export const CONVERSATION_OPERATIONS = ['start', 'end'] as const;
export type ConversationOperation = (typeof CONVERSATION_OPERATIONS)[number];

const works = (behaviour = 'works'): Expectation => ({ succeeds: true, behaviour });
const fails = (message: RegExp, behaviour: string): Expectation => ({ succeeds: false, message, behaviour });
const notStarted = (message: RegExp, cause: string): Expectation =>
  fails(message, `not started: "${cause}", nothing was created, Retry`);
const notEnded = (message: RegExp, cause: string): Expectation => fails(message, `not ended: "${cause}", still listed as active`);

/**
 * What starting and ending a test conversation do under each fault of the matrix (same names
 * as FAULT_CASES). A fault hits the POST only; the GETs around it (the persona, the active
 * list, the check after a lost answer) answer normally.
 */
export const CONVERSATION_FAULT_EXPECTATIONS: Record<string, Record<ConversationOperation, Expectation>> = {
  '50 ms latency': { start: works(), end: works() },
  '5 s latency': { start: works('works, after 5 s'), end: works('works, after 5 s') },
  'request timeout (1 s)': {
    start: notStarted(/did not answer within 1 s.*No conversation was created/, 'did not answer within 1 s'),
    end: notEnded(/did not answer within 1 s/, 'did not answer within 1 s'),
  },
  '429 with Retry-After: 1': {
    start: notStarted(/Tavus answered 429/, 'Tavus answered 429 (too many requests)'),
    end: notEnded(/Tavus answered 429/, 'Tavus answered 429 (too many requests)'),
  },
  ...Object.fromEntries(
    [500, 502, 503].map((status) => [
      `${status} on every request`,
      {
        start: notStarted(new RegExp(`Tavus answered ${status}`), `Tavus answered ${status}`),
        end: notEnded(new RegExp(`Tavus answered ${status}`), `Tavus answered ${status}`),
      },
    ]),
  ),
  'connection reset before the body': {
    start: notStarted(/connection to Tavus dropped.*No conversation was created/, 'the connection to Tavus dropped'),
    end: notEnded(/connection to Tavus dropped/, 'the connection to Tavus dropped'),
  },
  'connection reset after the body': {
    start: works('works: the lost answer is found by listing the active conversations'),
    end: works('works: the lost answer is checked by reading the conversation, which shows it ended'),
  },
  'truncated JSON body': {
    start: notStarted(/connection to Tavus dropped.*No conversation was created/, 'the connection to Tavus dropped'),
    end: notEnded(/connection to Tavus dropped/, 'the connection to Tavus dropped'),
  },
  'HTML error page (502)': {
    start: notStarted(/an HTML error page/, 'Tavus answered 502 (bad gateway): an HTML error page'),
    end: notEnded(/an HTML error page/, 'Tavus answered 502 (bad gateway): an HTML error page'),
  },
  '10 MB body': {
    start: notStarted(/sent no conversation_id.*No conversation was created/, 'Tavus answered OK but sent no conversation_id'),
    end: works('reported ended: Tavus answered 200 (End has no documented body)'),
  },
  'body that never finishes': {
    start: notStarted(/did not answer within 1 s.*No conversation was created/, 'did not answer within 1 s'),
    end: notEnded(/did not answer within 1 s/, 'did not answer within 1 s'),
  },
};

/** The README's table of the conversation faults, rendered from the expectations the integration tests check. */
export function renderConversationFaultMatrix(): string {
  const rows = FAULT_CASES.map((c) => {
    const expect = CONVERSATION_FAULT_EXPECTATIONS[c.name]!;
    return `| ${c.name} | ${expect.start.behaviour} | ${expect.end.behaviour} |`;
  });
  return ['| fault | Start a test conversation (POST) | End a conversation (POST …/end) |', '| --- | --- | --- |', ...rows].join(
    '\n',
  );
}
