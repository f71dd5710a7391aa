import type { PatchOp, Persona } from '../core/json';

export type PersonaType = 'user' | 'system';

export type { SkippedListItem } from '../core/references';
import type { ReferenceKind, ReferenceListing, SkippedListItem } from '../core/references';

export interface PersonaListing {
  personas: Persona[];
  /** `total_count` as the server last reported it, when it did. */
  totalCount?: number;
  skipped: SkippedListItem[];
}

export interface ListPersonasOptions {
  personaType?: PersonaType;
  signal?: AbortSignal;
  /** Called after each page in page order, with everything collected so far. */
  onProgress?: (listing: PersonaListing) => void;
}

export interface PatchOutcome {
  /** False when Tavus answered 304: the patch was valid but changed nothing. */
  changed: boolean;
}

export interface CreatedPersona {
  persona_id: string;
  persona_name?: string;
  created_at?: string;
}

export type { ReferenceItem, ReferenceKind, ReferenceListing } from '../core/references';

export interface ListReferenceOptions {
  signal?: AbortSignal;
}

/** The narrow interface the rest of the extension uses to talk to Tavus. */
export interface TavusApi {
  listPersonas(options?: ListPersonasOptions): Promise<PersonaListing>;
  getPersona(id: string, signal?: AbortSignal): Promise<Persona>;
  patchPersona(id: string, ops: readonly PatchOp[], signal?: AbortSignal): Promise<PatchOutcome>;
  createPersona(persona: Persona, signal?: AbortSignal): Promise<CreatedPersona>;
  deletePersona(id: string, signal?: AbortSignal): Promise<void>;
  /** Every page of one reference list, paged the way Tavus pages that resource. */
  listReferenceItems(kind: ReferenceKind, options?: ListReferenceOptions): Promise<ReferenceListing>;
}
