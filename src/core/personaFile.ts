import { diffJson } from './diff';
import { defineMember, isJsonObject, type JsonObject, type PatchOp, type Persona } from './json';
import { formatFirstProblem, parseJsonObjectText } from './parseJsonText';
import { personaId, SERVER_OWNED_FIELDS, withServerOwnedFieldsRestored } from './personaRules';
import { toPointer } from './pointer';
import { isSecretPath, mapLeaves } from './redact';

/**
 * A persona file (`*.persona.json`) is the persona's JSON without the fields Tavus sets, plus one
 * member of ours, `"$tavus": { "ids": { "<connection>": "<persona_id>" } }`, so one file can stand
 * for the same persona in several connections (staging, production). Persona fields never start
 * with `$`. PAL-era twins (`pal_name` beside `persona_name`) are kept as Tavus sent them: the file is
 * compared with Tavus's copy field by field, and a dropped twin would read as a removal.
 */
export const PERSONA_FILE_HEADER = '$tavus';
export const PERSONA_FILE_SUFFIX = '.persona.json';
export const DEFAULT_CONNECTION = 'default';

/** A secret written as `${env:NAME}`: the value comes from the environment when the file is sent. */
export interface SecretReference {
  pointer: string;
  env: string;
}

export interface PersonaFile {
  /** Connection name → persona_id. */
  ids: Record<string, string>;
  /** The persona fields, secrets still as references. */
  body: Persona;
  references: SecretReference[];
  /** Secret fields holding a value in clear (typed by hand): sent as written, but worth a warning. */
  clearSecrets: string[];
}

export type ParsedPersonaFile = { ok: true; file: PersonaFile } | { ok: false; message: string };

const REFERENCE = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function referenceText(env: string): string {
  return `\${env:${env}}`;
}

/** The default variable name of a secret: `/layers/llm/api_key` → `TAVUS_LLM_API_KEY`. */
export function defaultEnvName(segments: readonly string[]): string {
  const words = (segments[0] === 'layers' ? segments.slice(1) : segments).map((segment) =>
    segment.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, ''),
  );
  return ['TAVUS', ...words.filter((word) => word !== '')].join('_').toUpperCase();
}

export interface PersonaFileOptions {
  connection: string;
  /** The file as it was before this pull: its other connections' ids and its variable names are kept. */
  previous?: PersonaFile;
}

/** The file text for `persona`, and the references it wrote in place of secret values. */
export function personaFileText(persona: Persona, options: PersonaFileOptions): { text: string; references: SecretReference[] } {
  const id = personaId(persona);
  if (id === undefined) throw new Error('The persona has no persona_id, so no file can name it.');
  const chosen = new Map((options.previous?.references ?? []).map(({ pointer, env }) => [pointer, env]));
  const taken = new Set(chosen.values());
  const references: SecretReference[] = [];
  const body = mapLeaves(withoutServerOwnedFields(persona), (leaf, segments) => {
    if (typeof leaf !== 'string' || leaf === '' || !isSecretPath(segments)) return leaf;
    const pointer = toPointer(segments);
    const env = chosen.get(pointer) ?? uniqueName(defaultEnvName(segments), taken);
    taken.add(env);
    references.push({ pointer, env });
    return referenceText(env);
  }) as Persona;
  const file: JsonObject = {};
  defineMember(file, PERSONA_FILE_HEADER, { ids: { ...options.previous?.ids, [options.connection]: id } });
  for (const [key, value] of Object.entries(body)) defineMember(file, key, value);
  return { text: `${JSON.stringify(file, null, 2)}\n`, references: byPointer(references) };
}

function withoutServerOwnedFields(persona: Persona): Persona {
  const body: Persona = {};
  for (const [key, value] of Object.entries(persona)) if (!SERVER_OWNED_FIELDS.includes(key)) defineMember(body, key, value);
  return body;
}

/** mapLeaves walks depth-first from the last member; a sorted list reads the same on every run. */
function byPointer(references: SecretReference[]): SecretReference[] {
  return references.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
}

function uniqueName(name: string, taken: ReadonlySet<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name}_${n}`;
  return candidate;
}

/** Reads a persona file strictly (as persona documents are read: no comments, no repeated members). */
export function parsePersonaFile(text: string): ParsedPersonaFile {
  const parsed = parseJsonObjectText(text);
  if (!parsed.ok) return { ok: false, message: `The persona file is not valid JSON: ${formatFirstProblem(parsed.problems)}` };
  const { [PERSONA_FILE_HEADER]: header, ...fields } = parsed.value;
  const ids = readIds(header);
  if (typeof ids === 'string') return { ok: false, message: ids };
  const references: SecretReference[] = [];
  const clearSecrets: string[] = [];
  mapLeaves(fields, (leaf, segments) => {
    if (typeof leaf !== 'string' || leaf === '' || !isSecretPath(segments)) return leaf;
    const env = REFERENCE.exec(leaf)?.[1];
    if (env === undefined) clearSecrets.push(toPointer(segments));
    else references.push({ pointer: toPointer(segments), env });
    return leaf;
  });
  return { ok: true, file: { ids, body: fields, references: byPointer(references), clearSecrets: clearSecrets.sort() } };
}

/** The `ids` map, or why the header is not one. */
function readIds(header: unknown): Record<string, string> | string {
  if (header === undefined) return {};
  const shape = `"${PERSONA_FILE_HEADER}" must be an object like { "ids": { "default": "<persona_id>" } }`;
  if (!isJsonObject(header)) return shape;
  const { ids = {} } = header;
  if (!isJsonObject(ids)) return shape;
  const result: Record<string, string> = {};
  for (const [connection, id] of Object.entries(ids)) {
    if (typeof id !== 'string' || id.trim() === '') {
      return `"${PERSONA_FILE_HEADER}.ids.${connection}" must be a persona id (a non-empty string)`;
    }
    defineMember(result, connection, id.trim());
  }
  return result;
}

export type ResolvedBody = { ok: true; body: Persona; secrets: string[] } | { ok: false; message: string };

/**
 * The body to compare with Tavus and send: every `${env:NAME}` at a secret field replaced by the
 * variable's value. A reference anywhere else is ordinary text. Every missing variable is named.
 */
export function resolveReferences(file: PersonaFile, env: Readonly<Record<string, string | undefined>>): ResolvedBody {
  const missing = file.references.filter((reference) => env[reference.env] === undefined || env[reference.env] === '');
  if (missing.length > 0) {
    const listed = missing.map(({ env: name, pointer }) => `${name} (for ${pointer})`).join(', ');
    return {
      ok: false,
      message: `Not set in the environment: ${listed}. Set ${missing.length === 1 ? 'it' : 'them'} and try again.`,
    };
  }
  const values = new Map(file.references.map(({ pointer, env: name }) => [pointer, env[name] as string]));
  const body = mapLeaves(file.body, (leaf, segments) => {
    if (typeof leaf !== 'string' || !REFERENCE.test(leaf) || !isSecretPath(segments)) return leaf;
    return values.get(toPointer(segments)) ?? leaf;
  }) as Persona;
  return { ok: true, body, secrets: [...new Set(values.values())] };
}

/** The persona id a file names for a connection, or why it names none. */
export function fileIdFor(file: PersonaFile, connection: string): { ok: true; id: string } | { ok: false; message: string } {
  const id = file.ids[connection];
  if (id !== undefined) return { ok: true, id };
  const known = Object.keys(file.ids);
  const hint = known.length > 0 ? ` It names ${known.map((name) => `"${name}"`).join(', ')}.` : '';
  return {
    ok: false,
    message: `The persona file has no persona id for connection "${connection}" ("${PERSONA_FILE_HEADER}": { "ids": { "${connection}": "<persona_id>" } }).${hint}`,
  };
}

/**
 * What Tavus's copy would become: the file's fields, with the fields Tavus sets taken from `current`
 * (a file should not carry them, and one that does cannot change them), and the ops that get there.
 */
export function diffFileWithTavus(current: Persona, body: Persona): { edited: Persona; ops: PatchOp[] } {
  const edited = withServerOwnedFieldsRestored(current, body);
  return { edited, ops: diffJson(current, edited) };
}

export function isEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}
