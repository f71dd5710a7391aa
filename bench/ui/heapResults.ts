/** What heapProbe.ts (in the extension host) hands heapCase.ts (in the bench process), in bytes. */
export interface HeapResults {
  baseline: number;
  afterListing: number;
  afterOpening: number;
  afterClosing: number;
  listed: number;
  listingJsonBytes: number;
  documentsJsonBytes: number;
  stillOpen: number;
}

export const OPENED_DOCUMENTS = 50;
