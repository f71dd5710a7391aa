import { isJsonObject, type Persona } from './json';
import { personaId, personaLabel } from './personaRules';

export interface PersonaSummary {
  label: string;
  /** Name/value pairs for a tooltip, only those the persona has. */
  facts: Array<[string, string]>;
}

export function personaSummary(persona: Persona): PersonaSummary {
  const layers = isJsonObject(persona.layers) ? persona.layers : {};
  const llm = isJsonObject(layers.llm) ? layers.llm : {};
  const candidates: Array<[string, unknown]> = [
    ['ID', personaId(persona)],
    ['Model', llm.model],
    // PAL-era personas name the replica a "face".
    ['Default replica', persona.default_replica_id ?? persona.default_face_id],
    ['Pipeline', persona.pipeline_mode],
    ['Updated', persona.updated_at],
  ];
  const facts = candidates.filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '');
  return { label: personaLabel(persona), facts };
}
