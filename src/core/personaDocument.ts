import type { Persona } from './json';

/**
 * Persona documents live at `tavus:/persona/<encoded id>/<name>.json`: the name makes a readable
 * tab title, and the id lets a tab restored after a reload find its persona even if the name has
 * changed since. The `/persona/` folder is what the `tavus-persona` language's filename pattern
 * matches (VS Code matches such patterns against the path, whatever the scheme), so persona
 * documents get their own language, with auto-save off, from the moment they open.
 */
export function personaDocumentPath(id: string, label: string): string {
  return `${PERSONA_FOLDER}/${encodeURIComponent(id)}/${fileNameFor(label, id)}`;
}

const PERSONA_FOLDER = '/persona';

/** Returns undefined when the path is not a persona document path. */
export function personaIdFromDocumentPath(path: string): string | undefined {
  const match = /^\/persona\/([^/]+)\/[^/]*$/.exec(path);
  const encoded = match?.[1];
  if (encoded === undefined) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

function fileNameFor(label: string, id: string): string {
  return `${safeFileName(label) || id}.json`;
}

/** `text` as a file name: no path or reserved characters, one line, at most 80 code units. */
export function safeFileName(text: string): string {
  // A URI cannot encode half a character: lone surrogates (\p{Cs}) are replaced, and the cut never splits a pair.
  return text
    .replace(/[\\/:*?"<>|\p{Cc}\p{Cs}]/gu, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
    .replace(/[\uD800-\uDBFF]$/, '')
    .trimEnd();
}

/** The document text: the server's persona exactly, pretty-printed with 2 spaces. */
export function formatPersona(persona: Persona): string {
  return `${JSON.stringify(persona, null, 2)}\n`;
}
