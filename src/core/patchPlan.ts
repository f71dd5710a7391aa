import type { PatchOp, Persona } from './json';

/**
 * A change ready to send, whoever planned it (a save, a patch file): the persona as it will be,
 * the ops that make it so, and the request body (the ops, preceded by guards when asked for).
 */
export interface PatchPlan {
  kind: 'changes';
  edited: Persona;
  ops: PatchOp[];
  body: PatchOp[];
}
