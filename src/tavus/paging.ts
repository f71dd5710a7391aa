import { isJsonObject, type Persona } from '../core/json';
import { personaId } from '../core/personaRules';
import { TavusError } from './errors';
import type { PersonaListing } from './api';

export interface PagingOptions {
  pageSize: number;
  concurrency: number;
  fetchPage: (page: number, limit: number) => Promise<unknown>;
  onProgress?: (listing: PersonaListing) => void;
}

/** Far beyond any real account; it only guarantees that a misbehaving server cannot keep us paging forever. */
const MAX_PAGES = 2_000;

interface Page {
  number: number;
  items: unknown[];
  totalCount?: number;
}

/**
 * Pages start at 1 (the documented default; Tavus's MCP tool says 0, which would repeat page 1).
 * Stops on an empty page, a page with nothing new, once `total_count` items were seen, or (without a
 * total) on a short page. A short page while the total says more remain means the server caps
 * `limit`: paging goes on at the size it actually serves, bounded by MAX_PAGES. Once the total is
 * known, the remaining pages are fetched a few at a time and delivered in order.
 */
export async function listAllPages(options: PagingOptions): Promise<PersonaListing> {
  const collector = new ListingCollector();
  let next = 1;
  let expectedPages: number | undefined;
  let servedPageSize = options.pageSize;
  while (next <= MAX_PAGES) {
    const batch = pageNumbers(next, expectedPages, options.concurrency);
    const last = batch.at(-1);
    if (last === undefined) break;
    const pages = await Promise.all(batch.map((number) => fetchParsedPage(options, number)));
    let finished = false;
    for (const page of pages) {
      const newIds = collector.add(page);
      options.onProgress?.(collector.listing());
      const short = page.items.length < servedPageSize;
      finished = page.items.length === 0 || newIds === 0 || collector.reachedTotal() || (short && collector.total === undefined);
      if (finished) break;
      if (short) servedPageSize = page.items.length;
      if (collector.total !== undefined) expectedPages = Math.ceil(collector.total / servedPageSize);
    }
    if (finished) break;
    next = last + 1;
  }
  return collector.listing();
}

function pageNumbers(next: number, expectedPages: number | undefined, concurrency: number): number[] {
  if (expectedPages === undefined) return [next];
  const last = Math.min(expectedPages, next + concurrency - 1, MAX_PAGES);
  const numbers: number[] = [];
  for (let page = next; page <= last; page++) numbers.push(page);
  return numbers;
}

async function fetchParsedPage(options: PagingOptions, number: number): Promise<Page> {
  const body = await options.fetchPage(number, options.pageSize);
  if (!isJsonObject(body) || !Array.isArray(body.data)) {
    throw new TavusError(`Tavus sent page ${number} of the persona list without a "data" array.`, {
      kind: 'badResponse',
      path: '/v2/personas',
    });
  }
  const total = body.total_count;
  const totalCount = typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : undefined;
  return { number, items: body.data, totalCount };
}

class ListingCollector {
  private readonly personas: Persona[] = [];
  private readonly seen = new Set<string>();
  private readonly skipped: PersonaListing['skipped'] = [];
  private totalCount?: number;

  /** Returns how many new personas the page brought. */
  add(page: Page): number {
    if (page.totalCount !== undefined) this.totalCount = page.totalCount;
    let added = 0;
    for (const item of page.items) {
      const id = isJsonObject(item) ? personaId(item) : undefined;
      if (!isJsonObject(item) || id === undefined) {
        this.skipped.push({ page: page.number, reason: 'an item without a persona_id' });
      } else if (this.seen.has(id)) {
        this.skipped.push({ page: page.number, reason: `a duplicate of persona ${id}` });
      } else {
        this.seen.add(id);
        this.personas.push(item);
        added++;
      }
    }
    return added;
  }

  get total(): number | undefined {
    return this.totalCount;
  }

  reachedTotal(): boolean {
    return this.totalCount !== undefined && this.personas.length + this.skipped.length >= this.totalCount;
  }

  listing(): PersonaListing {
    return { personas: [...this.personas], totalCount: this.totalCount, skipped: [...this.skipped] };
  }
}
