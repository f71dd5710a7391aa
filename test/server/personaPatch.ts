import { applyOperation, type Operation } from 'fast-json-patch';
import { isDeepStrictEqual } from 'node:util';
import type { Persona } from '../../src/core/json';
import { isJsonObject } from '../../src/core/json';

/** Fields only the server writes; `pal_id` is the PAL-era alias of `persona_id`. */
export const SERVER_OWNED_FIELDS: readonly string[] = ['persona_id', 'created_at', 'updated_at', 'persona_type', 'pal_id'];

export type PatchOutcome = { kind: 'rejected'; message: string } | { kind: 'unchanged' } | { kind: 'changed'; persona: Persona };

/** Applies an RFC 6902 patch all-or-nothing to a copy of `current`. */
export function patchPersona(current: Persona, ops: unknown): PatchOutcome {
  if (!Array.isArray(ops)) return { kind: 'rejected', message: 'Invalid JSON patch format' };
  const ownershipError = findOwnershipError(ops);
  if (ownershipError) return { kind: 'rejected', message: ownershipError };
  let document: unknown = structuredClone(current);
  for (const [index, op] of ops.entries()) {
    try {
      document = applyOperation(document, structuredClone(op) as Operation, true, true, true, index).newDocument;
    } catch (error) {
      return { kind: 'rejected', message: describeFailure(index, op, error) };
    }
  }
  if (!isJsonObject(document)) return { kind: 'rejected', message: 'The patched persona is not a JSON object' };
  return isDeepStrictEqual(document, current) ? { kind: 'unchanged' } : { kind: 'changed', persona: document };
}

/**
 * `test` ops may read server-owned fields: an optimistic-concurrency guard is exactly
 * `test /updated_at`. Only writes (and the source of a move, which removes it) are refused.
 */
function findOwnershipError(ops: unknown[]): string | undefined {
  for (const [index, op] of ops.entries()) {
    if (!isJsonObject(op) || op.op === 'test') continue;
    const pointers = [op.path, op.op === 'move' ? op.from : undefined];
    for (const pointer of pointers) {
      if (typeof pointer !== 'string') continue;
      if (pointer === '') {
        return `Operation ${index} (${String(op.op)}): cannot replace the whole persona; it holds server-owned fields`;
      }
      if (!pointer.startsWith('/')) continue;
      const field = decodeTopLevelKey(pointer);
      if (SERVER_OWNED_FIELDS.includes(field)) {
        return `Operation ${index} (${String(op.op)} ${pointer}): ${field} is set by the server and cannot be changed`;
      }
    }
  }
  return undefined;
}

function decodeTopLevelKey(pointer: string): string {
  return pointer.split('/')[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
}

function describeFailure(index: number, op: unknown, error: unknown): string {
  const what = isJsonObject(op) ? `${String(op.op)} ${String(op.path)}` : 'not an object';
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `Operation ${index} (${what}) failed: ${reason}`;
}
