/**
 * Loaded by the extension host as `extensionTestsPath` (as the integration tier loads its mocha
 * runner): lists the sandbox's 10,000 personas through the extension's own catalog, opens 50 of
 * them with its Open Persona command, closes them, and writes the extension host's heap at each
 * step to $TAVUS_BENCH_HEAP_RESULTS. The heap is read after full garbage collections, so it is
 * what stays reachable, not what a step allocated on the way.
 */
import * as fs from 'fs';
import * as path from 'path';
import { setTimeout as delay } from 'timers/promises';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import { personaId } from '../../src/core/personaRules';
import type { Services } from '../../src/services';
import { OPENED_DOCUMENTS, type HeapResults } from './heapResults';

function garbageCollector(): () => void {
  // The extension host runs without --expose-gc; the flag takes effect for contexts created after it.
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** `BENCH_UI_PROFILE=dir` (passed on by heapCase.ts): a heap snapshot of each step goes into dir. */
const SNAPSHOT_DIR = process.env.TAVUS_BENCH_HEAP_SNAPSHOTS;

async function settledHeap(gc: () => void, step: string): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await delay(100);
  }
  const used = process.memoryUsage().heapUsed;
  if (SNAPSHOT_DIR) v8.writeHeapSnapshot(path.join(SNAPSHOT_DIR, `heap-${step}.heapsnapshot`));
  return used;
}

function personaDocuments(): vscode.TextDocument[] {
  return vscode.workspace.textDocuments.filter((document) => document.uri.scheme === 'tavus');
}

export async function run(): Promise<void> {
  const gc = garbageCollector();
  const services = (await vscode.extensions.getExtension('tavus-persona-tools.tavus-persona-editor')!.activate()) as Services;
  const baseline = await settledHeap(gc, 'baseline');
  await services.catalog.refresh();
  const personas = services.catalog.personas();
  const listingJsonBytes = personas.reduce((sum, persona) => sum + JSON.stringify(persona).length, 0);
  const afterListing = await settledHeap(gc, 'after-listing');

  for (const persona of personas.slice(0, OPENED_DOCUMENTS)) {
    // The argument a Personas-tree row hands its context-menu commands.
    await vscode.commands.executeCommand('tavus.openPersona', { kind: 'persona', persona, stock: false });
    // Open Persona opens a preview tab, which the next one would replace: keep each open.
    await vscode.commands.executeCommand('workbench.action.keepEditor');
  }
  const opened = personaDocuments();
  const documentsJsonBytes = opened.reduce((sum, document) => sum + document.getText().length, 0);
  const afterOpening = await settledHeap(gc, 'after-opening');

  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  for (let waited = 0; personaDocuments().length > 0 && waited < 30_000; waited += 200) await delay(200);
  const afterClosing = await settledHeap(gc, 'after-closing');

  const results: HeapResults = {
    baseline,
    afterListing,
    afterOpening,
    afterClosing,
    listed: personas.length,
    listingJsonBytes,
    documentsJsonBytes,
    stillOpen: personaDocuments().length,
  };
  if (opened.length !== OPENED_DOCUMENTS || !personas.every((persona) => personaId(persona) !== undefined)) {
    throw new Error(`opened ${opened.length} persona documents, not ${OPENED_DOCUMENTS}`);
  }
  fs.writeFileSync(process.env.TAVUS_BENCH_HEAP_RESULTS!, `${JSON.stringify(results)}\n`);
}
