import { applyEdits, modify } from 'jsonc-parser';
import { PERSONA_FILE_HEADER, parsePersonaFile } from './personaFile';

/**
 * The file's text with `id` recorded for `connection` in its header, the header first when it is new.
 * Only that member is written: the rest of the text, the user's formatting included, stays as it is.
 */
export function withConnectionId(text: string, connection: string, id: string): string {
  const parsed = parsePersonaFile(text);
  if (!parsed.ok) throw new Error(parsed.message);
  const hasHeader = text.includes(`"${PERSONA_FILE_HEADER}"`);
  const edits = modify(text, [PERSONA_FILE_HEADER, 'ids', connection], id, {
    formattingOptions: { insertSpaces: true, tabSize: 2, eol: text.includes('\r\n') ? '\r\n' : '\n' },
    getInsertionIndex: hasHeader ? (properties) => properties.length : () => 0,
  });
  return applyEdits(text, edits);
}
