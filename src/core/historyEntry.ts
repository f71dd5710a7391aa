import { isJsonObject, type JsonValue, type PatchOp, type Persona } from './json';
import { isPatchOpName, patchFileText } from './patchFile';
import { personaLabel } from './personaRules';
import { REDACTED, redactOps, withoutSecretFields } from './redact';

/**
 * What made a write: a persona document's save, a field document's save, a patch file's apply, a
 * revert from the history, or a persona's lifecycle: created (new or from a file), duplicated,
 * deleted, restored from a backup.
 */
export type WriteKind = 'save' | 'fieldSave' | 'patchFile' | 'revert' | 'create' | 'duplicate' | 'delete' | 'restore';

/** How the ops were reached: as planned against the origin, or after Tavus moved, by Merge or Overwrite. */
export type WriteMode = 'planned' | 'merge' | 'overwrite';

/** Where a write came from, as its history entry names it. */
export interface WriteSource {
  kind: WriteKind;
  /** The document or patch file (its URI), or the entry a revert undid ("revert of …"). */
  name: string;
  /** The id of the entry a revert undid. */
  revertOf?: string;
}

/**
 * One write the extension made. Never holds a secret value: ops carry `[redacted]` in their place,
 * and the snapshots have secret fields removed, so a revert cannot touch them either.
 */
export interface HistoryEntry {
  id: string;
  /** ISO time the write finished. */
  time: string;
  personaId: string;
  personaName: string;
  source: WriteSource;
  mode: WriteMode;
  /** The ops sent, without the guard's `test` ops. */
  ops: PatchOp[];
  /** 'changed' for a 2xx, 'unchanged' for Tavus's 304. */
  result: 'changed' | 'unchanged';
  updatedAtBefore?: string;
  updatedAtAfter?: string;
  /** The persona the ops were sent against, secret fields removed. */
  before: Persona;
  /** The persona as Tavus held it afterwards, secret fields removed. */
  after: Persona;
}

export interface FinishedWrite {
  id: string;
  time: Date;
  personaId: string;
  source: WriteSource;
  mode: WriteMode;
  ops: readonly PatchOp[];
  changed: boolean;
  before: Persona;
  after: Persona;
}

/** The entry a finished write leaves, with every secret value gone. */
export function historyEntry(write: FinishedWrite): HistoryEntry {
  const before = withoutSecretFields(write.before);
  const after = withoutSecretFields(write.after);
  const updatedAtBefore = updatedAt(write.before);
  const updatedAtAfter = updatedAt(write.after);
  return {
    id: write.id,
    time: write.time.toISOString(),
    personaId: write.personaId,
    // A delete leaves nothing after it: the name is the one it had.
    personaName: personaLabel(write.source.kind === 'delete' ? write.before : write.after),
    source: { ...write.source },
    mode: write.mode,
    ops: redactOps(write.ops),
    result: write.changed ? 'changed' : 'unchanged',
    ...(updatedAtBefore === undefined ? {} : { updatedAtBefore }),
    ...(updatedAtAfter === undefined ? {} : { updatedAtAfter }),
    before,
    after,
  };
}

function updatedAt(persona: Persona): string | undefined {
  return typeof persona.updated_at === 'string' ? persona.updated_at : undefined;
}

const KINDS: readonly string[] = [
  'save',
  'fieldSave',
  'patchFile',
  'revert',
  'create',
  'duplicate',
  'delete',
  'restore',
] satisfies WriteKind[];
const MODES: readonly string[] = ['planned', 'merge', 'overwrite'] satisfies WriteMode[];

function isOp(value: JsonValue): boolean {
  return isJsonObject(value) && isPatchOpName(value.op) && typeof value.path === 'string';
}

function isSource(value: JsonValue | undefined): boolean {
  return (
    isJsonObject(value) &&
    typeof value.kind === 'string' &&
    KINDS.includes(value.kind) &&
    typeof value.name === 'string' &&
    (value.revertOf === undefined || typeof value.revertOf === 'string')
  );
}

/** Whether a value read back from the history file has an entry's shape; anything else is skipped. */
export function isHistoryEntry(value: JsonValue): value is HistoryEntry & JsonValue {
  if (!isJsonObject(value)) return false;
  const { id, time, personaId, personaName, source, mode, ops, result, before, after } = value;
  return (
    typeof id === 'string' &&
    typeof time === 'string' &&
    typeof personaId === 'string' &&
    typeof personaName === 'string' &&
    isSource(source) &&
    typeof mode === 'string' &&
    MODES.includes(mode) &&
    Array.isArray(ops) &&
    ops.every(isOp) &&
    (result === 'changed' || result === 'unchanged') &&
    isJsonObject(before) &&
    isJsonObject(after)
  );
}

function carriesRedactedValue(op: PatchOp): boolean {
  return op.value !== undefined && JSON.stringify(op.value).includes(JSON.stringify(REDACTED).slice(1, -1));
}

/**
 * The entry's ops as a patch file for its persona. Ops whose values were redacted are left out,
 * with a comment saying so: sending `[redacted]` would set it as the key.
 */
export function entryPatchFileText(entry: HistoryEntry): string {
  const ops = entry.ops.filter((op) => !carriesRedactedValue(op));
  const left = entry.ops.length - ops.length;
  const text = patchFileText(entry.personaId, ops);
  if (left === 0) return text;
  const [header, ...rest] = text.split('\n');
  const note = `// ${left} ${left === 1 ? 'op that sets a secret value was' : 'ops that set secret values were'} left out: secret values are never stored.`;
  return [header, note, ...rest].join('\n');
}
