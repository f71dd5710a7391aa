import { parse, ParseErrorCode, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { isJsonObject, type JsonObject, type JsonValue } from './json';
import { scanJsonLexemes, sentNumberText, type DuplicateMember, type InexactNumber } from './jsonLexemes';

export interface TextProblem {
  message: string;
  /** 0-based, as editors count. */
  line: number;
  column: number;
  offset: number;
  length: number;
}

export type ParsedObject =
  | { ok: true; value: JsonObject }
  /** `lossy`: the text is JSON, but JSON.parse would lose what the problems name (repeated members, inexact numbers). */
  | { ok: false; problems: TextProblem[]; lossy?: true };

/**
 * Parses a persona document strictly: comments and trailing commas are errors too, because Tavus
 * stores plain JSON and silently dropping a comment would lose what the user wrote.
 * JSON.parse builds the value (it keeps `__proto__` as an own key, where jsonc-parser's
 * assignment would set the prototype); jsonc-parser locates the problems when there are any.
 */
export function parseJsonObjectText(text: string): ParsedObject {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return { ok: false, problems: locateSyntaxErrors(text) };
  }
  const lexemeProblems = lexemeProblemsOf(text);
  if (lexemeProblems.length > 0) return { ok: false, problems: lexemeProblems, lossy: true };
  if (!isJsonObject(value)) {
    return {
      ok: false,
      problems: [problemAt(text, 0, Math.min(text.length, 1), 'A persona document must be one JSON object ({ … }).')],
    };
  }
  return { ok: true, value };
}

function locateSyntaxErrors(text: string): TextProblem[] {
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (error) {
    // jsonc-parser recurses once per nesting level, so thousands of levels overflow the stack.
    if (!(error instanceof RangeError)) throw error;
    return [problemAt(text, 0, 0, 'The text is not valid JSON, and it is nested too deeply to point at the error.')];
  }
  const located = errors.map((error) => problemAt(text, error.offset, error.length, describeParseError(error.error)));
  return located.length > 0 ? located : [problemAt(text, 0, 0, 'The text is not valid JSON.')];
}

/**
 * What JSON.parse accepts but would lose: a repeated member (only the last one survives, so a value
 * typed above the other vanishes) and a number a double cannot hold (it would be sent rounded, or as
 * null). Each is marked where it is written, the repeated member at its later key.
 */
export function lexemeProblemsOf(text: string): TextProblem[] {
  const { duplicateMembers, inexactNumbers } = scanJsonLexemes(text);
  return [
    ...duplicateMembers.map((duplicate) =>
      problemAt(text, duplicate.offset, duplicate.length, duplicateMessage(text, duplicate)),
    ),
    ...inexactNumbers.map((number) => problemAt(text, number.offset, number.length, inexactNumberMessage(number))),
  ].sort((a, b) => a.offset - b.offset);
}

export function duplicateMessage(text: string, duplicate: DuplicateMember): string {
  const firstLine = problemAt(text, duplicate.firstOffset, 0, '').line + 1;
  const where = duplicate.pointer === '' ? '' : ` in ${duplicate.pointer}`;
  return `Duplicate member "${duplicate.key}"${where} (also on line ${firstLine}): only one of them would be kept; remove the other.`;
}

export function inexactNumberMessage(number: InexactNumber): string {
  const sent = sentNumberText(number.value);
  const why = sent === 'null' ? 'it is too large for JSON' : 'a JSON number here is a double, which cannot hold it';
  return `The number at ${number.pointer || '/'} cannot be sent as typed: ${number.lexeme} would be sent as ${sent} (${why}). Write a number a double holds, or a string.`;
}

export function problemAt(text: string, at: number, span: number, message: string): TextProblem {
  // jsonc-parser places an unterminated comment at the very end one character past the text.
  const offset = Math.min(Math.max(0, at), text.length);
  const length = Math.min(Math.max(0, span), text.length - offset);
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { message, line, column: offset - lineStart, offset, length };
}

/**
 * jsonc-parser's error codes in the words VS Code's JSON language server uses for the same
 * mistakes, so our messages read like the editor's own squiggles ("Value expected", not "Invalid symbol").
 */
const PARSE_ERROR_MESSAGES: Record<ParseErrorCode, string> = {
  [ParseErrorCode.InvalidSymbol]: 'Value expected',
  [ParseErrorCode.InvalidNumberFormat]: 'Invalid number format',
  [ParseErrorCode.PropertyNameExpected]: 'Property expected',
  [ParseErrorCode.ValueExpected]: 'Value expected',
  [ParseErrorCode.ColonExpected]: 'Colon expected',
  [ParseErrorCode.CommaExpected]: 'Expected comma',
  [ParseErrorCode.CloseBraceExpected]: 'Expected comma or closing brace',
  [ParseErrorCode.CloseBracketExpected]: 'Expected comma or closing bracket',
  [ParseErrorCode.EndOfFileExpected]: 'End of file expected',
  [ParseErrorCode.InvalidCommentToken]: 'Comments are not permitted in JSON',
  [ParseErrorCode.UnexpectedEndOfComment]: 'Unexpected end of comment',
  [ParseErrorCode.UnexpectedEndOfString]: 'Unexpected end of string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'Unexpected end of number',
  [ParseErrorCode.InvalidUnicode]: 'Invalid unicode sequence in string',
  [ParseErrorCode.InvalidEscapeCharacter]: 'Invalid escape character in string',
  [ParseErrorCode.InvalidCharacter]: 'Invalid characters in string: control characters must be escaped',
};

export function describeParseError(code: ParseErrorCode): string {
  return PARSE_ERROR_MESSAGES[code] ?? printParseErrorCode(code);
}

/** "line 3, column 7: Expected comma" — 1-based, as people count. */
export function formatProblem(problem: TextProblem): string {
  return `line ${problem.line + 1}, column ${problem.column + 1}: ${problem.message}`;
}

/** The first problem of a failed parse, for a one-line message: a failed parse always names at least one. */
export function formatFirstProblem(problems: readonly TextProblem[]): string {
  const [first] = problems;
  if (first === undefined) throw new Error('A failed parse reported no problem');
  return formatProblem(first);
}
