import * as fs from 'fs';
import * as path from 'path';
import { makeScratchDir, repoRoot } from '../../test/host/paths';
import { createGeneratedPersonas } from '../../test/server/generatedPersonas';
import { SEED } from '../personas';
import { countFigure, type Figure, type Row } from '../report';
import { OPENED_DOCUMENTS, type HeapResults } from './heapResults';
import { startBenchSession } from './session';

const PERSONA_COUNT = 10_000;
const MAX_HEAP_PER_JSON_BYTE = 2;
const MAX_RETAINED_FRACTION = 0.1;
const RUN_TIMEOUT_MS = 5 * 60_000;

const bytes = (label: string, value: number): Figure => countFigure(label, 'bytes', value);

/** Runs heapProbe.ts in the extension host of a workbench whose sandbox holds 10,000 personas. */
async function probeHeap(snapshotDir: string | undefined): Promise<HeapResults> {
  const scratch = makeScratchDir('tavus-bench-heap');
  const resultsFile = path.join(scratch, 'heap.json');
  let reportExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (reportExit = resolve));
  const personas = createGeneratedPersonas(PERSONA_COUNT, SEED).map((persona) => ({ persona }));
  const session = await startBenchSession({
    sandbox: { personas },
    env: { TAVUS_BENCH_HEAP_RESULTS: resultsFile, ...(snapshotDir ? { TAVUS_BENCH_HEAP_SNAPSHOTS: snapshotDir } : {}) },
    extensionTestsPath: path.join(repoRoot, 'out', 'bench', 'ui', 'heapProbe'),
    beforeNavigate: (page) => page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code)),
  });
  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the heap probe did not finish')), RUN_TIMEOUT_MS);
    });
    const code = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    if (code !== 0 || !fs.existsSync(resultsFile)) throw new Error(`the heap probe failed in the extension host (exit ${code})`);
    return JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as HeapResults;
  } finally {
    await session.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * H1: what the extension host keeps after listing 10,000 personas and opening 50 of them, against
 * the size of their JSON (the listing's plus the documents' text). H2: what closing the documents
 * gives back: the heap after closing against the heap before opening them. With `snapshotDir`, a
 * heap snapshot of each step goes there.
 */
export async function runHeapCase(snapshotDir?: string): Promise<Row[]> {
  process.stdout.write('Measuring extension-host heap… ');
  const started = Date.now();
  const heap = await probeHeap(snapshotDir).catch((error: Error) => error);
  console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (heap instanceof Error) {
    return ['H1', 'H2'].map((id) => ({
      id,
      title: 'extension-host heap, 10,000 personas',
      goal: 'see README',
      note: heap.message,
    }));
  }
  const jsonBytes = heap.listingJsonBytes + heap.documentsJsonBytes;
  const kept = heap.afterOpening - heap.baseline;
  const retained = heap.afterClosing - heap.afterListing;
  return [
    {
      id: 'H1',
      title: `extension-host heap: list ${PERSONA_COUNT.toLocaleString('en')} personas, open ${OPENED_DOCUMENTS} documents`,
      subject: bytes('heap growth', kept),
      bound: bytes('their JSON', jsonBytes),
      goal: `≤ ${MAX_HEAP_PER_JSON_BYTE}× their JSON`,
      met: kept <= MAX_HEAP_PER_JSON_BYTE * jsonBytes && heap.listed === PERSONA_COUNT,
      note:
        `${heap.listed} personas listed; heap after GC ${(heap.baseline / 1e6).toFixed(1)} MB before listing, +${((heap.afterListing - heap.baseline) / 1e6).toFixed(2)} MB ` +
        `after listing (JSON ${(heap.listingJsonBytes / 1e6).toFixed(2)} MB), +${((heap.afterOpening - heap.afterListing) / 1e6).toFixed(2)} MB after opening ` +
        `(documents ${(heap.documentsJsonBytes / 1e6).toFixed(2)} MB)`,
    },
    {
      id: 'H2',
      title: `extension-host heap after closing the ${OPENED_DOCUMENTS} documents`,
      subject: bytes('heap after closing', heap.afterClosing),
      bound: bytes('heap before opening', heap.afterListing),
      goal: `≤ ${1 + MAX_RETAINED_FRACTION}× before opening`,
      met: heap.afterClosing <= (1 + MAX_RETAINED_FRACTION) * heap.afterListing && heap.stillOpen === 0,
      note: `${retained >= 0 ? '+' : ''}${(retained / 1e3).toFixed(0)} KB against before opening; persona documents still open in the extension host: ${heap.stillOpen}`,
    },
  ];
}
