import { JsonValue, Persona, PatchOp } from './json';
import { getAtPointer } from './pointer';

/** The base paths an op overwrites or takes away; `add` and `copy` only create, and `test` only reads. */
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

function valueTests(base: Persona, ops: readonly PatchOp[]): PatchOp[] {
  const baseValues = new Map<string, JsonValue>();
  for (const path of ops.flatMap(pathsTouched)) {
    const found = getAtPointer(base, path);
    if (found.found) {
      baseValues.set(path, found.value);
    }
  }
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
