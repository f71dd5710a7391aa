import type { JsonObject, JsonValue, Persona } from '../../src/core/json';
import type { FixturePersona } from './fixtures';
import { nextTimestamp } from './timestamps';

export type PersonaTypeFilter = 'user' | 'system';

interface StoredPersona {
  persona: Persona;
  stock: boolean;
  hiddenFromFilters: boolean;
}

/** First id handed out by create(); high enough to stay clear of the fixtures. */
const FIRST_CREATED_ID = 0xc0de00000001;

/** PAL-era documents carry `pal_id` instead of `persona_id`; both name the same key space. */
export function personaIdOf(persona: Persona): string | undefined {
  const id = persona.persona_id ?? persona.pal_id;
  return typeof id === 'string' ? id : undefined;
}

export class PersonaStore {
  /** A Map keeps insertion order, which the list endpoint promises to be stable. */
  private entries = new Map<string, StoredPersona>();
  private nextCreatedId = FIRST_CREATED_ID;
  private readonly initial: FixturePersona[];

  constructor(fixtures: readonly FixturePersona[]) {
    this.initial = structuredClone([...fixtures]);
    this.reset();
  }

  reset(): void {
    this.entries = new Map();
    this.nextCreatedId = FIRST_CREATED_ID;
    for (const fixture of structuredClone(this.initial)) this.insert(fixture);
  }

  list(filter: PersonaTypeFilter | undefined): Persona[] {
    const matches = (entry: StoredPersona): boolean =>
      filter === undefined || (!entry.hiddenFromFilters && entry.stock === (filter === 'system'));
    return [...this.entries.values()].filter(matches).map((entry) => entry.persona);
  }

  /** The live stored object; callers that hand it out must copy it. */
  find(id: string): Persona | undefined {
    return this.entries.get(id)?.persona;
  }

  isStock(id: string): boolean {
    return this.entries.get(id)?.stock ?? false;
  }

  create(fields: JsonObject): Persona {
    const now = new Date().toISOString();
    const persona: Persona = { persona_id: this.allocateId(), ...fields, created_at: now, updated_at: now };
    this.insert({ persona });
    return persona;
  }

  /** Stores an edit the way Tavus does: updated_at moves forward, if the persona has one at all. */
  update(id: string, persona: Persona): Persona {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`No persona ${id}`);
    const previous: JsonValue | undefined = entry.persona.updated_at;
    if (previous !== undefined) persona.updated_at = nextTimestamp(previous);
    entry.persona = persona;
    return persona;
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  private insert(fixture: FixturePersona): void {
    const id = personaIdOf(fixture.persona);
    if (id === undefined) throw new Error('A fixture persona needs a string persona_id or pal_id');
    if (this.entries.has(id)) throw new Error(`Duplicate fixture persona id ${id}`);
    this.entries.set(id, {
      persona: fixture.persona,
      stock: fixture.stock ?? false,
      hiddenFromFilters: fixture.hiddenFromFilters ?? false,
    });
  }

  private allocateId(): string {
    let id: string;
    do id = `p${(this.nextCreatedId++).toString(16).padStart(12, '0')}`;
    while (this.entries.has(id));
    return id;
  }
}
