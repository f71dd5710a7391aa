import { createScanner, SyntaxKind } from 'jsonc-parser';
import { isJsonObject, type JsonValue, type PatchOp } from './json';
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
  if (lexeme.length <= 15 && !/[eE]/.test(lexeme)) return true;
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

type Frame = { kind: 'object'; keys: Map<string, number>; key?: string; expectKey: boolean } | { kind: 'array'; index: number };

/**
 * Walks the tokens of JSON text (comments allowed), finding numbers that would not travel exactly
 * and repeated member names. Iterative, so any nesting depth is fine; meant for text that parsed
 * without syntax errors.
 */
export function scanJsonLexemes(text: string, options: { duplicates: boolean } = { duplicates: true }): LexemeFindings {
  const findings: LexemeFindings = { inexactNumbers: [], duplicateMembers: [] };
  const checkNumbers = MAYBE_INEXACT.test(text);
  if (!checkNumbers && !options.duplicates) return findings;
  const scanner = createScanner(text, true);
  const frames: Frame[] = [];
  const pointer = (extra?: string) => toPointer([...frames.map(segmentOf), ...(extra === undefined ? [] : [extra])]);
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    const top = frames[frames.length - 1];
    switch (token) {
      case SyntaxKind.OpenBraceToken:
        frames.push({ kind: 'object', keys: new Map(), expectKey: true });
        break;
      case SyntaxKind.OpenBracketToken:
        frames.push({ kind: 'array', index: 0 });
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        frames.pop();
        break;
      case SyntaxKind.CommaToken:
        if (top?.kind === 'array') top.index++;
        else if (top?.kind === 'object') top.expectKey = true;
        break;
      case SyntaxKind.StringLiteral:
        if (top?.kind === 'object' && top.expectKey) {
          const key = scanner.getTokenValue();
          const first = top.keys.get(key);
          if (first !== undefined && options.duplicates) {
            findings.duplicateMembers.push({
              pointer: toPointer(frames.slice(0, -1).map(segmentOf)),
              key,
              offset: scanner.getTokenOffset(),
              length: scanner.getTokenLength(),
              firstOffset: first,
            });
          } else if (first === undefined) top.keys.set(key, scanner.getTokenOffset());
          top.key = key;
          top.expectKey = false;
        }
        break;
      case SyntaxKind.NumericLiteral: {
        const lexeme = scanner.getTokenValue();
        if (checkNumbers && !isExactNumberLexeme(lexeme)) {
          findings.inexactNumbers.push({
            pointer: pointer(),
            lexeme,
            value: Number(lexeme),
            offset: scanner.getTokenOffset(),
            length: scanner.getTokenLength(),
          });
        }
        break;
      }
    }
  }
  return findings;
}

function segmentOf(frame: Frame): string {
  return frame.kind === 'array' ? String(frame.index) : (frame.key ?? '');
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
