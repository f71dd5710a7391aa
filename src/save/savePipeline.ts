import * as vscode from 'vscode';
import { jsonEqual } from '../core/diff';
import type { Persona } from '../core/json';
import { formatProblem, type TextProblem } from '../core/parseJsonText';
import { formatPersona } from '../core/personaDocument';
import { personaLabel, withServerOwnedFieldsRestored } from '../core/personaRules';
import { unappliedTargets } from '../core/patchEffects';
import { computeSave, computeSaveFromValue, type SaveComputation } from '../core/saveComputation';
import type { PersonaSaver } from '../personas/fileSystem';
import type { Services } from '../services';
import type { PersonaDocumentSync } from './documentSync';
import { changeCount, type SavePrompts } from './prompts';
import { describePatchFailure, isGuardRejection, offerPatchRecovery } from './patchFailure';
import { patchWithProgress } from './patchRequest';
import { offerRevertServerOwnedFields } from './revertFields';

export type SaveOutcome =
  'applied' | 'unchanged' | 'noChanges' | 'cancelled' | 'conflict' | 'failed' | 'invalid' | 'serverOwned' | 'autoSaveSkipped';

export interface SaveEvent {
  uri: vscode.Uri;
  id: string;
  outcome: SaveOutcome;
  message: string;
}

type Changes = Extract<SaveComputation, { kind: 'changes' }>;

/** A save that did not happen. Thrown out of writeFile, so VS Code keeps the editor dirty. */
class SaveAborted extends Error {}

/**
 * Saving a persona document: parse → server-owned check → diff → preview → freshness check →
 * guarded PATCH → re-read. Every path that does not end with the server holding the user's
 * document throws, which is what keeps the user's text in the dirty editor.
 */
export class SavePipeline implements PersonaSaver, vscode.Disposable {
  private readonly finished = new vscode.EventEmitter<SaveEvent>();
  readonly onDidFinishSave = this.finished.event;
  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();
  // writeFile is not told why VS Code saves; the will-save event that precedes it is.
  private readonly willSave = vscode.workspace.onWillSaveTextDocument((event) =>
    this.saveReasons.set(event.document.uri.toString(), event.reason),
  );

  constructor(
    private readonly services: Services,
    public prompts: SavePrompts,
    private readonly sync: PersonaDocumentSync,
    private readonly diagnostics: vscode.DiagnosticCollection,
  ) {}

  async save(uri: vscode.Uri, id: string, content: Uint8Array): Promise<void> {
    if (this.sync.isSyncing(uri)) return;
    const reason = this.saveReasons.get(uri.toString());
    this.saveReasons.delete(uri.toString());
    this.diagnostics.delete(uri);
    try {
      if (reason !== undefined && reason !== vscode.TextDocumentSaveReason.Manual) throw this.skipAutoSave(uri, id);
      const base = this.services.store.get(id) ?? (await this.services.store.fetch(id));
      await this.handle(uri, id, base, computeSave(base, new TextDecoder().decode(content), saveOptions()));
    } catch (error) {
      const aborted = error instanceof SaveAborted ? error : this.unexpectedFailure(uri, id, error);
      this.services.log.error(`Save of ${id} not completed: ${aborted.message}`);
      throw new Error(aborted.message);
    }
  }

  dispose(): void {
    this.willSave.dispose();
    this.finished.dispose();
  }

  /**
   * VS Code for the Web auto-saves after a second by default; pushing half-typed edits to Tavus
   * (with a preview each time) would be wrong. Failing the save keeps the text dirty, and VS Code
   * then stops auto-saving this document until the user saves it by hand.
   */
  private skipAutoSave(uri: vscode.Uri, id: string): SaveAborted {
    return this.abort(
      uri,
      id,
      'autoSaveSkipped',
      'Not sent: auto-save does not send persona changes to Tavus. Save with Ctrl+S (File: Save) to review and send them.',
    );
  }

  private async handle(uri: vscode.Uri, id: string, base: Persona, computed: SaveComputation): Promise<void> {
    switch (computed.kind) {
      case 'invalid':
        this.showProblems(uri, computed.problems);
        throw this.abort(
          uri,
          id,
          'invalid',
          `Not saved: the document is not valid JSON (${formatProblem(computed.problems[0])}).`,
        );
      case 'serverOwned':
        void offerRevertServerOwnedFields(uri, base, computed.pointers);
        throw this.abort(
          uri,
          id,
          'serverOwned',
          `Not saved: ${computed.pointers.join(', ')} ${computed.pointers.length === 1 ? 'is' : 'are'} set by Tavus and cannot be changed.`,
        );
      case 'noChanges':
        this.report(uri, id, 'noChanges', 'No changes to send.', { notify: true });
        return;
      case 'changes':
        return this.push(uri, id, base, computed);
    }
  }

  private async push(uri: vscode.Uri, id: string, base: Persona, changes: Changes): Promise<void> {
    await this.confirm(uri, id, base, changes);
    const current = await this.services.api.getPersona(id);
    if (!jsonEqual(current, base)) return this.resolveConflict(uri, id, current, changes.edited);
    await this.send(uri, id, base, changes);
  }

  private async confirm(uri: vscode.Uri, id: string, base: Persona, changes: Changes): Promise<void> {
    const config = vscode.workspace.getConfiguration('tavus');
    if (!config.get<boolean>('confirmBeforeApply', true)) return;
    const decision = await this.prompts.confirmApply({
      label: personaLabel(base),
      ops: changes.ops,
      serverText: formatPersona(base),
      proposedText: formatPersona(changes.edited),
    });
    if (decision === 'cancel') throw this.abort(uri, id, 'cancelled', 'Not saved: sending the changes to Tavus was cancelled.');
    if (decision === 'applyAndStopAsking') await config.update('confirmBeforeApply', false, vscode.ConfigurationTarget.Global);
  }

  private async resolveConflict(uri: vscode.Uri, id: string, current: Persona, edited: Persona): Promise<void> {
    const label = personaLabel(current);
    const decision = await this.prompts.resolveConflict(label);
    const conflict = `Not saved: "${label}" changed on Tavus since you opened it.`;
    if (decision === 'compare') {
      await this.prompts.showDiff(`${label}: Tavus now ↔ yours`, formatPersona(current), uri);
      throw this.abort(uri, id, 'conflict', `${conflict} Save again and choose Overwrite to send your version.`);
    }
    if (decision === 'cancel') throw this.abort(uri, id, 'conflict', conflict);
    // Overwrite: the user's copy still carries the old updated_at, which is Tavus's to set.
    const recomputed = computeSaveFromValue(current, withServerOwnedFieldsRestored(current, edited), saveOptions());
    this.services.store.setBase(id, current);
    return this.handle(uri, id, current, recomputed);
  }

  private async send(uri: vscode.Uri, id: string, base: Persona, changes: Changes): Promise<void> {
    const label = personaLabel(base);
    let changed: boolean;
    try {
      ({ changed } = await patchWithProgress(this.services.api, id, changes.body, `Saving "${label}" to Tavus…`));
    } catch (error) {
      return this.afterFailedPatch(uri, id, base, changes, error);
    }
    await this.reread(uri, id, changes);
    const message = changed
      ? `Saved "${label}" to Tavus (${changeCount(changes.ops.length)}).`
      : 'Tavus made no changes: the persona already had these values.';
    this.report(uri, id, changed ? 'applied' : 'unchanged', message, { notify: !changed });
  }

  /**
   * After a successful PATCH the base must come from Tavus; if that read fails, forget the base so
   * the next read refetches. A 200 whose changes Tavus does not show is not taken on trust.
   */
  private async reread(uri: vscode.Uri, id: string, changes: Changes): Promise<void> {
    let reread: Persona;
    try {
      reread = await this.services.api.getPersona(id);
    } catch (error) {
      this.services.store.forget(id);
      void vscode.window.showWarningMessage(
        `Saved, but the persona could not be read back from Tavus: ${this.services.log.clean(String(error))}. Use "Tavus: Revert to Server Version" to reload it.`,
      );
      return;
    }
    this.services.store.setBase(id, reread);
    const missing = unappliedTargets(changes.edited, reread, changes.ops);
    if (missing.length > 0) {
      throw this.abort(
        uri,
        id,
        'failed',
        `Tavus answered OK, but the persona it now holds does not show ${missing.join(', ')} as sent. Your text is unchanged; use "Tavus: Compare with Server Version" to see what Tavus has.`,
      );
    }
  }

  private async afterFailedPatch(uri: vscode.Uri, id: string, base: Persona, changes: Changes, error: unknown): Promise<void> {
    const current = await this.services.api.getPersona(id).catch(() => undefined);
    const changedOnServer = current !== undefined && !jsonEqual(current, base);
    if (changedOnServer && isGuardRejection(error, changes.body)) return this.resolveConflict(uri, id, current, changes.edited);
    if (changedOnServer) void this.reportPartialApplication(personaLabel(base), current, uri);
    const partly = changedOnServer ? ' The persona changed on Tavus anyway: part of the patch may have been applied.' : '';
    const message = describePatchFailure(error, changes.body) + partly;
    this.offerRecovery(error);
    throw this.abort(uri, id, 'failed', message);
  }

  private async reportPartialApplication(label: string, current: Persona, uri: vscode.Uri): Promise<void> {
    const choice = await vscode.window.showWarningMessage(
      `The save of "${label}" failed, but the persona changed on Tavus anyway: part of the patch may have been applied. Your text is unchanged.`,
      'Compare',
    );
    if (choice === 'Compare') await this.prompts.showDiff(`${label}: Tavus now ↔ yours`, formatPersona(current), uri);
  }

  /** VS Code's own "Failed to save" notice already offers Retry; it cannot offer Set API Key. */
  private offerRecovery(error: unknown): void {
    offerPatchRecovery('save to Tavus', error, (text) => this.services.log.clean(text));
  }

  /** A request outside the PATCH failed (reading the base, the freshness check): nothing was sent. */
  private unexpectedFailure(uri: vscode.Uri, id: string, error: unknown): SaveAborted {
    this.offerRecovery(error);
    const reason = this.services.log.clean(error instanceof Error ? error.message : String(error));
    return this.abort(uri, id, 'failed', `Not saved: ${reason} Nothing was sent; your text is unchanged.`);
  }

  private showProblems(uri: vscode.Uri, problems: TextProblem[]): void {
    this.diagnostics.set(
      uri,
      problems.map((problem) => {
        const start = new vscode.Position(problem.line, problem.column);
        const range = new vscode.Range(start, start.translate(0, Math.max(1, problem.length)));
        const diagnostic = new vscode.Diagnostic(range, problem.message, vscode.DiagnosticSeverity.Error);
        diagnostic.source = 'Tavus';
        return diagnostic;
      }),
    );
  }

  private abort(uri: vscode.Uri, id: string, outcome: SaveOutcome, message: string): SaveAborted {
    this.finished.fire({ uri, id, outcome, message });
    return new SaveAborted(message);
  }

  private report(uri: vscode.Uri, id: string, outcome: SaveOutcome, message: string, { notify = false } = {}): void {
    this.services.log.info(`${id}: ${message}`);
    this.finished.fire({ uri, id, outcome, message });
    if (notify) void vscode.window.showInformationMessage(message);
    else vscode.window.setStatusBarMessage(`$(check) ${message}`, 5000);
  }
}

function saveOptions() {
  return { guardWithTestOps: vscode.workspace.getConfiguration('tavus').get<boolean>('guardWithTestOps', true) };
}
