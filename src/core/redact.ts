import { defineMember, isJsonObject, type JsonObject, type JsonValue, type PatchOp } from './json';
import { isPointer } from './patchFile';
import { isArrayIndexSegment, parsePointer } from './pointer';

export const REDACTED = '[redacted]';

/** Shorter values are too likely to occur by chance in ordinary text to be worth scrubbing. */
const MIN_SCRUBBED_SECRET_LENGTH = 4;

const SECRET_WORDS = new Set(['token', 'secret', 'password', 'passwd', 'authorization', 'credential', 'credentials', 'apikey']);

/** `key` preceded by one of these words names a credential (`private_key`), unlike `key` alone. */
const CREDENTIAL_KEY_QUALIFIERS = new Set(['api', 'private', 'secret', 'access', 'signing']);

/** Objects under `/layers/llm` whose every value is sent to the custom LLM as a credential-bearing header or query. */
const LLM_SECRET_MAPS = new Set(['headers', 'default_query']);

function splitKeyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/** Every leaf of every listed persona asks about its member's name: a listing asks about a few dozen names thousands of times. */
const secretKeys = new Map<string, boolean>();
const MAX_REMEMBERED_KEYS = 10_000;

/**
 * Whether a member name denotes a credential: `api_key`, `x-api-key`, `apiKey`, `access_token`,
 * `client_secret`, `Authorization`. Matches whole words, so `max_tokens` or `tokenizer` are not secret.
 */
export function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    if (secretKeys.size >= MAX_REMEMBERED_KEYS) secretKeys.clear();
    secretKeys.set(key, (secret = namesCredential(key)));
  }
  return secret;
}

function namesCredential(key: string): boolean {
  const words = splitKeyWords(key);
  if (words.join('').includes('apikey')) {
    return true;
  }
  return words.some(
    (word, i) => SECRET_WORDS.has(word) || (word === 'key' && i > 0 && CREDENTIAL_KEY_QUALIFIERS.has(words[i - 1]!)),
  );
}

/** The member name a value belongs to, looking through array indices (`scopes/0` belongs to `scopes`). */
function owningMemberName(segments: readonly string[]): string | undefined {
  return [...segments].reverse().find((segment) => !isArrayIndexSegment(segment));
}

function isUnderLlmSecretMap(segments: readonly string[]): boolean {
  return segments.length >= 4 && segments[0] === 'layers' && segments[1] === 'llm' && LLM_SECRET_MAPS.has(segments[2]!);
}

/** Whether the value at this path (unescaped pointer segments) of a persona is a secret. */
export function isSecretPath(segments: readonly string[]): boolean {
  if (isUnderLlmSecretMap(segments)) {
    return true;
  }
  const name = owningMemberName(segments);
  return name !== undefined && isSecretKey(name);
}

function isSecretString(value: JsonValue, segments: readonly string[]): value is string {
  return typeof value === 'string' && value !== '' && isSecretPath(segments);
}

/** A path as parent links, so descending costs O(1) however deep the document; segments are built only for leaves. */
interface PathLink {
  parent: PathLink | undefined;
  key: string;
}

function segmentsOf(link: PathLink | undefined): string[] {
  const segments: string[] = [];
  for (let node = link; node !== undefined; node = node.parent) {
    segments.push(node.key);
  }
  return segments.reverse();
}

interface PendingCopy {
  source: JsonObject | JsonValue[];
  target: JsonObject | JsonValue[];
  path: PathLink | undefined;
}

function emptyContainerLike(value: JsonObject | JsonValue[]): JsonObject | JsonValue[] {
  return Array.isArray(value) ? [] : {};
}

function isContainer(value: JsonValue): value is JsonObject | JsonValue[] {
  return typeof value === 'object' && value !== null;
}

/**
 * Deep copy of `value` with each primitive replaced by `mapLeaf(leaf, segments)`, leaving out the
 * object members `dropMember` names. Iterative, so arbitrarily deep documents cannot overflow the stack.
 */
export function mapLeaves(
  value: JsonValue,
  mapLeaf: (leaf: JsonValue, segments: readonly string[]) => JsonValue,
  dropMember?: (segments: readonly string[]) => boolean,
): JsonValue {
  if (!isContainer(value)) {
    return mapLeaf(value, []);
  }
  const root = emptyContainerLike(value);
  const pending: PendingCopy[] = [{ source: value, target: root, path: undefined }];
  for (let job = pending.pop(); job !== undefined; job = pending.pop()) {
    const { source, target, path } = job;
    for (const [key, child] of Object.entries(source)) {
      const childPath: PathLink = { parent: path, key };
      if (dropMember && !Array.isArray(source) && dropMember(segmentsOf(childPath))) continue;
      let copy: JsonValue;
      if (isContainer(child)) {
        copy = emptyContainerLike(child);
        pending.push({ source: child, target: copy, path: childPath });
      } else {
        copy = mapLeaf(child, segmentsOf(childPath));
      }
      if (Array.isArray(target)) {
        target.push(copy);
      } else if (isJsonObject(target)) {
        defineMember(target, key, copy);
      }
    }
  }
  return root;
}

/** Calls `visit` with each primitive of `value` and its path, copying nothing (collectSecrets reads every listed persona). */
function forEachLeaf(value: JsonValue, visit: (leaf: JsonValue, segments: readonly string[]) => void): void {
  if (!isContainer(value)) return visit(value, []);
  const pending: Array<{ source: JsonObject | JsonValue[]; path: PathLink | undefined }> = [{ source: value, path: undefined }];
  for (let job = pending.pop(); job !== undefined; job = pending.pop()) {
    for (const [key, child] of Object.entries(job.source)) {
      const path: PathLink = { parent: job.path, key };
      if (isContainer(child)) pending.push({ source: child, path });
      else visit(child, segmentsOf(path));
    }
  }
}

/** A deep copy with every non-empty secret string replaced by `[redacted]`; empty strings stay empty so "unset" stays visible. */
export function redactPersona<T extends JsonValue>(value: T): T {
  return mapLeaves(value, (leaf, segments) => (isSecretString(leaf, segments) ? REDACTED : leaf)) as T;
}

/**
 * A deep copy without the members whose path is secret (whatever their value); `at` is where `value`
 * sits in the persona. For copies kept on disk: `[redacted]` would still say a key was set, and would be sent back if the copy were restored.
 */
export function withoutSecretFields<T extends JsonValue>(value: T, at: readonly string[] = []): T {
  return mapLeaves(
    value,
    (leaf) => leaf,
    (segments) => isSecretPath([...at, ...segments]),
  ) as T;
}

/** The ops with every non-empty secret string in their values replaced by `[redacted]`, judged where each value lands. */
export function redactOps(ops: readonly PatchOp[]): PatchOp[] {
  return ops.map((op) => {
    if (op.value === undefined || !isPointer(op.path)) return { ...op };
    const base = parsePointer(op.path);
    const value = mapLeaves(op.value, (leaf, segments) => (isSecretString(leaf, [...base, ...segments]) ? REDACTED : leaf));
    return { ...op, value };
  });
}

/** The credential part of an `Authorization`-style value (`Bearer abc` → `abc`), which may appear without its scheme. */
function credentialOf(value: string): string | undefined {
  return /^(?:Bearer|Basic|Token)\s+(\S+)$/i.exec(value.trim())?.[1];
}

/** The secret strings of a persona worth scrubbing from free text, longest first. */
export function collectSecrets(value: JsonValue): string[] {
  const found = new Set<string>();
  forEachLeaf(value, (leaf, segments) => {
    if (isSecretString(leaf, segments)) {
      for (const candidate of [leaf, credentialOf(leaf)]) {
        if (candidate !== undefined && candidate.length >= MIN_SCRUBBED_SECRET_LENGTH) {
          found.add(candidate);
        }
      }
    }
  });
  return [...found].sort((a, b) => b.length - a.length);
}

const QUOTED_MEMBER = /"((?:[^"\\]|\\.)*)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
const UNQUOTED_ASSIGNMENT = /([A-Za-z][A-Za-z0-9_-]*)(["']?\s*[:=]\s*)(["']?)((?:Bearer|Basic|Token)\s+)?([^\s"',;&}[\]]+)/g;
const BEARER_CREDENTIAL = /\bBearer(\s+)[A-Za-z0-9._~+/=-]+/g;

/** Numbers, literals, and a bare scheme whose credential is already redacted (`Bearer [redacted]`). */
function isNonSecretValue(text: string): boolean {
  return /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null|bearer|basic|token)$/i.test(text);
}

function redactQuotedMembers(text: string): string {
  return text.replace(QUOTED_MEMBER, (whole, key: string, separator: string, value: string) =>
    isSecretKey(key) && value !== '' && value !== REDACTED ? `"${key}"${separator}"${REDACTED}"` : whole,
  );
}

function redactUnquotedAssignments(text: string): string {
  return text.replace(
    UNQUOTED_ASSIGNMENT,
    (whole, key: string, separator: string, quote: string, scheme: string | undefined, value: string) =>
      isSecretKey(key) && !isNonSecretValue(value) ? `${key}${separator}${quote}${scheme ?? ''}${REDACTED}` : whole,
  );
}

function redactBearerCredentials(text: string): string {
  return text.replace(BEARER_CREDENTIAL, `Bearer$1${REDACTED}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One pass with the longest alternatives first, so a secret inside a longer one, or inside `[redacted]`, cannot leave fragments. */
function redactKnownSecrets(text: string, secrets: readonly string[]): string {
  const alternatives = secrets
    .filter((secret) => secret !== '')
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  return alternatives.length === 0 ? text : text.replace(new RegExp(alternatives.join('|'), 'g'), REDACTED);
}

/**
 * The secret strings an op list carries, judged where each value lands: `{"op":"add","path":"/layers/llm",
 * "value":{"api_key":"…"}}` and `{"op":"replace","path":"/layers/llm/api_key","value":"…"}` alike. A key the
 * user has just typed is not yet in any server copy, so it must be registered before the ops are sent.
 */
export function collectOpSecrets(ops: readonly PatchOp[]): string[] {
  const found = new Set<string>();
  for (const op of ops) {
    if (op.value === undefined || !isPointer(op.path)) continue;
    const base = parsePointer(op.path);
    mapLeaves(op.value, (leaf, segments) => {
      if (isSecretString(leaf, [...base, ...segments])) {
        for (const candidate of [leaf, credentialOf(leaf)]) {
          if (candidate !== undefined && candidate.length >= MIN_SCRUBBED_SECRET_LENGTH) found.add(candidate);
        }
      }
      return leaf;
    });
  }
  return [...found].sort((a, b) => b.length - a.length);
}

function isSecretPointerText(pointer: string): boolean {
  return isPointer(pointer) && isSecretPath(parsePointer(pointer));
}

/** A quote as JSON writes it, or as it looks when JSON is quoted inside a JSON string (`\"`). */
const Q = String.raw`\\?"`;
/** A JSON string's content; a `\\"` followed by a delimiter ends a string that is itself inside a JSON string. */
const STRING_CONTENT = String.raw`((?:[^"\\]|\\[^"]|\\"(?!\s*[,}:]))*)`;
const ECHOED_OP = /\{[^{}]*\}/g;
const ECHOED_PATH = new RegExp(`${Q}path${Q}\\s*:\\s*${Q}${STRING_CONTENT}${Q}`);
const ECHOED_STRING_VALUE = new RegExp(`(${Q}value${Q}\\s*:\\s*${Q})${STRING_CONTENT}(${Q})`);

/** `{"op":"test","path":"/layers/llm/api_key","value":"sk-…"}` echoed by a server error, in either member order. */
function redactEchoedJsonOps(text: string): string {
  return text.replace(ECHOED_OP, (op) => {
    const path = ECHOED_PATH.exec(op)?.[1]?.replace(/\\(.)/g, '$1');
    if (path === undefined || !isSecretPointerText(path)) return op;
    return op.replace(ECHOED_STRING_VALUE, (whole, open: string, value: string, close: string) =>
      value === '' || value === REDACTED ? whole : `${open}${REDACTED}${close}`,
    );
  });
}

/** An op as describePatchOps (or a server) prints it: `test /layers/llm/api_key = "sk-…"`, with or without `=`. */
const PRINTED_OP = /\b(add|replace|test)(\s+)(\/\S*)(\s+(?:=\s*)?)"((?:[^"\\]|\\.)*)"/g;

function redactPrintedOps(text: string): string {
  return text.replace(PRINTED_OP, (whole, op: string, gap: string, path: string, separator: string, value: string) =>
    value !== '' && value !== REDACTED && isSecretPointerText(path) ? `${op}${gap}${path}${separator}"${REDACTED}"` : whole,
  );
}

/**
 * Scrubs free text (logs, error messages, notifications): every occurrence of each known secret, then
 * credential-shaped patterns such as `"x-api-key":"…"`, `x-api-key: …`, `api_key=…` and `Bearer …`, and
 * echoed ops whose path names a secret (`"path":"…/api_key","value":"…"`, `test /…/api_key "…"`).
 */
export function redactText(text: string, secrets: readonly string[]): string {
  const known = redactKnownSecrets(text, secrets);
  return redactBearerCredentials(redactUnquotedAssignments(redactQuotedMembers(redactPrintedOps(redactEchoedJsonOps(known)))));
}
