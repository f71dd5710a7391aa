import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import { formatFirstProblem, parseJsonObjectText, type TextProblem } from '../core/parseJsonText';
import { personaLabel } from '../core/personaRules';
import { computeSaveFromValue } from '../core/saveComputation';
import { schemaProblems } from '../core/personaSchemaCheck';
import type { TavusLog } from '../log/tavusLog';
import type { PersonaCatalog } from '../personas/catalog';
import type { DocumentOrigins } from '../personas/origins';
import type { ReferenceLists } from '../personas/referenceLists';
import type { PersonaStore } from '../personas/store';
import { personaIdFromUri } from '../personas/uri';
import { refusedForOtherConnection, type ActiveConnection } from '../connections/guard';
import type { PatchTransaction, WriteAction } from '../transaction/patchTransaction';
import type { Notifier } from '../ui/notifier';
import type { PersonaDocumentSync } from './documentSync';
import { revertFields } from './revertFields';
import { DocumentSaver, type SaveEventOf } from './documentSaver';

export type SaveOutcome =
  | 'applied'
  | 'unchanged'
  | 'noChanges'
  | 'cancelled'
  | 'conflict'
  | 'failed'
  | 'invalid'
  | 'serverOwned'
  | 'stock'
  | 'deleted'
  | 'otherConnection'
  | 'autoSaveSkipped';

export type SaveEvent = SaveEventOf<SaveOutcome>;

const SAVE: WriteAction = { done: 'Saved', doing: 'Saving', kept: 'Your text is unchanged.' };

/**
 * Saving a persona document: parse → server-owned check → diff against the document's origin →
 * the patch transaction → the origin becomes Tavus's copy.
 */
export class PersonaSaver extends DocumentSaver<SaveOutcome> {
  constructor(
    private readonly store: PersonaStore,
    private readonly catalog: PersonaCatalog,
    private readonly origins: DocumentOrigins,
    private readonly transaction: PatchTransaction,
    sync: PersonaDocumentSync,
    private readonly notifier: Notifier,
    log: TavusLog,
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly references: ReferenceLists,
    private readonly connections: ActiveConnection,
  ) {
    super(sync, log, 'persona');
  }

  /** Sends `text` as the document's new persona; true when Tavus now holds it (or it needed nothing sent). */
  override async send(document: vscode.TextDocument, text: string): Promise<boolean> {
    const { uri } = document;
    if (refusedForOtherConnection(uri, this.connections, this.notifier)) return this.finish(uri, 'otherConnection');
    const id = personaIdFromUri(uri);
    this.diagnostics.delete(uri);
    if (this.store.isDeleted(id)) return this.refuseDeleted(document);
    if (await this.catalog.isStock(id)) {
      void this.notifier.error('Tavus stock personas cannot be edited. Your text is unchanged.');
      return this.finish(uri, 'stock');
    }
    const parsed = parseJsonObjectText(text);
    // Repeated members and inexact numbers are marked while typing already; a save-time marker would repeat them.
    if (!parsed.ok) return this.refuseInvalid(uri, parsed.problems, !parsed.lossy);
    const origin = this.origins.get(uri) ?? (await this.restoredOrigin(uri, id, parsed.value));
    if (origin === undefined) return this.writeToTavus(document, id, undefined, parsed.value);
    const computed = computeSaveFromValue(origin, parsed.value, { guardWithTestOps: false });
    switch (computed.kind) {
      case 'serverOwned':
        return this.refuseServerOwned(document, origin, computed.pointers);
      case 'noChanges':
        this.notifier.status('No changes to send.');
        return this.finish(uri, 'noChanges');
      case 'changes':
        return this.writeToTavus(document, id, origin, computed.edited);
      case 'invalid':
        return this.refuseInvalid(uri, computed.problems);
    }
  }

  private async writeToTavus(
    document: vscode.TextDocument,
    id: string,
    origin: Persona | undefined,
    edited: Persona,
  ): Promise<boolean> {
    const outcome = await this.transaction.run({
      id,
      label: personaLabel(origin ?? edited),
      action: SAVE,
      origin,
      edited,
      yours: document.uri,
      problems: this.remainingProblems(document.getText(), origin),
      retry: () => this.save(document),
      source: { kind: 'save', name: document.uri.toString() },
    });
    if (outcome.kind !== 'applied') return this.finish(document.uri, outcome.kind);
    this.origins.set(document.uri, outcome.persona);
    this.store.setBase(id, outcome.persona);
    return this.finish(document.uri, outcome.changed ? 'applied' : 'unchanged');
  }

  /** Schema errors and warnings the persona would still have, for the preview to list above the ops. */
  private remainingProblems(text: string, origin: Persona | undefined): string[] {
    return schemaProblems(text, { base: origin, references: this.references.peek })
      .filter((problem) => problem.severity !== 'information')
      .map((problem) => `${problem.pointer || '(the persona)'}: ${problem.message}`);
  }

  /** After a reload the origin comes from its record; undefined sends the save to the conflict flow. */
  private async restoredOrigin(uri: vscode.Uri, id: string, edited: Persona): Promise<Persona | undefined> {
    return this.origins.restore(uri, await this.store.fetch(id), edited);
  }

  private refuseInvalid(uri: vscode.Uri, problems: TextProblem[], mark = true): boolean {
    if (mark) this.diagnostics.set(uri, problems.map(toDiagnostic));
    void this.notifier.error(
      `Not saved: the document is not valid JSON (${formatFirstProblem(problems)}). Your text is unchanged.`,
    );
    return this.finish(uri, 'invalid');
  }

  /** True when the outcome leaves Tavus holding the document's text. */
  /** The persona was deleted from here: the text is kept, and can become a new persona. */
  private refuseDeleted(document: vscode.TextDocument): boolean {
    const action = 'Create as New Persona';
    void this.notifier
      .error(`Not saved: this persona was deleted from Tavus. Your text is unchanged.`, action)
      .then(async (choice) => {
        if (choice === action) await vscode.commands.executeCommand('tavus.newPersona', document.uri);
      });
    return this.finish(document.uri, 'deleted');
  }

  private refuseServerOwned(document: vscode.TextDocument, origin: Persona, pointers: string[]): boolean {
    const action = pointers.length === 1 ? 'Revert Field and Save' : 'Revert Fields and Save';
    const fields = `${pointers.join(', ')} ${pointers.length === 1 ? 'is' : 'are'}`;
    void this.notifier
      .error(`Not saved: ${fields} set by Tavus and cannot be changed. Your text is unchanged.`, action)
      .then(async (choice) => {
        if (choice === action && (await revertFields(document.uri, origin, pointers))) await this.save(document);
      });
    return this.finish(document.uri, 'serverOwned');
  }
}

function toDiagnostic(problem: TextProblem): vscode.Diagnostic {
  const start = new vscode.Position(problem.line, problem.column);
  const range = new vscode.Range(start, start.translate(0, Math.max(1, problem.length)));
  const diagnostic = new vscode.Diagnostic(range, problem.message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'Tavus';
  return diagnostic;
}
