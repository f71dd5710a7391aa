import { elementAt, isJsonObject, memberAt, type JsonValue, type Persona } from './json';

/** Strings up to this long without a line break print as formatPersona prints them. */
const SHORT_STRING = 100;
/** A preview line of a long string ends after a sentence, or after an anchor word once this long… */
const ANCHOR_AFTER = 40;
/** …and before a word that would make it longer than this. */
const MAX_LINE = 120;
/** About one word in this many is an anchor. */
const ANCHOR_SPACING = 6;

/**
 * The persona as formatPersona prints it, except that a string with line breaks, or longer than
 * about 100 characters, is spread over several lines: a line ends after each `\n` escape, after each
 * sentence, and within a long sentence after "anchor" words chosen by their content, with continuation
 * lines indented. Breaks depend on the text around them rather than on where the string starts, so a
 * line-based diff of two previews marks only the paragraph or sentence that changed (in long
 * sentences, usually one or two lines; a change of length can move a few breaks after it).
 *
 * For display only: the result is not JSON (string literals contain raw line breaks).
 */
export function formatForPreview(persona: Persona): string {
  const out: string[] = [];
  printValue(persona, '', out);
  out.push('\n');
  return out.join('');
}

/** The 0-based index of the first line where the texts differ; -1 when they are equal. */
export function firstChangedLine(a: string, b: string): number {
  if (a === b) return -1;
  const linesA = a.split('\n');
  const linesB = b.split('\n');
  let line = 0;
  while (line < linesA.length && line < linesB.length && linesA[line] === linesB[line]) line++;
  return line;
}

function printValue(value: JsonValue, indent: string, out: string[]): void {
  if (typeof value === 'string') {
    out.push(stringLiteral(value, `${indent}  `));
    return;
  }
  if (Array.isArray(value) || isJsonObject(value)) {
    printContainer(value, indent, out);
    return;
  }
  out.push(JSON.stringify(value));
}

function printContainer(value: JsonValue[] | { [key: string]: JsonValue }, indent: string, out: string[]): void {
  const isArray = Array.isArray(value);
  const keys = isArray ? [] : Object.keys(value);
  const count = isArray ? value.length : keys.length;
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (count === 0) {
    out.push(open, close);
    return;
  }
  const inner = `${indent}  `;
  out.push(open);
  for (let i = 0; i < count; i++) {
    out.push(i === 0 ? '\n' : ',\n', inner);
    if (!isArray) out.push(JSON.stringify(keys[i]), ': ');
    printValue(isArray ? elementAt(value, i) : memberAt(value, elementAt(keys, i)), inner, out);
  }
  out.push('\n', indent, close);
}

function stringLiteral(text: string, continuation: string): string {
  if (text.length <= SHORT_STRING && !text.includes('\n')) return JSON.stringify(text);
  const escaped = previewLines(text).map((line) => JSON.stringify(line).slice(1, -1));
  return `"${escaped.join(`\n${continuation}`)}"`;
}

/** The string cut into preview lines; joined they give the string back. */
function previewLines(text: string): string[] {
  const paragraphs = text.split(/(?<=\n)/);
  return paragraphs.flatMap((paragraph) => (paragraph.length <= SHORT_STRING ? [paragraph] : wrapParagraph(paragraph)));
}

/** Words with the whitespace after them; a word too long for a line is cut into pieces first. */
function wrapParagraph(paragraph: string): string[] {
  const tokens = (paragraph.match(/\S*\s*/g) ?? []).filter((token) => token !== '').flatMap(cutLongToken);
  const lines: string[] = [];
  let line = '';
  tokens.forEach((token, index) => {
    line += token;
    const next = tokens[index + 1];
    if (next === undefined || endsLine(line, token, next)) {
      lines.push(line);
      line = '';
    }
  });
  return lines;
}

function endsLine(line: string, token: string, next: string): boolean {
  if (line.length + next.length > MAX_LINE) return true;
  if (!/\s$/.test(token)) return false;
  return /[.!?]["')\]]*\s+$/.test(token) || (line.length >= ANCHOR_AFTER && isAnchor(token));
}

/** A content-chosen word (FNV-1a of the word itself), so breaks fall at the same words in both texts of a diff. */
function isAnchor(token: string): boolean {
  let hash = 0x811c9dc5;
  const word = token.trimEnd();
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % ANCHOR_SPACING === 0;
}

/** Pieces of at most SHORT_STRING code units, never splitting a surrogate pair. */
function cutLongToken(token: string): string[] {
  if (token.length <= MAX_LINE) return [token];
  const pieces: string[] = [];
  for (let start = 0; start < token.length;) {
    let end = Math.min(start + SHORT_STRING, token.length);
    if (end < token.length && /[\ud800-\udbff]/.test(token.charAt(end - 1)) && /[\udc00-\udfff]/.test(token.charAt(end))) end--;
    pieces.push(token.slice(start, end));
    start = end;
  }
  return pieces;
}
