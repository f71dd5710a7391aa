import { sha256 } from './digest';
import type { JsonValue, Persona } from './json';
import { parsePersonaFile, personaFileText, type PersonaFile } from './personaFile';

/**
 * How a persona file stands against Tavus for one connection, from three fingerprints: the file's
 * body, Tavus's copy as a file would hold it, and the base (Tavus's copy at the last pull or push
 * from this workspace). Without a base, a difference cannot be told to be either side's.
 */
export type PersonaFileState = 'inSync' | 'localChanges' | 'tavusChanges' | 'both' | 'differs' | 'notOnTavus';

export interface StateFingerprints {
  file: string;
  /** Undefined when the file names no persona for the connection. */
  tavus: string | undefined;
  base: string | undefined;
}

export function personaFileState({ file, tavus, base }: StateFingerprints): PersonaFileState {
  if (tavus === undefined) return 'notOnTavus';
  if (file === tavus) return 'inSync';
  if (base === undefined) return 'differs';
  const local = file !== base;
  const remote = tavus !== base;
  if (local && remote) return 'both';
  return remote ? 'tavusChanges' : 'localChanges';
}

/** A fingerprint of a body that ignores member order, as the push's diff does. */
export function bodyFingerprint(body: Persona): string {
  return sha256(canonicalJson(body));
}

function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const members = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`);
  return `{${members.join(',')}}`;
}

/** Tavus's copy as `file` would hold it after a pull: secrets as the file's references, no fields Tavus sets. */
export function tavusAsFileBody(persona: Persona, file: PersonaFile, connection: string): Persona {
  const parsed = parsePersonaFile(personaFileText(persona, { connection, previous: file }).text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.file.body;
}

export interface StateLook {
  /** At most two characters (VS Code's limit for decoration badges). */
  badge: string;
  tooltip: string;
  /** A theme color id, so the Explorer shows it like source control's states; none when in sync. */
  color?: string;
}

export const STATE_LOOKS: Record<PersonaFileState, StateLook> = {
  inSync: { badge: '✓', tooltip: 'Persona file: in sync with Tavus' },
  localChanges: {
    badge: 'M',
    tooltip: 'Persona file: local changes not pushed to Tavus',
    color: 'gitDecoration.modifiedResourceForeground',
  },
  tavusChanges: {
    badge: '↓',
    tooltip: 'Persona file: changed on Tavus since the last pull',
    color: 'gitDecoration.stageModifiedResourceForeground',
  },
  both: {
    badge: '!',
    tooltip: 'Persona file: changed here and on Tavus',
    color: 'gitDecoration.conflictingResourceForeground',
  },
  differs: {
    badge: '≠',
    tooltip: 'Persona file: differs from Tavus (not pulled or pushed from this workspace yet)',
    color: 'gitDecoration.modifiedResourceForeground',
  },
  notOnTavus: {
    badge: '+',
    tooltip: 'Persona file: no persona on Tavus for this connection yet; Push creates it',
    color: 'gitDecoration.untrackedResourceForeground',
  },
};
