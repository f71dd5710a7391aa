/** Why a list item was left out of the listing. */
export interface SkippedListItem {
  page: number;
  reason: string;
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
