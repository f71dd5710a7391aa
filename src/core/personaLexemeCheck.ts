import { scanJsonLexemes } from './jsonLexemes';
import { duplicateMessage, inexactNumberMessage } from './parseJsonText';
import type { SchemaProblem } from './personaSchemaCheck';
import { escapeSegment } from './pointer';

/**
 * What saving refuses although the text is JSON: a repeated member (JSON.parse keeps the last one,
 * so the other is lost) and a number a double cannot hold (it would be sent rounded, or as null),
 * each marked where it is written, the repeated member at its later key. A pass of its own beside the
 * schema checks: it reads every character, where they cross the values they do not know.
 */
export function lexemeProblems(text: string): SchemaProblem[] {
  const { duplicateMembers, inexactNumbers } = scanJsonLexemes(text);
  const duplicates = duplicateMembers.map((duplicate): SchemaProblem => ({
    code: 'duplicate-member',
    severity: 'error',
    message: duplicateMessage(text, duplicate),
    pointer: `${duplicate.pointer}/${escapeSegment(duplicate.key)}`,
    span: { offset: duplicate.offset, length: duplicate.length },
    fixes: [],
  }));
  const numbers = inexactNumbers.map((number): SchemaProblem => ({
    code: 'inexact-number',
    severity: 'error',
    message: inexactNumberMessage(number),
    pointer: number.pointer,
    span: { offset: number.offset, length: number.length },
    fixes: [],
  }));
  return [...duplicates, ...numbers].sort((a, b) => a.span.offset - b.span.offset);
}
