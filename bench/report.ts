import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Timing } from './measure';

export type Unit = 'ms' | 'requests' | 'bytes';

/** One measured quantity: a timing (median, p95) or a count. */
export interface Figure {
  label: string;
  unit: Unit;
  median: number;
  p95?: number;
  samples?: number;
}

export interface Row {
  /** Case number from the issue, with a suffix when a case has several rows (5a, 5b, …). */
  id: string;
  title: string;
  /** Undefined when the case could not be measured; `note` then says why. */
  subject?: Figure;
  /** The lower bound or, when there is none, the peer. */
  bound?: Figure;
  /** The second comparison of cases that have both a lower bound and a peer. */
  peer?: Figure;
  ops?: { subject: number; peer?: number };
  goal: string;
  /** Undefined: nothing to meet (report only) or not measured. */
  met?: boolean;
  /** Show the subject's p95 next to its median (for goals stated on the p95). */
  showP95?: boolean;
  note?: string;
}

export function timingFigure(label: string, timing: Timing): Figure {
  return { label, unit: 'ms', median: timing.median, p95: timing.p95, samples: timing.samples };
}

export function countFigure(label: string, unit: Unit, count: number): Figure {
  return { label, unit, median: count };
}

export function ratio(subject: Figure | undefined, other: Figure | undefined): number | undefined {
  return subject && other && other.median > 0 ? subject.median / other.median : undefined;
}

function formatValue(value: number, unit: Unit): string {
  if (unit === 'requests') return `${value} req`;
  if (unit === 'bytes') return value >= 1_000_000 ? `${(value / 1_000_000).toFixed(2)} MB` : `${(value / 1000).toFixed(1)} KB`;
  if (value < 0.1) return `${(value * 1000).toPrecision(3)} µs`;
  return `${value.toPrecision(3)} ms`;
}

function formatFigure(figure: Figure | undefined, withP95 = false): string {
  if (!figure) return '';
  const value = formatValue(figure.median, figure.unit);
  return withP95 && figure.p95 !== undefined ? `${value} (p95 ${formatValue(figure.p95, figure.unit)})` : value;
}

/** Three significant digits, so a ratio just over a goal (0.105 against 0.1) does not print as meeting it. */
function formatRatio(value: number | undefined): string {
  return value === undefined ? '' : `${value.toPrecision(3)}×`;
}

function metMark(row: Row): string {
  if (!row.subject) return 'not measured';
  if (row.met === undefined) return '—';
  return row.met ? '✓' : '✗';
}

const HEADERS = [
  '#',
  'case',
  'subject (median)',
  'lower bound / peer',
  'ratio',
  'peer',
  '× peer',
  'ops (ours / peer)',
  'goal',
  'met?',
];

function cells(row: Row): string[] {
  const ops = row.ops ? `${row.ops.subject}${row.ops.peer === undefined ? '' : ` / ${row.ops.peer}`}` : '';
  const subject = row.subject ? formatFigure(row.subject, row.showP95) : `not measured: ${row.note ?? ''}`;
  const bound = row.bound ? `${formatFigure(row.bound)} ${row.bound.label}` : '';
  const peer = row.peer ? `${formatFigure(row.peer)} ${row.peer.label}` : '';
  return [
    row.id,
    row.title,
    subject,
    bound,
    formatRatio(ratio(row.subject, row.bound)),
    peer,
    formatRatio(ratio(row.subject, row.peer)),
    ops,
    row.goal,
    metMark(row),
  ];
}

export function formatTable(rows: readonly Row[]): string {
  const table = [HEADERS, ...rows.map(cells)];
  const widths = HEADERS.map((_, column) => Math.max(...table.map((line) => [...line[column]!].length)));
  const line = (values: string[]) =>
    `| ${values.map((value, i) => value + ' '.repeat(widths[i]! - [...value].length)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  const notes = rows.filter((row) => row.subject && row.note).map((row) => `  ${row.id}: ${row.note}`);
  return [line(HEADERS), rule, ...table.slice(1).map(line), ...(notes.length ? ['', 'Notes:', ...notes] : [])].join('\n');
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
}

export function describeMachine(): Machine {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export function writeResults(path: string, machine: Machine, rows: readonly Row[], failures: readonly string[]): void {
  const results = rows.map((row) => ({ ...row, ratio: ratio(row.subject, row.bound), peerRatio: ratio(row.subject, row.peer) }));
  writeFileSync(path, `${JSON.stringify({ date: new Date().toISOString(), machine, rows: results, failures }, null, 2)}\n`);
}

/**
 * The end of a bench run, after its heading: prints the table, writes the figures to `path`, lists the
 * goals missed and any wrong result. The exit code: 1 when a result was wrong, else 0 (timings never fail a run).
 */
export function reportRun(path: string, machine: Machine, rows: readonly Row[], failures: readonly string[] = []): number {
  console.log(formatTable(rows));
  writeResults(path, machine, rows, failures);
  const missed = rows.filter((row) => row.met === false).map((row) => row.id);
  console.log(`\nGoals missed: ${missed.length ? missed.join(', ') : 'none'}. Figures written to ${path}.`);
  if (failures.length) {
    console.error(`\nWrong results:\n${failures.map((failure) => `  ${failure}`).join('\n')}`);
    return 1;
  }
  return 0;
}

/** Runs a bench's main() and exits with its code; an exception is printed and exits with 1. */
export function exitWith(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
