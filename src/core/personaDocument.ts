import type { Persona } from './json';

/**
 * Persona documents live at `tavus:/<encoded id>/<name>.json`: the name makes a readable tab
 * title, and the id in the first segment lets a tab restored after a reload find its persona
 * even if the name has changed since.
 */
export function personaDocumentPath(id: string, label: string): string {
  return `/${encodeURIComponent(id)}/${fileNameFor(label, id)}`;
}

/** Returns undefined when the path is not a persona document path. */
export function personaIdFromDocumentPath(path: string): string | undefined {
  const match = /^\/([^/]+)\/[^/]*$/.exec(path);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

function fileNameFor(label: string, id: string): string {
  // A URI cannot encode half a character: lone surrogates (\p{Cs}) are replaced, and the cut never splits a pair.
  const safe = label
    .replace(/[\\/:*?"<>|\p{Cc}\p{Cs}]/gu, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
    .replace(/[\uD800-\uDBFF]$/, '')
    .trimEnd();
  return `${safe || id}.json`;
}

/** The document text: the server's persona exactly, pretty-printed with 2 spaces. */
export function formatPersona(persona: Persona): string {
  return `${JSON.stringify(persona, null, 2)}\n`;
}
