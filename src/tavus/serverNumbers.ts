import { inexactNumbersInText, type InexactNumber } from '../core/jsonLexemes';
import type { Persona } from '../core/json';

/**
 * Numbers Tavus sent that JSON.parse rounded (a tool schema's `"maximum": 9223372036854775807`
 * becomes 9223372036854776000), kept beside the persona object getPersona returned rather than in
 * it, so the persona stays exactly the JSON the rest of the extension diffs and shows.
 */
const inexactByPersona = new WeakMap<Persona, readonly InexactNumber[]>();

/** Called by the client with the response body the persona was parsed from. */
export function rememberInexactNumbers(persona: Persona, rawText: string, personaPointer: string): void {
  const inexact = inexactNumbersInText(rawText, personaPointer);
  if (inexact.length > 0) inexactByPersona.set(persona, inexact);
}

/** The rounded numbers of this very persona object as getPersona returned it; none for any other object (a copy included). */
export function inexactNumbersOf(persona: Persona): readonly InexactNumber[] {
  return inexactByPersona.get(persona) ?? [];
}
