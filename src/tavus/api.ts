import type { PatchOp, Persona } from '../core/json';

export type PersonaType = 'user' | 'system';

/** Why a list item was left out of the listing. */
export interface SkippedListItem {
  page: number;
  reason: string;
}

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

/**
 * Lists that persona fields point into by id. `guardrailSets` are the legacy sets of `guardrails_id`;
 * `guardrails` are the individual guardrails of `guardrail_ids` (since May 2026).
 */
export type ReferenceKind = 'replicas' | 'documents' | 'objectives' | 'guardrailSets' | 'guardrails' | 'tools';

/** One entry of a reference list, reduced to what completion and hover show. */
export interface ReferenceItem {
  readonly id: string;
  readonly name?: string;
  readonly status?: string;
  readonly tags: readonly string[];
  /** Made by Tavus: stock replicas, system tools. */
  readonly system: boolean;
  /** Whether a persona can use it now: replicas that finished training, documents that are ready. */
  readonly usable: boolean;
}

export interface ReferenceListing {
  readonly kind: ReferenceKind;
  readonly items: ReferenceItem[];
  /** `total_count` as the server last reported it, when it did. */
  readonly totalCount?: number;
  readonly skipped: SkippedListItem[];
}

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
