import { performance } from 'node:perf_hooks';

/** Milliseconds per call. */
export interface Timing {
  median: number;
  p95: number;
  samples: number;
}

export interface MeasureOptions {
  /** Rounds at least and at most; between them, rounds stop once `budgetMs` is spent. */
  minRounds?: number;
  maxRounds?: number;
  budgetMs?: number;
  /** Calls are batched so that one sample lasts at least this long, keeping timer noise small. */
  minSampleMs?: number;
}

const DEFAULTS: Required<MeasureOptions> = { minRounds: 15, maxRounds: 400, budgetMs: 2_500, minSampleMs: 1 };
const WARM_UP_MS = 150;
const WARM_UP_CALLS = 5;

const collectGarbage: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

/** Whether `--expose-gc` was given; without it a measurement starts on whatever garbage the one before left. */
export const canCollectGarbage = collectGarbage !== undefined;

/** Results are kept here so that the optimiser cannot drop a call whose value is unused. */
const sink: { value: unknown } = { value: undefined };
export function keep(value: unknown): void {
  sink.value = value;
}

function percentile(sorted: readonly number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index]!;
}

/** Median and p95 (nearest rank) of single measurements. */
export function summarise(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), samples: sorted.length };
}

/** Runs `fn` until it is warm and returns an estimate of one call, in ms. */
function warmUp(fn: () => unknown): number {
  const started = performance.now();
  let calls = 0;
  while (calls < WARM_UP_CALLS || performance.now() - started < WARM_UP_MS) {
    keep(fn());
    calls++;
  }
  return (performance.now() - started) / calls;
}

function sample(fn: () => unknown, batch: number): number {
  const started = performance.now();
  for (let i = 0; i < batch; i++) keep(fn());
  return (performance.now() - started) / batch;
}

/**
 * Times several subjects against each other: after a warm-up and one full GC, each round runs every
 * subject once (one batch), in an order that rotates from round to round, so all see the same heap
 * state and machine noise. Returns the median and p95 per subject, in ms per call.
 *
 * There is no forced GC between samples: V8 throws away optimised code that embeds objects a full
 * GC found dead ("weak objects" deopts, which diffJson's code gets on every one), so a GC per sample
 * would time re-optimisation instead of the code.
 */
export function measure<K extends string>(subjects: Record<K, () => unknown>, options: MeasureOptions = {}): Record<K, Timing> {
  const { minRounds, maxRounds, budgetMs, minSampleMs } = { ...DEFAULTS, ...options };
  const names = Object.keys(subjects) as K[];
  const batches = names.map((name) => Math.max(1, Math.ceil(minSampleMs / warmUp(subjects[name]))));
  const samples = names.map((): number[] => []);
  collectGarbage?.();
  const started = performance.now();
  for (let round = 0; round < maxRounds && (round < minRounds || performance.now() - started < budgetMs); round++) {
    for (let i = 0; i < names.length; i++) {
      const index = (i + round) % names.length;
      samples[index]!.push(sample(subjects[names[index]!], batches[index]!));
    }
  }
  return Object.fromEntries(names.map((name, i) => [name, summarise(samples[i]!)])) as Record<K, Timing>;
}

/** Times `count` single calls (no batching, no forced GC: pauses belong in a p95 of what a user waits for). */
export function timeEach(count: number, fn: (index: number) => unknown): Timing {
  for (let i = 0; i < Math.min(count, 50); i++) keep(fn(i));
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    keep(fn(i));
    samples.push(performance.now() - started);
  }
  return summarise(samples);
}

export function median(values: readonly number[]): number {
  return summarise([...values]).median;
}
