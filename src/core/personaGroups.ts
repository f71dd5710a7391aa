import type { Persona } from './json';
import { personaId, personaLabel } from './personaRules';

export interface PersonaGroups {
  mine: Persona[];
  stock: Persona[];
}

/**
 * Each persona lands in exactly one group. Stock means Tavus-made: listed by `persona_type=system`
 * or marked so on the item. Everything else is the user's, including personas that neither
 * `persona_type` filter returns (a documented Tavus quirk).
 */
export function groupPersonas(all: readonly Persona[], stockListed: readonly Persona[]): PersonaGroups {
  const stockKeys = new Set(stockListed.map(identityOf));
  const mine: Persona[] = [];
  const stock: Persona[] = [];
  const seen = new Set<unknown>();
  for (const persona of [...all, ...stockListed]) {
    const key = identityOf(persona);
    if (seen.has(key)) continue;
    seen.add(key);
    (stockKeys.has(key) || persona.persona_type === 'system' ? stock : mine).push(persona);
  }
  return { mine, stock };
}

/** The id, or for a persona without one the object itself, so id-less personas are neither merged nor lost. */
function identityOf(persona: Persona): unknown {
  return personaId(persona) ?? persona;
}

/** Case-insensitive match on the name or the id; an empty filter matches everything. */
export function matchesFilter(persona: Persona, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (!needle) return true;
  return personaLabel(persona).toLowerCase().includes(needle) || (personaId(persona) ?? '').toLowerCase().includes(needle);
}

export function sortByLabel(personas: readonly Persona[]): Persona[] {
  return [...personas].sort((a, b) => personaLabel(a).localeCompare(personaLabel(b)));
}

/**
 * One group's personas sorted by label once per listing, with their lowercased name and id, so that
 * a keystroke in Filter Personas… only filters: with 10,000 personas, sorting on every keystroke
 * (localeCompare) was most of its time (npm run bench, case 16). Filtering keeps the order.
 */
export class SortedPersonas {
  private readonly sorted: Persona[];
  private readonly names: string[];
  private readonly ids: string[];

  constructor(personas: readonly Persona[]) {
    this.sorted = sortByLabel(personas);
    this.names = this.sorted.map((persona) => personaLabel(persona).toLowerCase());
    this.ids = this.sorted.map((persona) => (personaId(persona) ?? '').toLowerCase());
  }

  /** What matchesFilter keeps, in sortByLabel's order. */
  matching(filter: string): Persona[] {
    const needle = filter.trim().toLowerCase();
    if (!needle) return [...this.sorted];
    return this.sorted.filter((_, i) => this.names[i]!.includes(needle) || this.ids[i]!.includes(needle));
  }
}
