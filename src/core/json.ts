export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A persona exactly as the server sent it; field names vary across API eras, so nothing is assumed. */
export type Persona = JsonObject;

export type PatchOpName = 'add' | 'remove' | 'replace' | 'copy' | 'move' | 'test';

/** One RFC 6902 operation. */
export interface PatchOp {
  op: PatchOpName;
  path: string;
  value?: JsonValue;
  from?: string;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an own enumerable member even for `__proto__`, as JSON.parse does, instead of changing the prototype. */
export function defineMember(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `array[index]` at an index the caller's loop or search already keeps in bounds; a miss is a bug, thrown as one. */
export function elementAt<T>(array: ArrayLike<T>, index: number): T {
  const element = array[index];
  if (element === undefined) {
    throw new Error(`Index ${index} is outside an array of length ${array.length}`);
  }
  return element;
}

/** `object[key]` for a key known to be an own member (met in a `for…in` or checked with hasOwn). */
export function memberAt(object: JsonObject, key: string): JsonValue {
  const value = object[key];
  if (value === undefined) {
    throw new Error(`Member "${key}" is missing`);
  }
  return value;
}
