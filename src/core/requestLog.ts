import { isJsonObject, memberAt, type JsonObject, type JsonValue } from './json';
import { parsePointer } from './pointer';
import { clip } from './text';
import { REDACTED, isSecretPath, redactPersona } from './redact';

const MAX_VALUE_PREVIEW = 80;

/** One line per op for the log: `replace /layers/llm/model = "tavus-gpt-oss"`, secrets redacted. */
export function describePatchOps(ops: readonly unknown[]): string[] {
  return ops.map(describePatchOp);
}

/** The log line of one op, as describePatchOps gives it. */
export function describePatchOp(op: unknown): string {
  if (!isJsonObject(op)) return '(not an operation)';
  const path = typeof op.path === 'string' ? op.path : '(no path)';
  const from = typeof op.from === 'string' ? ` from ${op.from}` : '';
  const value = 'value' in op ? ` = ${previewValue(op.value, path)}` : '';
  return `${typeof op.op === 'string' ? op.op : JSON.stringify(op.op)} ${path}${from}${value}`;
}

/** The PATCH body as log lines; an unparseable body is not echoed at all, since it may hold anything. */
export function describeRequestBody(body: string | undefined): string {
  if (!body) return '';
  try {
    const ops: unknown = JSON.parse(body);
    if (!Array.isArray(ops)) return '\n  (body is not an op list)';
    return describePatchOps(ops)
      .map((line) => `\n  ${line}`)
      .join('');
  } catch {
    return '\n  (body is not JSON)';
  }
}

export function previewValue(value: JsonValue, path: string): string {
  const shown = isSecretPath(segmentsOf(path)) && typeof value === 'string' && value !== '' ? REDACTED : redactUnder(value, path);
  const text = JSON.stringify(shown) ?? 'undefined';
  return clip(text, MAX_VALUE_PREVIEW);
}

/** A value added whole (say all of `/layers/llm`) carries its secrets inside; redact those relative to where it lands. */
function redactUnder(value: JsonValue, path: string): JsonValue {
  const segments = segmentsOf(path);
  let wrapped: JsonValue = value;
  for (const segment of [...segments].reverse()) wrapped = { [segment]: wrapped };
  let unwrapped = redactPersona(wrapped);
  for (const segment of segments) unwrapped = memberAt(unwrapped as JsonObject, segment);
  return unwrapped;
}

function segmentsOf(path: string): string[] {
  try {
    return parsePointer(path);
  } catch {
    return [];
  }
}
