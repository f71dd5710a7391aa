import { isDeepStrictEqual } from 'node:util';
import { applyPatch, compare, type Operation } from 'fast-json-patch';
import { diffJson } from '../src/core/diff';
import type { PatchOp } from '../src/core/json';
import { computeSave } from '../src/core/saveComputation';
import { measure } from './measure';
import { bigScenario, hugePromptScenario, mediumScenario, smallScenario, type EditScenario } from './personas';
import { ratio, timingFigure, type Row } from './report';

export interface CaseResults {
  rows: Row[];
  /** Correctness failures: any of them makes the benchmark exit non-zero. */
  failures: string[];
}

interface DiffCase {
  id: string;
  scenario: () => EditScenario;
  /** The highest diff/parse ratio allowed. */
  maxParseRatio: number;
  /** Goals on fast-json-patch's `compare` where the issue sets one: be faster (case 1), or show it needs many ops (case 2). */
  peerGoal?: 'faster' | { opsAbove: number };
}

const DIFF_CASES: DiffCase[] = [
  { id: '1', scenario: smallScenario, maxParseRatio: 0.5, peerGoal: 'faster' },
  { id: '2', scenario: mediumScenario, maxParseRatio: 0.5, peerGoal: { opsAbove: 1000 } },
  { id: '3', scenario: hugePromptScenario, maxParseRatio: 0.1 },
  { id: '4', scenario: bigScenario, maxParseRatio: 0.6 },
];

/** Cases whose save computation is timed (case 5). */
const SAVE_CASES = new Set(['2', '4']);
const MAX_SAVE_RATIO = 2;

/** Applies the ops to a deep copy of the base with fast-json-patch; returns a problem, or undefined when the result is `edited` exactly. */
function checkRoundTrip(scenario: EditScenario, ops: PatchOp[]): string | undefined {
  try {
    const { newDocument } = applyPatch(structuredClone(scenario.base), ops as Operation[], true, true);
    return isDeepStrictEqual(newDocument, scenario.edited)
      ? undefined
      : 'applying the ops does not reproduce the edited document';
  } catch (error) {
    return `fast-json-patch refused the ops: ${(error as Error).message}`;
  }
}

function diffRow(diffCase: DiffCase, scenario: EditScenario, failures: string[]): Row {
  const { base, edited, editedText } = scenario;
  const timings = measure({
    diff: () => diffJson(base, edited),
    parse: () => JSON.parse(editedText),
    compare: () => compare(base, edited),
  });
  const ops = diffJson(base, edited);
  const peerOps = compare(base, edited).length;
  const problem = checkRoundTrip(scenario, ops);
  if (problem) failures.push(`case ${diffCase.id}: ${problem}`);
  if (ops.length !== scenario.expectedOps) {
    failures.push(`case ${diffCase.id}: ${ops.length} ops, expected ${scenario.expectedOps}`);
  }

  const subject = timingFigure('diffJson', timings.diff);
  const bound = timingFigure('JSON.parse', timings.parse);
  const peer = timingFigure('compare', timings.compare);
  const goals = [`≤ ${diffCase.maxParseRatio}× parse`, `${scenario.expectedOps} op${scenario.expectedOps === 1 ? '' : 's'}`];
  const met = [ratio(subject, bound)! <= diffCase.maxParseRatio, ops.length === scenario.expectedOps, problem === undefined];
  const { peerGoal } = diffCase;
  if (peerGoal === 'faster') {
    goals.push('faster than compare');
    met.push(subject.median < peer.median);
  } else if (peerGoal) {
    goals.push(`compare needs > ${peerGoal.opsAbove.toLocaleString('en')} ops`);
    met.push(peerOps > peerGoal.opsAbove);
  }
  return {
    id: diffCase.id,
    title: `diff: ${scenario.title}`,
    subject,
    bound,
    peer,
    ops: { subject: ops.length, peer: peerOps },
    goal: goals.join('; '),
    met: met.every(Boolean),
    note: problem ? `round trip failed: ${problem}` : 'round trip ✓ (applyPatch of the ops on a copy of base deep-equals edited)',
  };
}

/** Case 5: everything a save computes, against parsing and re-serialising the same document. */
function saveRow(id: string, inputOf: string, scenario: EditScenario, failures: string[]): Row {
  const { base, editedText } = scenario;
  const title = `save computation, case ${inputOf} input`;
  const save = () => {
    const computed = computeSave(base, editedText, { guardWithTestOps: true });
    if (computed.kind !== 'changes') throw new Error(`case ${id}: the save computation found ${computed.kind}`);
    return JSON.stringify(computed.body);
  };
  let timings;
  try {
    timings = measure({ save, bound: () => JSON.stringify(JSON.parse(editedText)) });
  } catch (error) {
    failures.push((error as Error).message);
    return { id, title, goal: `≤ ${MAX_SAVE_RATIO}× parse+stringify`, note: (error as Error).message };
  }
  const subject = timingFigure('computeSave + body', timings.save);
  const bound = timingFigure('JSON.parse + JSON.stringify', timings.bound);
  return {
    id,
    title,
    subject,
    bound,
    goal: `≤ ${MAX_SAVE_RATIO}× parse+stringify`,
    met: ratio(subject, bound)! <= MAX_SAVE_RATIO,
    note: 'jsonc/strict parse, server-owned check, diff, guard ops, JSON.stringify of the body',
  };
}

/** Cases 1–5. Each scenario is built, measured and dropped before the next, so big inputs do not inflate later GCs. */
export function runDiffCases(): CaseResults {
  const rows: Row[] = [];
  const saveRows: Row[] = [];
  const failures: string[] = [];
  for (const diffCase of DIFF_CASES) {
    const scenario = diffCase.scenario();
    rows.push(diffRow(diffCase, scenario, failures));
    if (SAVE_CASES.has(diffCase.id)) saveRows.push(saveRow(`5${'abc'[saveRows.length]}`, diffCase.id, scenario, failures));
  }
  return { rows: [...rows, ...saveRows], failures };
}
