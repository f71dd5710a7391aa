import { defineMember, type Persona } from './json';

/**
 * Fields Tavus sets itself. `pal_id` is the PAL-era name of `persona_id`; `persona_type` says
 * whether Tavus made the persona.
 */
export const SERVER_OWNED_FIELDS: readonly string[] = ['persona_id', 'pal_id', 'created_at', 'updated_at', 'persona_type'];

/** The id under whichever name the server used; PAL-era responses say `pal_id`. */
export function personaId(persona: Persona): string | undefined {
  const id = persona.persona_id ?? persona.pal_id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** A display name: persona_name, else the PAL-era pal_name, else the id. */
export function personaLabel(persona: Persona): string {
  for (const candidate of [persona.persona_name, persona.pal_name, personaId(persona)]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim();
  }
  return '(unnamed persona)';
}

/** Pointers of server-owned fields that the edited copy added, removed or changed. */
export function findServerOwnedChanges(base: Persona, edited: Persona): string[] {
  return SERVER_OWNED_FIELDS.filter((field) => !sameMember(base, edited, field)).map((field) => `/${field}`);
}

/** The edited persona with every server-owned field as the base has it (present or absent). */
export function withServerOwnedFieldsRestored(base: Persona, edited: Persona): Persona {
  const restored: Persona = {};
  for (const key of Object.keys(edited)) {
    if (!SERVER_OWNED_FIELDS.includes(key)) defineMember(restored, key, edited[key]);
  }
  for (const field of SERVER_OWNED_FIELDS) {
    if (Object.hasOwn(base, field)) defineMember(restored, field, base[field]);
  }
  return restored;
}

function sameMember(a: Persona, b: Persona, key: string): boolean {
  const inA = Object.hasOwn(a, key);
  if (inA !== Object.hasOwn(b, key)) return false;
  return !inA || JSON.stringify(a[key]) === JSON.stringify(b[key]);
}

