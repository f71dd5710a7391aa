import { jsonEqual } from './diff';
import type { JsonValue, PatchOp, Persona } from './json';
import { applyOps } from './patchedCopy';
import { safeFileName } from './personaDocument';
import { SERVER_OWNED_FIELDS } from './personaRules';
import { getAtPointer, parsePointer } from './pointer';

/**
 * Field documents show one string of a persona (or of a patch file's op) as plain text. Their
 * path holds what the field is: `/field/<encoded persona id>/<encoded pointer>/<name>` or
 * `/patch/<encoded patch-file URI>/<encoded pointer>/<name>`. The name, made from the persona and
 * the field, is the tab title and, by its extension, picks the document's language.
 */
export type FieldOwner = { kind: 'persona'; id: string } | { kind: 'patchFile'; file: string };

export interface FieldLocation {
  owner: FieldOwner;
  pointer: string;
}

const OWNER_FOLDERS = { persona: '/field', patchFile: '/patch' } as const;

export function fieldDocumentPath(location: FieldLocation, label: string, extension: string): string {
  const owner = location.owner.kind === 'persona' ? location.owner.id : location.owner.file;
  const name = `${safeFileName(label)} — ${fieldName(location.pointer)}.${extension}`;
  return `${OWNER_FOLDERS[location.owner.kind]}/${encodeURIComponent(owner)}/${encodeURIComponent(location.pointer)}/${name}`;
}

/** Undefined when the path is not a field document's. */
export function fieldLocationFromPath(path: string): FieldLocation | undefined {
  const match = /^\/(field|patch)\/([^/]+)\/([^/]*)\/[^/]+$/.exec(path);
  if (!match) return undefined;
  const [, folder, encodedOwner = '', encodedPointer = ''] = match;
  try {
    const owner = decodeURIComponent(encodedOwner);
    const pointer = decodeURIComponent(encodedPointer);
    parsePointer(pointer);
    if (pointer === '') return undefined;
    return { owner: folder === 'field' ? { kind: 'persona', id: owner } : { kind: 'patchFile', file: owner }, pointer };
  } catch {
    return undefined;
  }
}

/** `/layers/llm/tools/0/description` → `layers.llm.tools.0.description`; what a tab title names. */
export function fieldName(pointer: string): string {
  return safeFileName(parsePointer(pointer).join('.')) || 'field';
}

/**
 * Why a string cannot be shown as a text document without changing it, or undefined when it can.
 * Files travel as UTF-8, which has no lone surrogates; VS Code drops a leading byte-order mark
 * and gives a document one kind of line break, LF or CRLF, so a string mixing them (or ending
 * lines in CR alone) would be changed by opening it, and saved changed.
 */
export function fieldTextProblem(value: string): string | undefined {
  if (hasLoneSurrogate(value)) return 'it contains a lone surrogate (half of a UTF-16 pair), which a text document cannot hold';
  if (value.startsWith('\uFEFF')) return 'it starts with a byte-order mark, which a text editor drops';
  const lineBreaks = lineBreakKind(value);
  if (lineBreaks === 'mixed') return 'it mixes kinds of line break (CRLF, LF, CR), which a text editor would unify';
  if (lineBreaks === 'cr') return 'its lines end in CR alone, which a text editor turns into LF or CRLF';
  return undefined;
}

export function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

export type LineBreakKind = 'none' | 'lf' | 'crlf' | 'cr' | 'mixed';

export function lineBreakKind(text: string): LineBreakKind {
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1 - crlf;
  const cr = text.split('\r').length - 1 - crlf;
  const kinds = [crlf > 0 && 'crlf', lf > 0 && 'lf', cr > 0 && 'cr'].filter((kind) => kind !== false);
  if (kinds.length === 0) return 'none';
  return kinds.length === 1 ? (kinds[0] as LineBreakKind) : 'mixed';
}

export type FieldDocumentText = { ok: true; text: string } | { ok: false; reason: string };

/** What a field document shows for `value`: the string itself, or why it cannot be shown unchanged. */
export function fieldDocumentText(value: JsonValue | undefined, pointer: string): FieldDocumentText {
  if (typeof value !== 'string') return { ok: false, reason: `${pointer || 'The document'} is not a text value` };
  const problem = fieldTextProblem(value);
  return problem ? { ok: false, reason: `${pointer} cannot be edited as text: ${problem}` } : { ok: true, text: value };
}

/** The text as a JSON string literal (escaped as JSON.stringify does; lone surrogates as `\uXXXX`). */
export function jsonStringLiteral(text: string): string {
  return JSON.stringify(text);
}

/** Which language a field opens in: the first pattern of `languages` that matches, else plain text. */
export function fieldLanguage(pointer: string, languages: Readonly<Record<string, string>>): string {
  for (const [pattern, language] of Object.entries(languages)) {
    if (pointerMatches(pattern, pointer)) return language;
  }
  return 'plaintext';
}

/** A pattern is a pointer whose segments may be `*` (any one segment). */
function pointerMatches(pattern: string, pointer: string): boolean {
  const want = pattern.split('/');
  const have = pointer.split('/');
  return want.length === have.length && want.every((segment, i) => segment === '*' || segment === have[i]);
}

/** VS Code picks a language from the file extension; others are set after opening. */
export function fieldExtension(language: string): string {
  return language === 'markdown' ? 'md' : 'txt';
}

export interface TextStats {
  characters: number;
  words: number;
  /** About four characters of English text per token, as hosted LLMs' tokenizers count. */
  tokens: number;
}

export function textStats(text: string): TextStats {
  const pairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
  const characters = text.length - pairs;
  // Counted by hand: matching every word of a 1 MB prompt would build an array of them for one number.
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return { characters, words, tokens: Math.ceil(characters / 4) };
}

/** What `\s` matches, by code unit. */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

export interface TokenLimits {
  /** Past this, hosted LLMs follow long prompts less well. */
  warnTokens: number;
  /** Past this, Tavus's hosted LLMs cut the context. */
  maxTokens: number;
}

export type TokenLevel = 'ok' | 'warning' | 'over';

export function tokenLevel(tokens: number, limits: TokenLimits): TokenLevel {
  if (tokens > limits.maxTokens) return 'over';
  return tokens > limits.warnTokens ? 'warning' : 'ok';
}

export type FieldSavePlan =
  { kind: 'noChanges' } | { kind: 'refused'; message: string } | { kind: 'changes'; ops: PatchOp[]; edited: Persona };

/** The one `replace` a field document's save sends, and the persona it leaves. */
export function planFieldSave(origin: Persona, pointer: string, text: string): FieldSavePlan {
  if (SERVER_OWNED_FIELDS.some((field) => pointer === `/${field}`)) {
    return { kind: 'refused', message: `${pointer} is set by Tavus and cannot be changed` };
  }
  const current = getAtPointer(origin, pointer);
  if (!current.found || typeof current.value !== 'string') {
    return { kind: 'refused', message: `the persona no longer has a text at ${pointer}` };
  }
  if (current.value === text) return { kind: 'noChanges' };
  const ops: PatchOp[] = [{ op: 'replace', path: pointer, value: text }];
  return { kind: 'changes', ops, edited: applyOps(origin, ops) as Persona };
}

/** The field's text in a persona: the string itself, or (when it is not a string) its JSON. */
export function fieldTextIn(persona: JsonValue, pointer: string): string {
  const found = getAtPointer(persona, pointer);
  if (!found.found) return '';
  return typeof found.value === 'string' ? found.value : JSON.stringify(found.value, null, 2);
}

/** The preview of a field save: the field, old and new, as text rather than the whole persona. */
export function fieldPreviewTexts(base: Persona, edited: Persona, pointer: string): { serverText: string; proposedText: string } {
  return { serverText: fieldTextIn(base, pointer), proposedText: fieldTextIn(edited, pointer) };
}

/** Whether a dirty persona document's edits touch the field: its value differs from the document's origin. */
export function editsField(origin: Persona, edited: JsonValue, pointer: string): boolean {
  const before = getAtPointer(origin, pointer);
  const after = getAtPointer(edited, pointer);
  if (before.found !== after.found) return true;
  return before.found && after.found && !jsonEqual(before.value, after.value);
}
