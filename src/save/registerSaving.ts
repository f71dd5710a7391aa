import * as vscode from 'vscode';
import type { Services } from '../services';
import type { TavusApi } from '../tavus/api';
import { PatchTransaction } from '../transaction/patchTransaction';
import { PREVIEW_SCHEME, PreviewDocuments } from '../transaction/previewDocuments';
import { VsCodeWritePrompts } from '../transaction/prompts';
import { PersonaDocumentSync } from './documentSync';
import { PersonaSaver } from './personaSaver';
import { clearDiagnostics } from '../ui/diagnostics';

export interface SaveServices {
  transaction: PatchTransaction;
  saver: PersonaSaver;
  sync: PersonaDocumentSync;
  /** The review's own buttons (the diff editor's Apply and Cancel title actions). */
  review: VsCodeWritePrompts;
  /** The read-only snapshots diff editors show. */
  previews: PreviewDocuments;
  /**
   * The same transaction (settings, preview, messages) over another connection's client, for a push
   * to that connection; its writes are not in the push history, which belongs to the active connection.
   */
  transactionFor(api: TavusApi): PatchTransaction;
}

/** The patch transaction every writer uses, and saving persona documents through it. */
export function registerSaving(
  context: vscode.ExtensionContext,
  services: Pick<
    Services,
    'api' | 'config' | 'connections' | 'log' | 'notifier' | 'store' | 'catalog' | 'origins' | 'references'
  >,
): SaveServices {
  const previews = new PreviewDocuments();
  const review = new VsCodeWritePrompts(previews, services.notifier);
  const { config } = services;
  const settings = {
    confirmBeforeApply: () => config.confirmBeforeApply,
    guardWithTestOps: () => config.guardWithTestOps,
    stopConfirming: () => config.setConfirmBeforeApply(false),
    resumeConfirming: () => config.setConfirmBeforeApply(true),
  };
  const transaction = new PatchTransaction(services.api, services.log, services.notifier, settings, review);
  const transactionFor = (api: TavusApi) =>
    new PatchTransaction(api, services.log, services.notifier, settings, transaction.prompts);
  const sync = new PersonaDocumentSync(services.store, services.origins, services.connections);
  const diagnostics = vscode.languages.createDiagnosticCollection('tavus-persona');
  const { store, catalog, origins, notifier, log } = services;
  const saver = new PersonaSaver(
    store,
    catalog,
    origins,
    transaction,
    sync,
    notifier,
    log,
    diagnostics,
    services.references,
    services.connections,
  );
  context.subscriptions.push(
    previews,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    transaction,
    sync,
    diagnostics,
    saver,
    // Save-time markers (invalid JSON) would go stale with the next keystroke; typing checks are the schema's.
    vscode.workspace.onDidChangeTextDocument((event) => clearDiagnostics(diagnostics, event.document.uri)),
  );
  return { transaction, saver, sync, review, previews, transactionFor };
}
