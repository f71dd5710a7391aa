import { defineMember, isJsonObject, type JsonValue, type Persona } from './json';
import { personaId, personaLabel, SERVER_OWNED_FIELDS } from './personaRules';
import { escapeSegment } from './pointer';
import { isSecretPath, REDACTED, withoutSecretFields } from './redact';

/**
 * PAL-era names Tavus may send beside (or instead of) the legacy ones. The create body goes to
 * `POST /v2/personas`, which takes the legacy names, so a twin is dropped when the legacy field
 * is there, and renamed to it when it is not.
 */
const PAL_TWINS: ReadonlyArray<readonly [pal: string, legacy: string]> = [
  ['pal_name', 'persona_name'],
  ['default_face_id', 'default_replica_id'],
];

/** A secret field of the source whose value cannot have been the real one. */
export interface SecretFieldNote {
  pointer: string;
  /** `masked`: Tavus sent it hidden (`sk-****`, `[redacted]`); `empty`: it came back as "". */
  state: 'masked' | 'empty';
}

export interface CreateBody {
  body: Persona;
  /** Secret fields the body carries that came back masked or empty: a copy would not hold the real key. */
  secrets: SecretFieldNote[];
}

/** The body that creates a copy of `source`: its fields without those Tavus sets and without PAL-era twins. */
export function createBodyFrom(source: Persona, name?: string): CreateBody {
  const body: Persona = {};
  for (const [key, value] of Object.entries(source)) {
    if (SERVER_OWNED_FIELDS.includes(key)) continue;
    const twin = PAL_TWINS.find(([pal]) => pal === key);
    if (twin && source[twin[1]] !== undefined) continue;
    defineMember(body, twin ? twin[1] : key, structuredClone(value));
  }
  if (name !== undefined) body.persona_name = name;
  return { body, secrets: secretFieldNotes(body) };
}

/** Every secret field of `persona` (at any depth) that holds a masked or empty string. */
export function secretFieldNotes(persona: Persona): SecretFieldNote[] {
  const notes: SecretFieldNote[] = [];
  const visit = (value: JsonValue, segments: string[]): void => {
    if (typeof value === 'string') {
      if (segments.length > 0 && isSecretPath(segments)) {
        const state = value === '' ? 'empty' : isMasked(value) ? 'masked' : undefined;
        if (state) notes.push({ pointer: `/${segments.map(escapeSegment).join('/')}`, state });
      }
      return;
    }
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...segments, String(index)]));
    else if (isJsonObject(value)) for (const [key, child] of Object.entries(value)) visit(child, [...segments, key]);
  };
  visit(persona, []);
  return notes;
}

/** Dashboards and APIs mask keys as `sk-****abcd`, `••••` or our own `[redacted]`. */
function isMasked(value: string): boolean {
  return value === REDACTED || /\*{3,}|•{3,}|x{8,}/i.test(value);
}

/**
 * One line per flagged field, for the draft's notice and the create preview's problems. Never
 * "pointer: text": messages are redacted, and `api_key: …` reads as a credential there.
 */
export function describeSecretNotes(notes: readonly SecretFieldNote[]): string[] {
  return notes.map(({ pointer, state }) =>
    state === 'masked'
      ? `${pointer} came back masked from Tavus, so the copy would hold the mask, not the key; enter the key or remove the field`
      : `${pointer} is empty in Tavus's copy; if the source uses a key there, enter it`,
  );
}

/** The name a duplicate is offered under. */
export function copyName(source: Persona): string {
  return `${personaLabel(source)} (copy)`;
}

/** A minimal persona Tavus accepts: a name, a system prompt (required in full mode) and a replica. */
export function blankPersonaBody(replicaId: string): Persona {
  return {
    persona_name: 'New Persona',
    system_prompt: 'You are a helpful assistant. Keep your answers short.',
    pipeline_mode: 'full',
    default_replica_id: replicaId,
  };
}

/** Pointers of fields in a draft that Tavus sets itself; a create body must not carry them. */
export function serverOwnedInDraft(draft: Persona): string[] {
  return SERVER_OWNED_FIELDS.filter((field) => draft[field] !== undefined).map((field) => `/${field}`);
}

/** What a delete keeps on disk: the persona without its secret fields, enough to create it again. */
export interface PersonaBackup {
  version: 1;
  personaId: string;
  personaName: string;
  /** ISO time of the delete. */
  deletedAt: string;
  persona: Persona;
}

export function backupRecord(persona: Persona, deletedAt: Date): PersonaBackup {
  return {
    version: 1,
    personaId: personaId(persona) ?? '',
    personaName: personaLabel(persona),
    deletedAt: deletedAt.toISOString(),
    persona: withoutSecretFields(persona),
  };
}

/** A file name that sorts by time and says whose backup it is. */
export function backupFileName(backup: PersonaBackup): string {
  const id = backup.personaId.replace(/[^\w-]/g, '_') || 'persona';
  return `${backup.deletedAt.replace(/[:.]/g, '-')}-${id}.json`;
}

/** Reads a backup file's text; undefined when it is not one. */
export function parseBackup(text: string): PersonaBackup | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(value) || value.version !== 1 || !isJsonObject(value.persona)) return undefined;
  const { personaId: id, personaName, deletedAt } = value;
  if (typeof id !== 'string' || typeof personaName !== 'string' || typeof deletedAt !== 'string') return undefined;
  return { version: 1, personaId: id, personaName, deletedAt, persona: value.persona };
}
