import type { JsonObject, JsonValue } from './json';
import { knownFieldsUnder, type FieldReference } from './personaRules';

export const PERSONA_SCHEMA_ID = 'tavus://schemas/persona.json';

/**
 * The JSON Schema (draft-07) of a persona document, generated from the field reference so the two
 * cannot drift. Unknown members stay allowed (Tavus ignores them, and the editor warns instead);
 * open enums (model names) become `examples`, closed ones `enum`.
 */
export function personaJsonSchema(): JsonObject {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: PERSONA_SCHEMA_ID,
    title: 'Tavus persona',
    ...objectSchema(''),
  };
}

function objectSchema(pointer: string): JsonObject {
  const properties: JsonObject = {};
  for (const field of knownFieldsUnder(pointer)) properties[field.key] = fieldSchema(field);
  return { type: 'object', properties, additionalProperties: true };
}

function fieldSchema(field: FieldReference): JsonObject {
  const schema: JsonObject = { description: describeForSchema(field) };
  schema.type = field.types.length === 1 ? field.types[0]! : [...field.types];
  if (field.enum !== undefined) {
    const values: JsonValue[] = [...field.enum];
    if (field.closedEnum) schema.enum = field.types.includes('null') ? [...values, null] : values;
    else schema.examples = values;
  }
  if (field.default !== undefined) schema.default = field.default;
  if (field.readOnly) schema.readOnly = true;
  if (field.deprecated) schema.deprecated = true;
  if (field.itemType !== undefined) schema.items = { type: field.itemType };
  if (field.maxItems !== undefined) schema.maxItems = field.maxItems;
  if (field.types.includes('object') && knownFieldsUnder(field.pointer).length > 0) {
    Object.assign(schema, objectSchema(field.pointer), { type: schema.type });
  }
  return schema;
}

/** The description plus what a schema keyword cannot say: secrets, renames, retired values. */
export function describeForSchema(field: FieldReference): string {
  const notes = [field.description];
  if (field.secret) notes.push('Secret: never logged or shown.');
  if (field.renamedTo !== undefined) notes.push(`Renamed "${field.renamedTo}".`);
  else if (field.deprecation !== undefined) notes.push(field.deprecation);
  const retired = Object.entries(field.retiredValues ?? {});
  if (retired.length > 0) notes.push(`No longer offered: ${retired.map(([value, why]) => `${value} (${why})`).join(', ')}.`);
  return notes.join(' ');
}
