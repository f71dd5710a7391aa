import { elementAt, isJsonObject, type JsonValue, type PatchOp } from './json';
import { toPointer } from './pointer';

/** A number whose text says more than the double JSON.parse makes of it can hold. */
export interface InexactNumber {
  pointer: string;
  /** As written. */
  lexeme: string;
  /** What JSON.parse makes of it; JSON.stringify sends this. */
  value: number;
  offset: number;
  length: number;
}

/** A member whose name an earlier member of the same object already has; JSON.parse keeps only the last. */
export interface DuplicateMember {
  pointer: string;
  key: string;
  /** Of the later key, quotes included. */
  offset: number;
  length: number;
  /** Of the earlier key. */
  firstOffset: number;
}

export interface LexemeFindings {
  inexactNumbers: InexactNumber[];
  duplicateMembers: DuplicateMember[];
}

/** What JSON.stringify sends for this parsed number: `null` for the infinities 1e400 becomes. */
export function sentNumberText(value: number): string {
  return JSON.stringify(value);
}

interface Decimal {
  negative: boolean;
  /** Without leading or trailing zeros; '' for zero. */
  digits: string;
  exponent: number;
}

/** Characters (sign and point included) of a number that travels exactly whatever its digits, if it has no exponent. */
const SHORT_NUMBER = 15;

const NUMBER_TEXT = /^(-)?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** The exact decimal value a JSON number's text denotes, as digits × 10^exponent. */
function decimalOf(text: string): Decimal | undefined {
  const match = NUMBER_TEXT.exec(text);
  if (match === null) return undefined;
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const all = (whole + fraction).replace(/^0+/, '');
  const digits = all.replace(/0+$/, '');
  // A huge written exponent becomes ±Infinity here, which still compares unequal to any double's.
  return { negative: sign === '-', digits, exponent: Number(exponent) - fraction.length + (all.length - digits.length) };
}

/**
 * Whether a JSON number lexeme travels exactly: the decimal value it denotes equals the decimal value
 * of the text JSON.stringify sends for JSON.parse's double. So `0.1`, `1.50` and `1e2` are exact
 * (sent as `0.1`, `1.5`, `100`); `9007199254740993` (sent as …992), `1.00000000000000001` (sent as
 * `1`), `1e-400` (sent as `0`) and `1e400` (sent as `null`) are not. Zeros compare equal whatever
 * their sign: -0 is sent as `0`, which is the same number.
 */
export function isExactNumberLexeme(lexeme: string): boolean {
  // Up to 15 digits without an exponent always come back from a double as written.
  if (lexeme.length <= SHORT_NUMBER && !/[eE]/.test(lexeme)) return true;
  const value = Number(lexeme);
  if (!Number.isFinite(value)) return false;
  const typed = decimalOf(lexeme);
  const sent = decimalOf(String(value).replace('e+', 'e'));
  if (typed === undefined || sent === undefined) return false;
  if (typed.digits === '' || sent.digits === '') return typed.digits === sent.digits;
  return typed.negative === sent.negative && typed.digits === sent.digits && typed.exponent === sent.exponent;
}

/** Only these can hold an inexact number: 16+ digits in a row or an exponent. */
const MAYBE_INEXACT = /\d{16}|\d[eE]/;

/** One open container. One shape for objects and arrays keeps the hot loop's property reads monomorphic. */
class Frame {
  index = 0;
  key = '';
  expectKey: boolean;
  /** Member names so far with the offset of each; a list while short (most objects are), a map past LIST_LIMIT. */
  private names: string[] | undefined;
  private offsets: number[] = EMPTY;
  private map: Map<string, number> | undefined;

  constructor(readonly isArray: boolean) {
    this.expectKey = !isArray;
  }

  /** Records a member name; returns the offset of an earlier member of that name, if any. */
  addName(name: string, offset: number): number | undefined {
    if (this.map !== undefined) {
      const first = this.map.get(name);
      if (first === undefined) this.map.set(name, offset);
      return first;
    }
    if (this.names === undefined) {
      this.names = [name];
      this.offsets = [offset];
      return undefined;
    }
    const at = this.names.indexOf(name);
    if (at !== -1) return this.offsets[at];
    this.names.push(name);
    this.offsets.push(offset);
    if (this.names.length > LIST_LIMIT) this.map = new Map(this.names.map((known, i) => [known, elementAt(this.offsets, i)]));
    return undefined;
  }
}

const LIST_LIMIT = 16;
const EMPTY: number[] = [];

/** The end of the string literal opening at `start` (one past its closing quote), or the text's end. */
function stringEnd(text: string, start: number): number {
  for (let from = start + 1; ;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** A string literal's value as JSON.parse reads it; most have no escapes, so slicing is enough. */
export function stringValue(literal: string): string {
  if (!literal.includes('\\')) return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

const [QUOTE, BACKSLASH, SLASH, STAR, MINUS, PLUS, DOT, COMMA] = ['"', '\\', '/', '*', '-', '+', '.', ','].map((c) =>
  c.charCodeAt(0),
);
const DIGIT_0 = '0'.charCodeAt(0);
const DIGIT_9 = '9'.charCodeAt(0);
const [LOWER_E, UPPER_E] = ['e', 'E'].map((c) => c.charCodeAt(0));
const SPACE = ' '.charCodeAt(0);
const NEWLINE = '\n'.charCodeAt(0);
const [OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET] = ['{', '}', '[', ']'].map((c) => c.charCodeAt(0));

function isNumberChar(code: number): boolean {
  return (
    (code >= DIGIT_0 && code <= DIGIT_9) ||
    code === LOWER_E ||
    code === UPPER_E ||
    code === DOT ||
    code === MINUS ||
    code === PLUS
  );
}

/**
 * Walks JSON text (comments allowed) finding numbers that would not travel exactly and repeated
 * member names. A hand-written pass rather than jsonc-parser's scanner, which unescapes every string:
 * a persona document is scanned on every save, and this pass costs less than JSON.parse. Iterative,
 * so any nesting depth is fine; meant for text that parsed without syntax errors.
 */
export function scanJsonLexemes(text: string, options: { duplicates: boolean } = { duplicates: true }): LexemeFindings {
  const findings: LexemeFindings = { inexactNumbers: [], duplicateMembers: [] };
  // The pre-check reads the whole text, so it pays only when it spares the walk.
  const checkNumbers = options.duplicates || MAYBE_INEXACT.test(text);
  if (!checkNumbers) return findings;
  const frames: Frame[] = [];
  const pointerOf = (depth: number) => toPointer(frames.slice(0, depth).map(segmentOf));
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    // Pretty-printed personas are mostly indentation: crossing it first keeps the loop short.
    if (code === SPACE || code === NEWLINE) {
      i++;
      continue;
    }
    const top = frames[frames.length - 1];
    if (code === QUOTE) {
      const end = stringEnd(text, i);
      if (top !== undefined && top.expectKey) {
        const key = stringValue(text.slice(i, end));
        if (options.duplicates) {
          const first = top.addName(key, i);
          if (first !== undefined) {
            findings.duplicateMembers.push({
              pointer: pointerOf(frames.length - 1),
              key,
              offset: i,
              length: end - i,
              firstOffset: first,
            });
          }
        }
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (code === MINUS || (code >= DIGIT_0 && code <= DIGIT_9)) {
      let end = i + 1;
      let exponent = false;
      for (let next = text.charCodeAt(end); isNumberChar(next); next = text.charCodeAt(++end)) {
        exponent ||= next === LOWER_E || next === UPPER_E;
      }
      if (exponent || end - i > SHORT_NUMBER) {
        const lexeme = text.slice(i, end);
        if (!isExactNumberLexeme(lexeme)) {
          findings.inexactNumbers.push({
            pointer: pointerOf(frames.length),
            lexeme,
            value: Number(lexeme),
            offset: i,
            length: end - i,
          });
        }
      }
      i = end;
    } else if (code === SLASH && text.charCodeAt(i + 1) === SLASH) {
      const lineEnd = text.indexOf('\n', i);
      i = lineEnd === -1 ? text.length : lineEnd;
    } else if (code === SLASH && text.charCodeAt(i + 1) === STAR) {
      const commentEnd = text.indexOf('*/', i + 2);
      i = commentEnd === -1 ? text.length : commentEnd + 2;
    } else {
      if (code === OPEN_BRACE) frames.push(new Frame(false));
      else if (code === OPEN_BRACKET) frames.push(new Frame(true));
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) frames.pop();
      else if (code === COMMA && top !== undefined) {
        if (top.isArray) top.index++;
        else top.expectKey = true;
      }
      i++;
    }
  }
  return findings;
}

function segmentOf(frame: Frame): string {
  return frame.isArray ? String(frame.index) : frame.key;
}

/**
 * The numbers of a persona as Tavus sent it (`rawText`, the whole response body) that JSON.parse did
 * not keep exactly, with pointers relative to the persona at `personaPointer` in the body (the docs
 * wrap a GET in `{"data":[persona]}`).
 */
export function inexactNumbersInText(rawText: string, personaPointer = ''): InexactNumber[] {
  return scanJsonLexemes(rawText, { duplicates: false })
    .inexactNumbers.filter((found) => found.pointer === personaPointer || found.pointer.startsWith(`${personaPointer}/`))
    .map((found) => ({ ...found, pointer: found.pointer.slice(personaPointer.length) }));
}

export interface InexactNumberInOp {
  opIndex: number;
  number: InexactNumber;
}

function numbersIn(value: JsonValue): Set<number> {
  const found = new Set<number>();
  const pending: JsonValue[] = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next === 'number') found.add(next);
    else if (Array.isArray(next)) pending.push(...next);
    else if (isJsonObject(next)) pending.push(...Object.values(next));
  }
  return found;
}

/**
 * Which ops would send one of the server copy's inexact numbers, rounded: an op whose value holds that
 * rounded number anywhere (a reordered list sends it from a new place, so values are matched, not
 * pointers), or a move or copy from where one is.
 */
export function inexactNumbersInOps(ops: readonly PatchOp[], inexact: readonly InexactNumber[]): InexactNumberInOp[] {
  if (inexact.length === 0) return [];
  const found: InexactNumberInOp[] = [];
  ops.forEach((op, opIndex) => {
    const values = op.value === undefined ? undefined : numbersIn(op.value);
    const from = op.op === 'move' || op.op === 'copy' ? op.from : undefined;
    for (const number of inexact) {
      const sent = values?.has(number.value) === true;
      const moved = from !== undefined && (number.pointer === from || number.pointer.startsWith(`${from}/`));
      if (sent || moved) found.push({ opIndex, number });
    }
  });
  return found;
}

/** "/layers/llm/tools/0/function/parameters/maximum: Tavus has 9223372036854775807, would send 9223372036854776000" */
export function describeInexactNumber(number: InexactNumber): string {
  return `${number.pointer}: Tavus has ${number.lexeme}, would send ${sentNumberText(number.value)}`;
}
