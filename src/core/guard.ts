import { elementAt, type JsonValue, type Persona, type PatchOp } from './json';
import { PatchedCopy } from './patchedCopy';
import { getAtPointer, parsePointer, toPointer } from './pointer';

/** The base paths an op overwrites or takes away, in the document as the ops before it leave it; `add` and `copy` only create, and `test` only reads. */
function pathsTouched(op: PatchOp): string[] {
  if (op.op === 'replace' || op.op === 'remove') {
    return [op.path];
  }
  return op.op === 'move' && op.from !== undefined ? [op.from] : [];
}

function isCoveredByAncestor(path: string, guarded: ReadonlyMap<string, JsonValue>): boolean {
  for (let end = path.lastIndexOf('/'); end > 0; end = path.lastIndexOf('/', end - 1)) {
    if (guarded.has(path.slice(0, end))) {
      return true;
    }
  }
  return path !== '' && guarded.has('');
}

/**
 * One change to the document, as it happened: `at` with "-" resolved to an index, and whether its
 * parent was an array (an index then shifts its later siblings). A `move` is a remove and then an
 * add whose value came from the removed place.
 */
interface Step {
  kind: 'add' | 'remove' | 'replace';
  at: string[];
  inArray: boolean;
  /** Where an added value came from: `copy` in the same document, `move` in the one before its remove. */
  source?: { path: string[]; beforeRemove: boolean };
}

function isPrefix(prefix: readonly string[], segments: readonly string[]): boolean {
  return prefix.length <= segments.length && prefix.every((segment, i) => segment === segments[i]);
}

function stepAt(doc: JsonValue, kind: Step['kind'], pointer: string, source?: Step['source']): Step {
  const at = parsePointer(pointer);
  const parent = getAtPointer(doc, toPointer(at.slice(0, -1)));
  const inArray = at.length > 0 && parent.found && Array.isArray(parent.value);
  if (inArray && at[at.length - 1] === '-') at[at.length - 1] = String((parent.value as JsonValue[]).length);
  return { kind, at, inArray, source };
}

/** Applies the ops to a copy of `base`, recording the steps of each; stops at an op that does not apply, since the server refuses such a patch whole. */
function recordSteps(base: Persona, ops: readonly PatchOp[]): Step[][] {
  const doc = new PatchedCopy(base);
  const steps: Step[][] = [];
  for (const op of ops) {
    try {
      steps.push(stepsOf(doc, op));
    } catch {
      break;
    }
  }
  return steps;
}

function stepsOf(doc: PatchedCopy, op: PatchOp): Step[] {
  if (op.op === 'test') return [];
  if (op.op === 'move') {
    const moved = getAtPointer(doc.current, op.from!);
    const remove = stepAt(doc.current, 'remove', op.from!);
    doc.apply({ op: 'remove', path: op.from! });
    const add = stepAt(doc.current, 'add', op.path, { path: remove.at, beforeRemove: true });
    doc.apply({ op: 'add', path: op.path, value: moved.found ? moved.value : null });
    return [remove, add];
  }
  const kind = op.op === 'copy' ? 'add' : op.op;
  const step = stepAt(
    doc.current,
    kind,
    op.path,
    op.op === 'copy' ? { path: parsePointer(op.from!), beforeRemove: false } : undefined,
  );
  doc.apply(op);
  return [step];
}

/** The array index of `segments` under the step's parent, when the path goes through that array. */
function siblingIndex(step: Step, segments: readonly string[]): number | undefined {
  const depth = step.at.length - 1;
  if (!step.inArray || segments.length <= depth || !isPrefix(step.at.slice(0, depth), segments)) return undefined;
  return Number(segments[depth]);
}

function withIndex(segments: readonly string[], depth: number, index: number): string[] {
  const shifted = [...segments];
  shifted[depth] = String(index);
  return shifted;
}

type Undone = { kind: 'path'; segments: string[] } | { kind: 'written' } | { kind: 'beforeRemove'; segments: string[] };

/** Where a path of the document after `step` was before it; `written` when the step put that value there. */
function undoStep(step: Step, segments: string[]): Undone {
  const depth = step.at.length - 1;
  if (step.kind !== 'remove' && isPrefix(step.at, segments)) {
    if (step.kind === 'replace' || step.source === undefined) return { kind: 'written' };
    const origin = [...step.source.path, ...segments.slice(step.at.length)];
    return step.source.beforeRemove ? { kind: 'beforeRemove', segments: origin } : { kind: 'path', segments: origin };
  }
  const index = siblingIndex(step, segments);
  const at = Number(step.at[depth]);
  if (index === undefined) return { kind: 'path', segments };
  if (step.kind === 'add' && index > at) return { kind: 'path', segments: withIndex(segments, depth, index - 1) };
  if (step.kind === 'remove' && index >= at) return { kind: 'path', segments: withIndex(segments, depth, index + 1) };
  return { kind: 'path', segments };
}

/** The path in `base` of a value found at `pointer` after `steps`, or undefined when the steps wrote it. */
function basePathOf(pointer: string, steps: readonly Step[]): string | undefined {
  let segments = parsePointer(pointer);
  for (let i = steps.length - 1; i >= 0; i--) {
    const undone = undoStep(elementAt(steps, i), segments);
    if (undone.kind === 'written') return undefined;
    segments = undone.segments;
    if (undone.kind === 'beforeRemove') i--;
  }
  return toPointer(segments);
}

/**
 * One test per base value the ops overwrite or remove, all placed before the ops: each op's path is
 * traced back through the index shifts of the ops before it, so the test names the value as the
 * server has it now, not the one that happens to sit at that index in the middle of the patch.
 */
function valueTests(base: Persona, ops: readonly PatchOp[]): PatchOp[] {
  const steps = recordSteps(base, ops);
  const baseValues = new Map<string, JsonValue>();
  steps.forEach((_, opIndex) => {
    const before = steps.slice(0, opIndex).flat();
    for (const touched of pathsTouched(elementAt(ops, opIndex))) {
      const path = basePathOf(touched, before);
      const found = path === undefined ? undefined : getAtPointer(base, path);
      if (path !== undefined && found?.found) baseValues.set(path, found.value);
    }
  });
  return [...baseValues]
    .filter(([path]) => !isCoveredByAncestor(path, baseValues))
    .map(([path, value]) => ({ op: 'test', path, value }));
}

/**
 * `ops` preceded by `test` ops that make the server refuse the patch if the persona changed since
 * `base` was read: one on `updated_at` when the server keeps it, otherwise one per base value the ops
 * overwrite or remove. No ops need no guards.
 */
export function guardOps(base: Persona, ops: PatchOp[]): PatchOp[] {
  if (ops.length === 0) {
    return [];
  }
  const guards: PatchOp[] =
    typeof base.updated_at === 'string' ? [{ op: 'test', path: '/updated_at', value: base.updated_at }] : valueTests(base, ops);
  return [...guards, ...ops];
}
