import { sha256 } from './digest';
import { defineMember, isJsonObject, type JsonValue, type Persona } from './json';
import { getAtPointer, toPointer } from './pointer';
import { isSecretPath } from './redact';

/**
 * What is kept of a document's origin across a reload: enough to recognise it, and the origin
 * itself with every secret value replaced by a hash of it, so workspace storage never holds a key.
 */
export interface OriginRecord {
  updatedAt?: string;
  /** sha256 of the origin as the document shows it. */
  hash: string;
  /** The origin with secret values replaced by `SECRET_MARKER` + their sha256; absent when too large to keep. */
  json?: JsonValue;
}

const SECRET_MARKER = '\u0000tavus-secret-sha256:';

/** Origins larger than this are remembered by fingerprint only. */
export const MAX_RECORDED_ORIGIN_CHARS = 1_000_000;

export function originRecord(origin: Persona): OriginRecord {
  const text = JSON.stringify(origin);
  const updatedAt = typeof origin.updated_at === 'string' ? origin.updated_at : undefined;
  const record: OriginRecord = { hash: sha256(text), ...(updatedAt !== undefined && { updatedAt }) };
  return text.length <= MAX_RECORDED_ORIGIN_CHARS ? { ...record, json: withSecretsHashed(origin, []) } : record;
}

/** Whether `persona` is exactly the origin the record was made from. */
export function isRecordedOrigin(record: OriginRecord, persona: Persona): boolean {
  const updatedAt = typeof persona.updated_at === 'string' ? persona.updated_at : undefined;
  return record.updatedAt === updatedAt && record.hash === sha256(JSON.stringify(persona));
}

/**
 * Rebuilds the origin from its record. A secret value is taken from the current server copy or
 * from the edited document, whichever still holds the value whose hash was kept; when neither
 * does, the origin cannot be established and the result is undefined.
 */
export function restoreOrigin(record: OriginRecord, current: Persona, edited: Persona): Persona | undefined {
  if (isRecordedOrigin(record, current)) return current;
  if (record.json === undefined || !isJsonObject(record.json)) return undefined;
  const restored = withSecretsRestored(record.json, [], [current, edited]);
  if (!restored.ok || !isJsonObject(restored.value)) return undefined;
  return sha256(JSON.stringify(restored.value)) === record.hash ? restored.value : undefined;
}

function withSecretsHashed(value: JsonValue, segments: string[]): JsonValue {
  if (typeof value === 'string') return isSecretPath(segments) ? SECRET_MARKER + sha256(value) : value;
  if (Array.isArray(value)) return value.map((item, i) => withSecretsHashed(item, [...segments, String(i)]));
  if (!isJsonObject(value)) return value;
  const copy = {};
  for (const [key, member] of Object.entries(value)) defineMember(copy, key, withSecretsHashed(member, [...segments, key]));
  return copy;
}

type Restored = { ok: true; value: JsonValue } | { ok: false };

function withSecretsRestored(value: JsonValue, segments: string[], sources: readonly Persona[]): Restored {
  if (typeof value === 'string' && value.startsWith(SECRET_MARKER)) return secretFrom(value, segments, sources);
  if (Array.isArray(value)) {
    const items: JsonValue[] = [];
    for (const [i, element] of value.entries()) {
      const item = withSecretsRestored(element, [...segments, String(i)], sources);
      if (!item.ok) return item;
      items.push(item.value);
    }
    return { ok: true, value: items };
  }
  if (!isJsonObject(value)) return { ok: true, value };
  const copy = {};
  for (const [key, child] of Object.entries(value)) {
    const member = withSecretsRestored(child, [...segments, key], sources);
    if (!member.ok) return member;
    defineMember(copy, key, member.value);
  }
  return { ok: true, value: copy };
}

function secretFrom(marker: string, segments: string[], sources: readonly Persona[]): Restored {
  const hash = marker.slice(SECRET_MARKER.length);
  const pointer = toPointer(segments);
  for (const source of sources) {
    const found = getAtPointer(source, pointer);
    if (found.found && typeof found.value === 'string' && sha256(found.value) === hash) return { ok: true, value: found.value };
  }
  return { ok: false };
}
