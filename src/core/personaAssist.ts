import type { Segment } from 'jsonc-parser';
import { locateFromStart, type CursorLocation, type LocateCursor } from './cursorLocation';
import type { ReferenceKind } from './references';
import type { Span } from './patchFile';
import { describeForSchema } from './personaSchema';
import { knownField, knownFieldsUnder, type FieldReference } from './personaRules';
import { toPointer } from './pointer';
import { describeId, referenceValues, type ReferenceLookup } from './referenceValues';

export type PersonaCandidateKind = 'field' | 'layer' | 'value' | 'reference';

export interface PersonaCompletion {
  label: string;
  insertText: string;
  isSnippet: boolean;
  kind: PersonaCandidateKind;
  /** One line: type, and whether Tavus sets the field. */
  detail: string;
  documentation?: string;
  span: Span;
  sortText: string;
  /** What the editor matches the typed text against: the quoted form, since the quote is typed too. */
  filterText: string;
}

/** Members of this object are layers, completed as snippets with their fields that have documented defaults. */
const LAYER_POINTER = '/layers';

/**
 * Completion candidates at `offset` of a persona document: field names, layer snippets, enum and live
 * values. `locate` finds the cursor's place; an editor passes its document's CursorLocator, which reads
 * only the text near the cursor.
 */
export function personaCompletionsAt(
  text: string,
  offset: number,
  references?: ReferenceLookup,
  locate: LocateCursor = locateFromStart,
): PersonaCompletion[] {
  const location = locate(text, offset);
  if (location === undefined) return [];
  const typed = typedNode(location.previousNode, offset);
  if (location.isAtPropertyKey) {
    const parent = toPointer(location.path.slice(0, -1).map(String));
    const hasColon = typed !== undefined && /^\s*:/.test(text.slice(typed.end));
    return fieldCandidates(parent, spanOf(typed, offset), hasColon);
  }
  const field = fieldAt(location.path);
  if (field === undefined) return [];
  return valueCandidates(field, spanOf(typed, offset), references);
}

/** The list whose entries are offered at `offset`, if the value there is an id or tag field: completion loads it first. */
export function referenceKindAt(text: string, offset: number, locate: LocateCursor = locateFromStart): ReferenceKind | undefined {
  const location = locate(text, offset);
  if (location === undefined) return undefined;
  const reference = fieldAt(location.path)?.reference;
  if (reference === 'documentTags') return 'documents';
  if (reference === 'guardrailTags') return 'guardrails';
  return reference;
}

interface TypedNode {
  offset: number;
  /** The end of the node, or of the line for an unterminated string. */
  end: number;
  closed: boolean;
}

/** The string or literal the cursor is in or right after, if any. */
function typedNode(node: CursorLocation['previousNode'], offset: number): TypedNode | undefined {
  if (node === undefined || offset < node.offset || offset > node.offset + node.length) return undefined;
  const end = node.offset + node.length;
  return { offset: node.offset, end, closed: offset < end || node.type !== 'string' };
}

/** The typed text a candidate replaces: a whole closed string, or what an unclosed one holds up to the cursor. */
function spanOf(typed: TypedNode | undefined, offset: number): Span {
  if (typed === undefined) return { offset, length: 0 };
  return typed.closed
    ? { offset: typed.offset, length: typed.end - typed.offset }
    : { offset: typed.offset, length: offset - typed.offset };
}

/** The known field of a value's path; array items of a list field answer for the list. */
function fieldAt(path: readonly Segment[]): FieldReference | undefined {
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const list = knownField(toPointer(path.slice(0, -1).map(String)));
    return list?.itemType === undefined ? undefined : list;
  }
  return knownField(toPointer(path.map(String)));
}

function sortKey(position: number): string {
  return String(position).padStart(6, '0');
}

export function fieldDetail(field: FieldReference): string {
  const type = field.types.join(' | ');
  const notes = [
    field.readOnly ? 'set by Tavus' : undefined,
    field.deprecated ? 'deprecated' : undefined,
    field.secret ? 'secret' : undefined,
  ];
  return [type, ...notes.filter((note) => note !== undefined)].join(' · ');
}

function fieldCandidates(parent: string, span: Span, hasColon: boolean): PersonaCompletion[] {
  const fields = knownFieldsUnder(parent);
  // Current fields first, deprecated ones last, so a stale name is never the default choice.
  const ordered = [...fields.filter((field) => !field.deprecated), ...fields.filter((field) => field.deprecated)];
  return ordered.map((field, position) => {
    const layer = parent === LAYER_POINTER && knownFieldsUnder(field.pointer).some((child) => child.default !== undefined);
    const name = JSON.stringify(field.key);
    return {
      label: field.key,
      insertText: hasColon ? name : `${name}: ${layer ? layerSnippet(field) : valueSnippet(field)}`,
      isSnippet: !hasColon,
      kind: layer ? 'layer' : 'field',
      detail: layer ? `${fieldDetail(field)} · with its common fields` : fieldDetail(field),
      documentation: describeForSchema(field),
      span,
      sortText: sortKey(position),
      filterText: name,
    };
  });
}

/** A placeholder for the field's value: a choice of enum values, quotes for strings, brackets for containers. */
function valueSnippet(field: FieldReference, tabStop = 1): string {
  const [type] = field.types;
  if (field.enum !== undefined) return `"\${${tabStop}|${choices(field.enum, field.default)}|}"`;
  if (type === 'string') return `"$${tabStop}"`;
  if (type === 'boolean') return `\${${tabStop}|${choices(['true', 'false'], field.default)}|}`;
  if (type === 'array') return `[$${tabStop}]`;
  if (type === 'object') return `{$${tabStop}}`;
  return `$${tabStop}`;
}

/** Snippet choices, the documented default first; `,`, `|` and `\` would end a choice, so they are escaped. */
function choices(values: readonly string[], preferred: unknown): string {
  const ordered =
    typeof preferred === 'string' || typeof preferred === 'boolean'
      ? [String(preferred), ...values.filter((value) => value !== String(preferred))]
      : values;
  return ordered.map((value) => value.replace(/[,|\\$}]/g, (char) => `\\${char}`)).join(',');
}

function layerSnippet(layer: FieldReference): string {
  const common = knownFieldsUnder(layer.pointer).filter((field) => field.default !== undefined && !field.deprecated);
  const lines = common.map((field, index) => `\t${JSON.stringify(field.key)}: ${valueSnippet(field, index + 1)}`);
  return `{\n${lines.join(',\n')}\n}`;
}

function valueCandidates(field: FieldReference, span: Span, references: ReferenceLookup | undefined): PersonaCompletion[] {
  const candidates: PersonaCompletion[] = [];
  const push = (value: string | boolean, kind: PersonaCandidateKind, detail: string, documentation?: string) => {
    const json = JSON.stringify(value);
    candidates.push({
      label: String(value),
      insertText: json,
      isSnippet: false,
      kind,
      detail,
      documentation,
      span,
      sortText: sortKey(candidates.length),
      filterText: json,
    });
  };
  for (const value of field.enum ?? []) {
    push(value, 'value', value === field.default ? `default ${field.key}` : field.key, field.description);
  }
  if (field.types.includes('boolean')) for (const value of [true, false]) push(value, 'value', field.key);
  for (const { value, detail } of referenceValues(field, references)) push(value, 'reference', detail);
  return candidates;
}

export interface PersonaHover {
  span?: Span;
  markdown: string;
}

/** Hover on a member name or value: the field's meaning, type, values, deprecation, secrecy, and for ids the item. */
export function personaHoverAt(
  text: string,
  offset: number,
  references?: ReferenceLookup,
  locate: LocateCursor = locateFromStart,
): PersonaHover | undefined {
  const location = locate(text, offset);
  if (location === undefined) return undefined;
  const node = location.previousNode;
  const onNode = node !== undefined && offset >= node.offset && offset <= node.offset + node.length;
  const field = fieldAt(location.path);
  if (field === undefined) return undefined;
  const parts = fieldMarkdown(field);
  if (onNode && !location.isAtPropertyKey && typeof node.value === 'string') {
    const referenced = describeId(field, node.value, references);
    if (referenced !== undefined) parts.push(referenced);
  }
  return { span: onNode ? { offset: node.offset, length: node.length } : undefined, markdown: parts.join('\n\n') };
}

function fieldMarkdown(field: FieldReference): string[] {
  const parts = [`**\`${field.key}\`** · ${fieldDetail(field)}`, field.description];
  if (field.enum !== undefined) {
    const label = field.closedEnum ? 'Allowed' : 'Known values';
    parts.push(`${label}: ${field.enum.map((value) => `\`${value}\``).join(', ')}`);
  }
  const retired = Object.entries(field.retiredValues ?? {});
  if (retired.length > 0) parts.push(`No longer offered: ${retired.map(([value, why]) => `\`${value}\` (${why})`).join(', ')}`);
  if (field.default !== undefined) parts.push(`Default: \`${JSON.stringify(field.default)}\``);
  if (field.renamedTo !== undefined) parts.push(`Deprecated: renamed \`${field.renamedTo}\`.`);
  else if (field.deprecated) parts.push(`Deprecated. ${field.deprecation ?? ''}`.trim());
  if (field.readOnly) parts.push('Set by Tavus: saving refuses changes to it.');
  if (field.secret) parts.push('The value is a secret: it is never logged or shown in messages.');
  return parts;
}
