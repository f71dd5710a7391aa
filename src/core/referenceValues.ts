import type { ReferenceItem, ReferenceKind, ReferenceListing } from './references';
import type { FieldReference } from './personaRules';

/** The account's list of one kind if it is loaded; never fetches (checks and completion must not wait or fail). */
export type ReferenceLookup = (kind: ReferenceKind) => ReferenceListing | undefined;

const NOUNS: Record<ReferenceKind, string> = {
  replicas: 'replica',
  documents: 'document',
  objectives: 'objectives',
  guardrailSets: 'legacy guardrail set',
  guardrails: 'guardrail',
  tools: 'tool',
};

export function referenceNoun(kind: ReferenceKind): string {
  return NOUNS[kind];
}

/** The list a field's ids come from; undefined for tag fields and plain fields. */
export function idKindOf(field: FieldReference | undefined): ReferenceKind | undefined {
  const reference = field?.reference;
  return reference === undefined || reference === 'documentTags' || reference === 'guardrailTags' ? undefined : reference;
}

/** `replica "Anna" (r90bbd427f71), completed, stock`. */
export function describeReference(kind: ReferenceKind, item: ReferenceItem): string {
  const name = item.name === undefined ? '' : ` "${item.name}"`;
  const facts = [
    item.status,
    item.system ? 'made by Tavus' : undefined,
    item.tags.length ? `tags: ${item.tags.join(', ')}` : undefined,
  ];
  const detail = facts.filter((fact) => fact !== undefined).join(', ');
  return `${capitalised(NOUNS[kind])}${name} (${item.id})${detail ? `, ${detail}` : ''}`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface ReferenceValue {
  value: string;
  /** Shown next to the value: the item's name and status. */
  detail: string;
}

/**
 * Live values for a field: usable items of its list (replicas that finished training, ready
 * documents), or for tag fields the union of the tags on documents or guardrails.
 */
export function referenceValues(field: FieldReference | undefined, lookup: ReferenceLookup | undefined): ReferenceValue[] {
  const reference = field?.reference;
  if (reference === undefined || lookup === undefined) return [];
  if (reference === 'documentTags' || reference === 'guardrailTags') {
    const listing = lookup(reference === 'documentTags' ? 'documents' : 'guardrails');
    return tagValues(listing?.items ?? [], reference === 'documentTags' ? 'document' : 'guardrail');
  }
  const listing = lookup(reference);
  return (listing?.items ?? [])
    .filter((item) => item.usable)
    .map((item) => ({
      value: item.id,
      detail: [item.name, item.status, item.system ? 'made by Tavus' : undefined].filter(Boolean).join(' · '),
    }));
}

function tagValues(items: readonly ReferenceItem[], noun: string): ReferenceValue[] {
  const counts = new Map<string, number>();
  for (const item of items) for (const tag of item.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts].map(([tag, count]) => ({ value: tag, detail: `on ${count} ${noun}${count === 1 ? '' : 's'}` }));
}

/** What hover says about an id of `field`: the item, that it is missing, or nothing while the list is not loaded. */
export function describeId(
  field: FieldReference | undefined,
  id: string,
  lookup: ReferenceLookup | undefined,
): string | undefined {
  const kind = idKindOf(field);
  const listing = kind === undefined ? undefined : lookup?.(kind);
  if (kind === undefined || listing === undefined) return undefined;
  const item = listing.items.find((entry) => entry.id === id);
  return item === undefined ? `No ${NOUNS[kind]} "${id}" in this account's list.` : describeReference(kind, item);
}
