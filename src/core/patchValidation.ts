import { jsonEqual } from './diff';
import { elementAt, isJsonObject, type JsonValue, type PatchOp, type PatchOpName, type Persona } from './json';
import {
  isPatchOpName,
  isSmallJson,
  isPointer,
  PATCH_OP_NAMES,
  toPatchOp,
  type ParsedOp,
  type ParsedOpMember,
  type ParsedPatchFile,
  type Span,
  type WrittenMember,
} from './patchFile';
import { PatchedCopy } from './patchedCopy';
import { escapeSegment, getAtPointer, isArrayIndexSegment, parsePointer, unescapeSegment } from './pointer';
import { SERVER_OWNED_FIELDS } from './personaRules';
import { clip, counted } from './text';

export type ProblemSeverity = 'error' | 'warning';

export interface QuickFix {
  title: string;
  edits: Array<{ span: Span; newText: string }>;
}

export interface PatchProblem {
  code: string;
  severity: ProblemSeverity;
  message: string;
  span: Span;
  fixes: QuickFix[];
}

type Finding = Pick<PatchProblem, 'code' | 'message'>;

const MEMBER_NAMES = ['op', 'path', 'from', 'value'];
/** A typo this close to a known name is offered as a fix. */
const MAX_TYPO_DISTANCE = 2;
/** A "use the current value" fix is offered for values up to this many JSON nodes. */
const MAX_FIX_VALUE_NODES = 200;
const BRIEF_LENGTH = 60;
/** How many "did you mean" paths are offered for a path that is not in the persona. */
const MAX_PATH_SUGGESTIONS = 3;

function error(finding: Finding, span: Span, fixes: QuickFix[] = []): PatchProblem {
  return { ...finding, severity: 'error', span, fixes };
}

function warning(finding: Finding, span: Span, fixes: QuickFix[] = []): PatchProblem {
  return { ...finding, severity: 'warning', span, fixes };
}

function replaceWith(title: string, span: Span, newText: string): QuickFix {
  return { title, edits: [{ span, newText }] };
}

/** Levenshtein distance, for spotting typos in short names. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = elementAt(previous, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(elementAt(previous, j) + 1, elementAt(current, j - 1) + 1, substitution);
    }
    previous = current;
  }
  return elementAt(previous, b.length);
}

/** The name at most two edits from `typed`, for "did you mean" fixes. */
export function nearestName(typed: string, names: readonly string[]): string | undefined {
  const lower = typed.toLowerCase();
  let best: string | undefined;
  let bestDistance = MAX_TYPO_DISTANCE + 1;
  for (const name of names) {
    const distance = editDistance(lower, name);
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  return best;
}

function brief(value: JsonValue): string {
  if (Array.isArray(value)) return `an array of ${counted(value.length, 'item')}`;
  if (isJsonObject(value)) return `an object with ${counted(Object.keys(value).length, 'member')}`;
  return clip(JSON.stringify(value), BRIEF_LENGTH);
}

function defined(problems: ReadonlyArray<PatchProblem | undefined>): PatchProblem[] {
  return problems.filter((problem): problem is PatchProblem => problem !== undefined);
}

function hasError(problems: readonly PatchProblem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}

// ---- The shape of each op: needs nothing but the op itself.

function unknownMemberProblems(op: ParsedOp): PatchProblem[] {
  return op.members
    .filter((member) => !MEMBER_NAMES.includes(member.name))
    .map((member) => {
      const near = nearestName(
        member.name,
        MEMBER_NAMES.filter((name) => op[name as keyof ParsedOp] === undefined),
      );
      const fixes = near === undefined ? [] : [replaceWith(`Rename to "${near}"`, member.keySpan, JSON.stringify(near))];
      const message = `Unknown member "${member.name}": an op has only op, path, value and from, and Tavus ignores the rest.`;
      return warning({ code: 'unknown-member', message }, member.keySpan, fixes);
    });
}

function opNameProblem(op: ParsedOp): PatchProblem | undefined {
  if (op.op === undefined) {
    return error({ code: 'missing-op', message: `Add "op": one of ${PATCH_OP_NAMES.join(', ')}.` }, op.span);
  }
  if (isPatchOpName(op.op.value)) return undefined;
  const near = typeof op.op.value === 'string' ? nearestName(op.op.value, PATCH_OP_NAMES) : undefined;
  const fixes = near === undefined ? [] : [replaceWith(`Change to "${near}"`, op.op.span, JSON.stringify(near))];
  const message = `Unknown op ${JSON.stringify(op.op.value)}: use ${PATCH_OP_NAMES.join(', ')}.`;
  return error({ code: 'unknown-op', message }, op.op.span, fixes);
}

/** The obvious repairs of a pointer: a missing leading "/" and a "~" not written as "~0". */
function pointerFix(member: ParsedOpMember<unknown>): QuickFix[] {
  const written = member.value;
  if (typeof written !== 'string') return [];
  const escaped = written.replace(/~(?![01])/g, '~0');
  const repaired = escaped.startsWith('/') || escaped === '' ? escaped : `/${escaped}`;
  if (!isPointer(repaired)) return [];
  const changes = [repaired !== escaped ? 'start with "/"' : '', escaped !== written ? 'escape "~" as "~0"' : ''].filter(Boolean);
  const title = changes.join(' and ');
  return [replaceWith(`${title.charAt(0).toUpperCase()}${title.slice(1)}`, member.span, JSON.stringify(repaired))];
}

function pointerMemberProblem(op: ParsedOp, name: 'path' | 'from'): PatchProblem | undefined {
  const member = op[name];
  if (member === undefined) {
    return error({ code: `missing-${name}`, message: `Add "${name}": a JSON pointer such as "/persona_name".` }, op.span);
  }
  if (isPointer(member.value)) return undefined;
  const message =
    typeof member.value === 'string'
      ? `"${name}" is not a JSON pointer: start with "/", write "~" as "~0" and "/" inside a key as "~1".`
      : `"${name}" must be a string: a JSON pointer such as "/persona_name".`;
  return error({ code: `invalid-${name}`, message }, member.span, pointerFix(member));
}

/** Deletes a member with the comma that separates it from its neighbour. */
function deleteMember(op: ParsedOp, keySpan: Span): QuickFix {
  const members = op.members;
  const at = members.findIndex((member) => member.keySpan.offset === keySpan.offset);
  const member = members[at];
  if (member === undefined) {
    throw new Error(`No member of the op has its key at offset ${keySpan.offset}`);
  }
  const next: WrittenMember | undefined = members[at + 1];
  const previous: WrittenMember | undefined = members[at - 1];
  const end = (span: Span) => span.offset + span.length;
  let span = member.span;
  if (next !== undefined) span = { offset: member.span.offset, length: next.span.offset - member.span.offset };
  else if (previous !== undefined) span = { offset: end(previous.span), length: end(member.span) - end(previous.span) };
  return { title: `Remove "${member.name}"`, edits: [{ span, newText: '' }] };
}

/** Deletes a whole op with the comma that separates it from its neighbour. */
function removeOpFix(ops: readonly ParsedOp[], at: number): QuickFix {
  const op = elementAt(ops, at);
  const next = ops[at + 1];
  const previous = ops[at - 1];
  const end = (span: Span) => span.offset + span.length;
  let span = op.span;
  if (next !== undefined) span = { offset: op.span.offset, length: next.span.offset - op.span.offset };
  else if (previous !== undefined) span = { offset: end(previous.span), length: end(op.span) - end(previous.span) };
  return { title: 'Remove this op', edits: [{ span, newText: '' }] };
}

/**
 * Where else the persona has a member named like the pointer's last segment, for "did you mean"
 * (`/layers/llm/temperature` → `/layers/llm/extra_body/temperature`). Walks the persona only when
 * a path is wrong, and stops at the first few.
 */
function pointersEndingLike(doc: JsonValue, pointer: string): string[] {
  const name = parsePointer(pointer).at(-1);
  if (name === undefined || isArrayIndexSegment(name) || name === '-') return [];
  const found: string[] = [];
  const stack: Array<[JsonValue, string]> = [[doc, '']];
  while (stack.length > 0 && found.length < MAX_PATH_SUGGESTIONS) {
    const [value, at] = stack.pop()!;
    if (Array.isArray(value)) value.forEach((item, i) => stack.push([item, `${at}/${i}`]));
    else if (isJsonObject(value)) {
      for (const key of Object.keys(value).reverse()) {
        const child = `${at}/${escapeSegment(key)}`;
        if (key === name && child !== pointer) found.push(child);
        stack.push([value[key]!, child]);
      }
    }
  }
  return found.slice(0, MAX_PATH_SUGGESTIONS);
}

function didYouMeanFixes(doc: JsonValue, member: ParsedOpMember<unknown>, pointer: string): QuickFix[] {
  return pointersEndingLike(doc, pointer).map((other) =>
    replaceWith(`Did you mean "${other}"?`, member.span, JSON.stringify(other)),
  );
}

function valueMemberProblem(op: ParsedOp, name: PatchOpName): PatchProblem | undefined {
  const needsValue = name === 'add' || name === 'replace' || name === 'test';
  if (needsValue && op.value === undefined) {
    return error({ code: 'missing-value', message: `Add "value": ${name} needs the JSON value to use.` }, op.span);
  }
  if (name === 'remove' && op.value !== undefined) {
    const finding = { code: 'value-on-remove', message: 'remove takes no "value"; it is ignored.' };
    return warning(finding, op.value.span, [deleteMember(op, op.value.keySpan)]);
  }
  return undefined;
}

function shapeProblems(op: ParsedOp): PatchProblem[] {
  const problems = [...unknownMemberProblems(op), opNameProblem(op), pointerMemberProblem(op, 'path')];
  const name = op.op?.value;
  if (isPatchOpName(name)) {
    problems.push(valueMemberProblem(op, name));
    if (name === 'copy' || name === 'move') problems.push(pointerMemberProblem(op, 'from'));
  }
  return defined(problems);
}

// ---- Server-owned fields: Tavus sets them, so only a test may name them.

function serverOwnedProblem(op: ParsedOp, patchOp: PatchOp, removeOp: QuickFix): PatchProblem | undefined {
  if (patchOp.op === 'test') return undefined;
  if (isServerOwned(patchOp.path)) return error(serverOwnedFinding(patchOp.path), op.path!.span, [removeOp]);
  if (patchOp.op === 'move' && isServerOwned(patchOp.from!)) {
    return error(serverOwnedFinding(patchOp.from!), op.from!.span, [removeOp]);
  }
  return undefined;
}

function isServerOwned(pointer: string): boolean {
  if (pointer === '') return true;
  const [field] = parsePointer(pointer);
  return field !== undefined && SERVER_OWNED_FIELDS.includes(field);
}

function serverOwnedFinding(pointer: string): Finding {
  const message =
    pointer === ''
      ? 'The path "" is the whole persona, fields Tavus sets included: change its members instead.'
      : `${parsePointer(pointer)[0]} is set by Tavus and cannot be changed; remove this op.`;
  return { code: 'server-owned', message };
}

// ---- Against the persona, as the ops before this one have left it.

function parentPointerOf(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

function isAddLike(name: PatchOpName): boolean {
  return name === 'add' || name === 'copy' || name === 'move';
}

function arrayTargetFinding(array: JsonValue[], segment: string, addLike: boolean): Finding | undefined {
  if (segment === '-') {
    return addLike
      ? undefined
      : { code: 'invalid-array-index', message: '"-" (past the last item) names no item; use an index.' };
  }
  if (!isArrayIndexSegment(segment)) {
    return {
      code: 'invalid-array-index',
      message: `"${segment}" is not an array index: use 0, 1, 2…${addLike ? ' or "-" to append' : ''}.`,
    };
  }
  const highest = addLike ? array.length : array.length - 1;
  if (Number(segment) <= highest) return undefined;
  const message = `Index ${segment} is out of range: the array has ${counted(array.length, 'item')}${addLike ? '; use "-" to append' : ''}.`;
  return { code: 'index-out-of-range', message };
}

/** Where `path` must lead: to an existing member or item, or (add, copy, move) into an existing container. */
function targetFinding(doc: JsonValue, name: PatchOpName, pointer: string): Finding | undefined {
  // "" is the whole document, which is always there (only a test may name it; see serverOwnedProblem).
  if (pointer === '') return undefined;
  const parentPointer = parentPointerOf(pointer);
  const parent = getAtPointer(doc, parentPointer);
  const segment = unescapeSegment(pointer.slice(parentPointer.length + 1));
  const addLike = isAddLike(name);
  if (!parent.found || typeof parent.value !== 'object' || parent.value === null) {
    if (!addLike) return { code: 'path-not-found', message: `"${pointer}" is not in the persona.` };
    const what = parent.found
      ? `"${parentPointer}" is ${brief(parent.value)}, not an object or array`
      : `"${parentPointer}" is not in the persona`;
    return { code: 'parent-not-found', message: `${what}: add it first.` };
  }
  if (Array.isArray(parent.value)) return arrayTargetFinding(parent.value, segment, addLike);
  if (addLike || Object.hasOwn(parent.value, segment)) return undefined;
  const hint = name === 'replace' ? ' Use add to create it.' : '';
  return { code: 'path-not-found', message: `"${pointer}" is not in the persona.${hint}` };
}

/**
 * RFC 6902's move is remove-then-add, so its path is resolved in the document without the moved
 * value: moving an array's item to index length is past the end.
 */
function documentForTarget(doc: JsonValue, patchOp: PatchOp): JsonValue {
  if (patchOp.op !== 'move' || patchOp.path.startsWith(`${patchOp.from}/`)) return doc;
  const withoutMoved = new PatchedCopy(doc);
  try {
    withoutMoved.apply({ op: 'remove', path: patchOp.from! });
  } catch {
    return doc; // applyProblem reports why the move cannot be applied.
  }
  return withoutMoved.current;
}

function pathProblem(doc: JsonValue, op: ParsedOp, patchOp: PatchOp, removeOp: QuickFix): PatchProblem | undefined {
  const finding = targetFinding(documentForTarget(doc, patchOp), patchOp.op, patchOp.path);
  if (finding === undefined) return undefined;
  const canAdd = patchOp.op === 'replace' && targetFinding(doc, 'add', patchOp.path) === undefined;
  const fixes = [
    ...(finding.code === 'path-not-found' || finding.code === 'parent-not-found'
      ? didYouMeanFixes(doc, op.path!, patchOp.path)
      : []),
    ...(canAdd ? [replaceWith('Change to add', op.op!.span, '"add"')] : []),
    ...(finding.code === 'index-out-of-range' ? [removeOp] : []),
  ];
  return error(finding, op.path!.span, fixes);
}

function fromProblem(doc: JsonValue, op: ParsedOp, patchOp: PatchOp): PatchProblem | undefined {
  const from = patchOp.from;
  if (from === undefined) return undefined;
  if (!getAtPointer(doc, from).found) {
    return error(
      { code: 'from-not-found', message: `"${from}" is not in the persona: there is nothing to ${patchOp.op}.` },
      op.from!.span,
      didYouMeanFixes(doc, op.from!, from),
    );
  }
  if (patchOp.op === 'move' && patchOp.path.startsWith(`${from}/`)) {
    return error({ code: 'move-into-itself', message: 'A value cannot move inside itself; copy it instead.' }, op.path!.span);
  }
  return undefined;
}

function testProblem(doc: JsonValue, op: ParsedOp, patchOp: PatchOp): PatchProblem | undefined {
  const current = getAtPointer(doc, patchOp.path);
  if (!current.found || jsonEqual(current.value, patchOp.value!)) return undefined;
  const message = `The persona has ${brief(current.value)} here, so Tavus would reject the whole patch.`;
  const fixes = isSmallJson(current.value, MAX_FIX_VALUE_NODES)
    ? [replaceWith('Use the current value', op.value!.span, JSON.stringify(current.value))]
    : [];
  return warning({ code: 'test-mismatch', message }, op.value!.span, fixes);
}

function personaProblems(doc: JsonValue, op: ParsedOp, patchOp: PatchOp, removeOp: QuickFix): PatchProblem[] {
  const problems = defined([fromProblem(doc, op, patchOp), pathProblem(doc, op, patchOp, removeOp)]);
  return problems.length === 0 && patchOp.op === 'test' ? defined([testProblem(doc, op, patchOp)]) : problems;
}

function applyProblem(working: PatchedCopy, op: ParsedOp, patchOp: PatchOp): PatchProblem | undefined {
  if (patchOp.op === 'test') return undefined;
  try {
    working.apply(patchOp);
    return undefined;
  } catch (failure) {
    // fast-json-patch's first clause says what is wrong; the rest is advice for programmers.
    const reason = (failure as Error).message.split(/,|\. /)[0];
    return error({ code: 'cannot-apply', message: `This op cannot be applied: ${reason}.` }, op.span);
  }
}

/** One op's problems; with a persona, a valid op is then applied to the working copy for the ops after it. */
function opProblems(op: ParsedOp, working: PatchedCopy | undefined, removeOp: QuickFix): PatchProblem[] {
  const problems = shapeProblems(op);
  const patchOp = toPatchOp(op);
  if (patchOp === undefined || hasError(problems)) return problems;
  problems.push(...defined([serverOwnedProblem(op, patchOp, removeOp)]));
  if (working === undefined || hasError(problems)) return problems;
  problems.push(...personaProblems(working.current, op, patchOp, removeOp));
  if (!hasError(problems)) problems.push(...defined([applyProblem(working, op, patchOp)]));
  return problems;
}

/**
 * Problems of a patch file: its syntax, each op's shape and, given the target persona, whether each op
 * fits the persona as the valid ops before it leave it. Never throws.
 */
export function validatePatch(parsed: ParsedPatchFile, persona: Persona | undefined): PatchProblem[] {
  const problems = parsed.problems.map(({ code, message, offset, length }) => error({ code, message }, { offset, length }));
  const working = persona === undefined ? undefined : new PatchedCopy(persona);
  parsed.ops.forEach((op, at) => problems.push(...opProblems(op, working, removeOpFix(parsed.ops, at))));
  return problems;
}
