import { isJsonObject, type JsonObject } from '../core/json';
import type { ListReferenceOptions, ReferenceItem, ReferenceKind, ReferenceListing, SkippedListItem } from './api';
import { TavusError } from './errors';

interface ReferenceListSpec {
  /** Said in messages: "the replica list". */
  readonly noun: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Documents (and pronunciation dictionaries) count pages from 0; every other list from 1. */
  readonly firstPage: 0 | 1;
  /** Id and name members, in the order they are tried: PAL-era and create-response names vary. */
  readonly idKeys: readonly string[];
  readonly nameKeys: readonly string[];
  readonly usable: (item: JsonObject) => boolean;
  readonly system: (item: JsonObject) => boolean;
}

const ALWAYS = (): boolean => true;
const NEVER = (): boolean => false;

/**
 * Replicas: the docs list `started`/`completed`/`error`; the training webhook says `ready`.
 * `verbose=true` is needed for `replica_type`, whose documented example carries a stray quote.
 */
export const REFERENCE_LISTS: Readonly<Record<ReferenceKind, ReferenceListSpec>> = {
  replicas: {
    noun: 'replica',
    path: '/v2/replicas',
    query: { verbose: 'true' },
    firstPage: 1,
    idKeys: ['replica_id', 'face_id'],
    nameKeys: ['replica_name', 'face_name'],
    usable: (item) => ['completed', 'ready'].includes(enumText(item.status) ?? ''),
    system: (item) => enumText(item.replica_type ?? item.face_type) === 'system',
  },
  documents: {
    noun: 'document',
    path: '/v2/documents',
    query: {},
    firstPage: 0,
    idKeys: ['document_id', 'uuid'],
    nameKeys: ['document_name'],
    usable: (item) => enumText(item.status) === 'ready',
    system: NEVER,
  },
  objectives: {
    noun: 'objectives',
    path: '/v2/objectives',
    query: {},
    firstPage: 1,
    idKeys: ['objectives_id', 'uuid'],
    nameKeys: ['objective_name', 'name'],
    usable: ALWAYS,
    system: NEVER,
  },
  guardrailSets: {
    noun: 'legacy guardrail set',
    path: '/v2/guardrails',
    query: {},
    firstPage: 1,
    idKeys: ['guardrails_id', 'uuid'],
    nameKeys: ['name', 'guardrails_name'],
    usable: ALWAYS,
    system: NEVER,
  },
  guardrails: {
    noun: 'guardrail',
    path: '/v2/guardrails',
    query: { legacy: 'false' },
    firstPage: 1,
    idKeys: ['guardrail_id', 'uuid', 'guardrails_id'],
    nameKeys: ['guardrail_name'],
    usable: ALWAYS,
    system: NEVER,
  },
  tools: {
    noun: 'tool',
    path: '/v2/tools',
    query: { type: 'all' },
    firstPage: 1,
    idKeys: ['tool_id', 'uuid', 'id'],
    nameKeys: ['name', 'tool_name'],
    usable: ALWAYS,
    system: (item) => item.is_system_tool === true,
  },
};

export const REFERENCE_KINDS = Object.keys(REFERENCE_LISTS) as ReferenceKind[];

/** Far beyond any real account; it only guarantees that a misbehaving server cannot keep us paging forever. */
const MAX_PAGES = 1_000;

export interface ReferencePagingOptions extends ListReferenceOptions {
  pageSize: number;
  fetchPage: (path: string, query: Record<string, string | number>, signal?: AbortSignal) => Promise<unknown>;
}

/**
 * Reference lists are small and read lazily, so pages are fetched one after another. Stops on an
 * empty or short page, once `total_count` entries were seen, or when a page brings nothing new
 * (a server that ignores `page` would otherwise repeat page one forever).
 */
export async function listReferencePages(kind: ReferenceKind, options: ReferencePagingOptions): Promise<ReferenceListing> {
  const spec = REFERENCE_LISTS[kind];
  const collector = new ReferenceCollector(spec);
  for (let index = 0; index < MAX_PAGES; index++) {
    const page = spec.firstPage + index;
    const body = await options.fetchPage(spec.path, { ...spec.query, limit: options.pageSize, page }, options.signal);
    const { items, totalCount } = pageContents(body, spec, page);
    const added = collector.add(items, page, totalCount);
    if (items.length < options.pageSize || added === 0 || collector.reachedTotal()) break;
  }
  return collector.listing(kind);
}

function pageContents(body: unknown, spec: ReferenceListSpec, page: number): { items: unknown[]; totalCount?: number } {
  if (!isJsonObject(body) || !Array.isArray(body.data)) {
    throw new TavusError(`Tavus sent page ${page} of the ${spec.noun} list without a "data" array.`, {
      kind: 'badResponse',
      method: 'GET',
      path: spec.path,
    });
  }
  const total = body.total_count;
  const totalCount = typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : undefined;
  return { items: body.data, totalCount };
}

class ReferenceCollector {
  private readonly items: ReferenceItem[] = [];
  private readonly seen = new Set<string>();
  private readonly skipped: SkippedListItem[] = [];
  private totalCount?: number;

  constructor(private readonly spec: ReferenceListSpec) {}

  /** Returns how many new entries the page brought. */
  add(raw: readonly unknown[], page: number, totalCount: number | undefined): number {
    if (totalCount !== undefined) this.totalCount = totalCount;
    let added = 0;
    for (const entry of raw) {
      const item = isJsonObject(entry) ? toReferenceItem(entry, this.spec) : undefined;
      if (item === undefined) {
        this.skipped.push({ page, reason: `an item without a ${this.spec.idKeys[0]}` });
      } else if (this.seen.has(item.id)) {
        this.skipped.push({ page, reason: `a duplicate of ${this.spec.noun} ${item.id}` });
      } else {
        this.seen.add(item.id);
        this.items.push(item);
        added++;
      }
    }
    return added;
  }

  reachedTotal(): boolean {
    return this.totalCount !== undefined && this.items.length + this.skipped.length >= this.totalCount;
  }

  listing(kind: ReferenceKind): ReferenceListing {
    return { kind, items: [...this.items], totalCount: this.totalCount, skipped: [...this.skipped] };
  }
}

function toReferenceItem(entry: JsonObject, spec: ReferenceListSpec): ReferenceItem | undefined {
  const id = firstText(entry, spec.idKeys);
  if (id === undefined) return undefined;
  const tags = Array.isArray(entry.tags) ? entry.tags.filter((tag): tag is string => typeof tag === 'string') : [];
  return {
    id,
    name: firstText(entry, spec.nameKeys),
    status: enumText(entry.status),
    tags,
    system: spec.system(entry),
    usable: spec.usable(entry),
  };
}

function firstText(entry: JsonObject, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const text = trimmedText(entry[key]);
    if (text !== undefined) return text;
  }
  return undefined;
}

function trimmedText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text;
}

/** Strips quotes too: the documented replica example has `"user'"`. */
function enumText(value: unknown): string | undefined {
  return trimmedText(trimmedText(value)?.replace(/^['"]+|['"]+$/g, ''));
}
