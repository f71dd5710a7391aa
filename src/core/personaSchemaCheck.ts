import { jsonEqual } from './diff';
import type { Persona } from './json';
import type { Span } from './patchFile';
import { nearestName, type QuickFix } from './patchValidation';
import { outlineJson, type Outline, type OutlineNode } from './personaOutline';
import { knownField, knownFieldsUnder, type FieldReference } from './personaRules';
import { getAtPointer } from './pointer';
import { describeReference, idKindOf, type ReferenceLookup, referenceNoun } from './referenceValues';

export type SchemaSeverity = 'error' | 'warning' | 'information';

export interface SchemaProblem {
  code: string;
  severity: SchemaSeverity;
  message: string;
  pointer: string;
  span: Span;
  fixes: QuickFix[];
}

export interface SchemaContext {
  /** Tavus's copy: fields Tavus sets may not differ from it. Without one (a draft) they may not be written at all. */
  base?: Persona;
  /** The account's lists, when loaded; ids are checked only against lists that are. */
  references?: ReferenceLookup;
}

/** Containers whose members the checks look at; everything else is crossed without reading it. */
function descendsInto(pointer: string, type: 'object' | 'array'): boolean {
  if (type === 'object') return pointer === '' || knownFieldsUnder(pointer).length > 0;
  return knownField(pointer)?.itemType !== undefined;
}

/** The outline the schema checks read: the members of every object and list the field reference knows. */
export function personaOutline(text: string): Outline {
  return outlineJson(text, descendsInto);
}

/**
 * The schema problems of a persona document's text, with spans: unknown fields, wrong types,
 * values not allowed, deprecated and renamed fields, forbidden combinations, edited server-owned
 * fields and ids missing from the account. Text that is not JSON gives the one syntax problem.
 * An editor passes the outline it made of `text`, to share it with cursor locations.
 */
export function schemaProblems(text: string, context: SchemaContext = {}, outline = personaOutline(text)): SchemaProblem[] {
  if (!outline.ok) {
    const span = { offset: outline.offset, length: 0 };
    return [problem('invalid-json', 'error', `Not valid JSON, so the schema is not checked: ${outline.message}`, '', span)];
  }
  if (outline.root.type !== 'object') {
    return [problem('not-an-object', 'error', 'A persona is a JSON object.', '', outline.root.span)];
  }
  const problems: SchemaProblem[] = [];
  checkObject(outline.root, context, problems);
  if (context.base !== undefined) checkRemovedServerFields(outline.root, context.base, problems);
  return problems;
}

function problem(
  code: string,
  severity: SchemaSeverity,
  message: string,
  pointer: string,
  span: Span,
  fixes: QuickFix[] = [],
): SchemaProblem {
  return { code, severity, message, pointer, span, fixes };
}

function checkObject(object: OutlineNode, context: SchemaContext, problems: SchemaProblem[]): void {
  const members = object.children ?? [];
  const names = members.map((member) => member.key!);
  for (const member of members) {
    const field = knownField(member.pointer);
    if (field === undefined) problems.push(unknownField(object, member, names));
    else checkField(field, member, names, context, problems);
  }
  checkCombinations(object, problems);
}

function unknownField(object: OutlineNode, member: OutlineNode, present: readonly string[]): SchemaProblem {
  const candidates = knownFieldsUnder(object.pointer)
    .map((field) => field.key)
    .filter((key) => !present.includes(key));
  const near = nearestName(member.key!, candidates);
  const fixes = near === undefined ? [] : [renameFix(member, near)];
  const where = object.pointer === '' ? 'at the top level' : `in ${object.pointer}`;
  const hint = near === undefined ? '' : ` Did you mean "${near}"?`;
  return problem(
    'unknown-field',
    'warning',
    `"${member.key}" is not a field Tavus documents ${where}; Tavus may ignore it.${hint}`,
    member.pointer,
    member.keySpan!,
    fixes,
  );
}

function renameFix(member: OutlineNode, name: string): QuickFix {
  return { title: `Rename to "${name}"`, edits: [{ span: member.keySpan!, newText: JSON.stringify(name) }] };
}

function checkField(
  field: FieldReference,
  member: OutlineNode,
  siblings: readonly string[],
  context: SchemaContext,
  problems: SchemaProblem[],
): void {
  if (field.readOnly) checkServerOwned(field, member, context.base, problems);
  if (field.deprecated && !isEmptyValue(member)) problems.push(deprecatedField(field, member, siblings));
  if (!field.types.includes(member.type)) {
    problems.push(
      problem(
        'wrong-type',
        'error',
        `"${field.key}" should be ${typeList(field)}, not ${article(member.type)}.`,
        member.pointer,
        member.span,
      ),
    );
    return;
  }
  if (typeof member.value === 'string') checkValue(field, member, member.value, problems);
  if (member.type === 'array' && member.children !== undefined) checkItems(field, member, member.children, problems);
  const ids = member.type === 'array' ? (member.children ?? []) : [member];
  for (const node of ids) {
    if (typeof node.value === 'string') checkReference(field, node, node.value, context, problems);
  }
  if (member.type === 'object' && member.children !== undefined) checkObject(member, context, problems);
}

function typeList(field: FieldReference): string {
  return field.types.map(article).join(' or ');
}

function article(type: string): string {
  if (type === 'null') return 'null';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function checkServerOwned(
  field: FieldReference,
  member: OutlineNode,
  base: Persona | undefined,
  problems: SchemaProblem[],
): void {
  const original = base === undefined ? { found: false as const } : getAtPointer(base, member.pointer);
  if (original.found && member.value !== undefined && jsonEqual(original.value, member.value)) return;
  if (original.found && member.value === undefined) return;
  const message =
    base === undefined
      ? `"${field.key}" is set by Tavus; remove it, Tavus fills it in.`
      : `"${field.key}" is set by Tavus; saving refuses this change.`;
  const fixes: QuickFix[] =
    original.found && member.value !== undefined
      ? [{ title: `Restore Tavus's value`, edits: [{ span: member.span, newText: JSON.stringify(original.value) }] }]
      : [];
  problems.push(problem('server-owned', 'error', message, member.pointer, member.span, fixes));
}

function checkRemovedServerFields(root: OutlineNode, base: Persona, problems: SchemaProblem[]): void {
  const present = new Set((root.children ?? []).map((member) => member.key));
  for (const field of knownFieldsUnder('')) {
    if (!field.readOnly || present.has(field.key) || !Object.hasOwn(base, field.key)) continue;
    const message = `"${field.key}" is set by Tavus and was removed here; saving refuses this change.`;
    problems.push(problem('server-owned', 'error', message, field.pointer, { offset: root.span.offset, length: 1 }));
  }
}

/** Tavus itself returns `null`, `""`, `[]` or `{}` for fields nobody set (`context`, `tools`); only set ones are the user's choice. */
function isEmptyValue(member: OutlineNode): boolean {
  if (member.value === null || member.value === '') return true;
  if (member.type !== 'object' && member.type !== 'array') return false;
  return member.children !== undefined ? member.children.length === 0 : member.span.length === 2;
}

function deprecatedField(field: FieldReference, member: OutlineNode, siblings: readonly string[]): SchemaProblem {
  const renamed = field.renamedTo;
  if (renamed !== undefined) {
    const clash = siblings.includes(renamed);
    const fixes = clash ? [] : [renameFix(member, renamed)];
    const message = `"${field.key}" was renamed "${renamed}"; Tavus still reads the old name on old personas.`;
    return problem('renamed-field', 'information', message, member.pointer, member.keySpan!, fixes);
  }
  const why = field.deprecation ?? 'Deprecated.';
  return problem('deprecated-field', 'information', `"${field.key}" is deprecated. ${why}`, member.pointer, member.keySpan!);
}

function checkValue(field: FieldReference, member: OutlineNode, value: string, problems: SchemaProblem[]): void {
  if (field.enum === undefined || field.enum.includes(value)) return;
  const retired = field.retiredValues?.[value];
  if (retired !== undefined) {
    const severity = field.closedEnum ? 'error' : 'warning';
    const message = `"${value}" is no longer offered for "${field.key}" (${retired}). Allowed: ${allowed(field)}.`;
    problems.push(problem('retired-value', severity, message, member.pointer, member.span));
    return;
  }
  if (field.knownPrefix !== undefined && !value.startsWith(field.knownPrefix)) return;
  const near = nearestName(value, field.enum);
  const fixes: QuickFix[] =
    near === undefined ? [] : [{ title: `Change to "${near}"`, edits: [{ span: member.span, newText: JSON.stringify(near) }] }];
  const severity = field.closedEnum ? 'error' : 'warning';
  const open = field.closedEnum ? '' : ' Tavus adds values often, so check the name.';
  const message = `"${value}" is not a documented value of "${field.key}".${open} Allowed: ${allowed(field)}.`;
  problems.push(problem('value-not-allowed', severity, message, member.pointer, member.span, fixes));
}

function allowed(field: FieldReference): string {
  return (field.enum ?? []).join(', ');
}

function checkItems(field: FieldReference, array: OutlineNode, items: readonly OutlineNode[], problems: SchemaProblem[]): void {
  if (field.maxItems !== undefined && items.length > field.maxItems) {
    const message = `"${field.key}" holds at most ${field.maxItems} items; this has ${items.length}.`;
    problems.push(problem('too-many-items', 'error', message, array.pointer, array.span));
  }
  for (const item of items) {
    if (field.itemType !== undefined && item.type !== field.itemType) {
      const message = `Items of "${field.key}" should be ${article(field.itemType)}, not ${article(item.type)}.`;
      problems.push(problem('wrong-type', 'error', message, item.pointer, item.span));
    }
  }
}

function checkReference(
  field: FieldReference,
  node: OutlineNode,
  id: string,
  context: SchemaContext,
  problems: SchemaProblem[],
): void {
  const kind = idKindOf(field);
  if (id === '' || kind === undefined) return;
  const listing = context.references?.(kind);
  if (listing === undefined) return;
  const item = listing.items.find((entry) => entry.id === id);
  if (item === undefined) {
    const message = `No ${referenceNoun(kind)} "${id}" in this account's list; Tavus will not find it.`;
    problems.push(problem('unknown-reference', 'warning', message, node.pointer, node.span));
  } else if (!item.usable) {
    const message = `${describeReference(kind, item)} is not usable yet.`;
    problems.push(problem('unusable-reference', 'warning', message, node.pointer, node.span));
  }
}

function memberNamed(object: OutlineNode, key: string): OutlineNode | undefined {
  // A repeated member counts as its last occurrence, as JSON.parse would have it.
  return (object.children ?? []).filter((member) => member.key === key).pop();
}

/** Option combinations the docs forbid or that cannot work. */
function checkCombinations(object: OutlineNode, problems: SchemaProblem[]): void {
  if (object.pointer === '/layers/tts') {
    const engine = memberNamed(object, 'tts_engine');
    const model = memberNamed(object, 'tts_model_name');
    if (engine?.value === 'azure' && model !== undefined) {
      const message = 'Azure takes no "tts_model_name"; leave it out when "tts_engine" is "azure".';
      problems.push(problem('forbidden-combination', 'error', message, model.pointer, model.keySpan!));
    }
  }
  if (object.pointer === '/layers/llm') {
    const model = memberNamed(object, 'model');
    const baseUrl = memberNamed(object, 'base_url');
    const custom = typeof model?.value === 'string' && model.value !== '' && !model.value.startsWith('tavus-');
    if (custom && (baseUrl === undefined || baseUrl.value === '')) {
      const message = `"${String(model.value)}" is a custom model, which needs "base_url" (and usually "api_key").`;
      problems.push(problem('custom-llm-needs-base-url', 'warning', message, model.pointer, model.span));
    }
  }
}

/** How many problems of each severity: the save preview says "2 errors, 1 warning". */
export function countBySeverity(problems: readonly SchemaProblem[]): Record<SchemaSeverity, number> {
  const counts: Record<SchemaSeverity, number> = { error: 0, warning: 0, information: 0 };
  for (const { severity } of problems) counts[severity]++;
  return counts;
}
