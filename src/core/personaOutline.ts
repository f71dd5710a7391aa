import type { JsonValue } from './json';
import type { Span } from './patchFile';
import { escapeSegment, type JsonType } from './pointer';

/** One value of a persona document, with where it is written. Containers have children only where the outline descended. */
export interface OutlineNode {
  readonly pointer: string;
  readonly type: JsonType;
  readonly span: Span;
  /** The member name as written, quotes included; absent for the root and array items. */
  readonly key?: string;
  readonly keySpan?: Span;
  /** Scalars only. */
  readonly value?: JsonValue;
  readonly children?: OutlineNode[];
}

export type Outline = { ok: true; root: OutlineNode } | { ok: false; offset: number; message: string };

/** Whether to read a container's members (or items) one by one rather than only find its end. */
export type DescendPredicate = (pointer: string, type: 'object' | 'array') => boolean;

const WHITESPACE = /[ \t\r\n]*/y;
// JSON strings may not hold raw control characters, so the pattern names them.
// eslint-disable-next-line no-control-regex
const STRING = /"[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*"/y;
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
/** Everything up to the next bracket outside a string: lets V8's regex engine, not a JavaScript loop, cross skipped values. */
const UP_TO_BRACKET = /(?:[^"[\]{}]+|"[^"\\]*(?:\\.[^"\\]*)*")*/y;

class OutlineError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A shallow, span-carrying read of a JSON document: members of the containers `descend` picks are
 * read one by one; any other container is crossed by bracket matching alone, so a 5 MB tools array
 * costs less than JSON.parse of it. Inside crossed containers only brackets are checked, not commas
 * or colons: the outline serves the schema checks, and saving still parses the whole text strictly.
 */
export function outlineJson(text: string, descend: DescendPredicate): Outline {
  const reader = new OutlineReader(text, descend);
  try {
    return { ok: true, root: reader.document() };
  } catch (error) {
    if (error instanceof OutlineError) return { ok: false, offset: error.offset, message: error.message };
    throw error;
  }
}

class OutlineReader {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly descend: DescendPredicate,
  ) {}

  document(): OutlineNode {
    this.skipWhitespace();
    const root = this.value('');
    this.skipWhitespace();
    if (this.position < this.text.length) this.fail('Unexpected text after the end of the JSON value.');
    return root;
  }

  private value(pointer: string, key?: string, keySpan?: Span): OutlineNode {
    const start = this.position;
    const char = this.text[start];
    if (char === '{' || char === '[') {
      const type = char === '{' ? 'object' : 'array';
      const children = this.descend(pointer, type) ? this.container(pointer, type) : this.crossContainer();
      return { pointer, type, span: this.spanFrom(start), key, keySpan, children };
    }
    if (char === '"') {
      const raw = this.token(STRING, 'Unterminated or invalid string.');
      return { pointer, type: 'string', span: this.spanFrom(start), key, keySpan, value: JSON.parse(raw) as string };
    }
    const raw = this.token(LITERAL, char === undefined ? 'Unexpected end of the text.' : 'Expected a JSON value.');
    const value = JSON.parse(raw) as JsonValue;
    const type: JsonType = value === null ? 'null' : (typeof value as 'number' | 'boolean');
    return { pointer, type, span: this.spanFrom(start), key, keySpan, value };
  }

  private container(pointer: string, type: 'object' | 'array'): OutlineNode[] {
    const close = type === 'object' ? '}' : ']';
    const children: OutlineNode[] = [];
    this.position++;
    this.skipWhitespace();
    if (this.text[this.position] === close) {
      this.position++;
      return children;
    }
    for (;;) {
      children.push(type === 'object' ? this.member(pointer) : this.value(`${pointer}/${children.length}`));
      this.skipWhitespace();
      const next = this.text[this.position];
      this.position++;
      if (next === close) return children;
      if (next !== ',') this.fail(`Expected "," or "${close}".`, this.position - 1);
      this.skipWhitespace();
    }
  }

  private member(pointer: string): OutlineNode {
    const keyStart = this.position;
    if (this.text[keyStart] !== '"') this.fail('Expected a member name in double quotes.');
    const key = JSON.parse(this.token(STRING, 'Unterminated or invalid member name.')) as string;
    const keySpan = this.spanFrom(keyStart);
    this.skipWhitespace();
    if (this.text[this.position] !== ':') this.fail('Expected ":" after the member name.');
    this.position++;
    this.skipWhitespace();
    return this.value(`${pointer}/${escapeSegment(key)}`, key, keySpan);
  }

  /** Moves past the container at the cursor, matching bracket kinds; returns undefined (children not read). */
  private crossContainer(): undefined {
    const expected: string[] = [];
    for (;;) {
      const char = this.text[this.position];
      if (char === '{') expected.push('}');
      else if (char === '[') expected.push(']');
      else if (char === undefined) this.fail('The text ends inside an object or array.');
      else if (char !== expected.pop()) this.fail(`Unexpected "${char}".`);
      this.position++;
      if (expected.length === 0) return undefined;
      UP_TO_BRACKET.lastIndex = this.position;
      UP_TO_BRACKET.exec(this.text);
      this.position = UP_TO_BRACKET.lastIndex;
    }
  }

  private token(pattern: RegExp, problem: string): string {
    pattern.lastIndex = this.position;
    const match = pattern.exec(this.text);
    if (match === null) this.fail(problem);
    this.position = pattern.lastIndex;
    return match[0];
  }

  private skipWhitespace(): void {
    WHITESPACE.lastIndex = this.position;
    WHITESPACE.exec(this.text);
    this.position = WHITESPACE.lastIndex;
  }

  private spanFrom(start: number): Span {
    return { offset: start, length: this.position - start };
  }

  private fail(message: string, offset = this.position): never {
    throw new OutlineError(offset, message);
  }
}
