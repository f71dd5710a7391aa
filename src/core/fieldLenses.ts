import { findNodeAtLocation, getNodePath, parseTree, type Node } from 'jsonc-parser';
import { toPointer } from './pointer';

/** Fields always offered as text, wherever their string is short. */
const TEXT_FIELDS: ReadonlySet<string> = new Set(['/system_prompt', '/context', '/greeting']);

/** Longer strings than this are offered as text too; so is any string with a line break. */
export const LONG_STRING = 200;

export interface TextFieldSpot {
  pointer: string;
  /** Where the lens goes: the member name's offset, or the string's own in an array. */
  offset: number;
}

/** The strings of a persona document that get an "Edit as text" lens. */
export function personaTextFields(text: string): TextFieldSpot[] {
  return stringNodes(text)
    .filter(({ pointer, value }) => TEXT_FIELDS.has(pointer) || isLongText(value))
    .map(({ pointer, node }) => ({ pointer, offset: lensOffset(node) }));
}

/** The `value` strings of a patch file's ops that get an "Edit as text" lens: long or multi-line ones. */
export function patchFileTextValues(text: string): TextFieldSpot[] {
  return stringNodes(text)
    .filter(({ path, value }) => path.length === 2 && path[1] === 'value' && isLongText(value))
    .map(({ pointer, node }) => ({ pointer, offset: lensOffset(node) }));
}

export function isLongText(value: string): boolean {
  return value.length > LONG_STRING || value.includes('\n');
}

/** The offset and length of the string literal at `segments` of a JSON (or JSONC) text; undefined when no string is there. */
export function stringLiteralAt(
  text: string,
  segments: readonly string[],
): { offset: number; length: number; value: string } | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const path = segments.map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
  const node = root && findNodeAtLocation(root, path);
  return node?.type === 'string' && typeof node.value === 'string'
    ? { offset: node.offset, length: node.length, value: node.value }
    : undefined;
}

interface StringNode {
  node: Node;
  path: (string | number)[];
  pointer: string;
  value: string;
}

/** Every string value (not member names) of the text, with its pointer. */
function stringNodes(text: string): StringNode[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const found: StringNode[] = [];
  const visit = (node: Node) => {
    if (node.type === 'string' && typeof node.value === 'string' && isValueNode(node)) {
      const path = getNodePath(node);
      found.push({ node, path, pointer: toPointer(path.map(String)), value: node.value });
    }
    node.children?.forEach(visit);
  };
  if (root) visit(root);
  return found;
}

/** A property node's children are its name and its value. */
function isValueNode(node: Node): boolean {
  return node.parent?.type !== 'property' || node.parent.children?.[1] === node;
}

function lensOffset(node: Node): number {
  return node.parent?.type === 'property' ? node.parent.offset : node.offset;
}
