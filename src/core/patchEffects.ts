import { jsonEqual } from './diff';
import type { JsonValue, PatchOp } from './json';
import { getAtPointer } from './pointer';

/**
 * Pointers that a successful PATCH should have set but the re-read persona does not show as
 * `expected` (base with the ops applied) has them. Only the ops' own targets are compared: Tavus
 * may fill defaults elsewhere (setting one conversational_flow field fills the others).
 */
export function unappliedTargets(expected: JsonValue, reread: JsonValue, ops: readonly PatchOp[]): string[] {
  const targets = new Set(ops.filter((op) => op.op !== 'test').map((op) => arrayAppendParent(op.path)));
  return [...targets].filter((pointer) => !sameAt(expected, reread, pointer));
}

/** `/tools/-` appends; what must match afterwards is the whole array. */
function arrayAppendParent(path: string): string {
  return path.endsWith('/-') ? path.slice(0, -2) : path;
}

function sameAt(a: JsonValue, b: JsonValue, pointer: string): boolean {
  const left = getAtPointer(a, pointer);
  const right = getAtPointer(b, pointer);
  if (!left.found || !right.found) return left.found === right.found;
  return jsonEqual(left.value, right.value);
}
