import * as vscode from 'vscode';
import { editsField, fieldPreviewTexts, fieldTextIn, planFieldSave } from '../core/fieldText';
import type { PatchOp, Persona } from '../core/json';
import { parseJsonObjectText } from '../core/parseJsonText';
import { formatPersona } from '../core/personaDocument';
import { personaLabel } from '../core/personaRules';
import type { TavusLog } from '../log/tavusLog';
import type { PersonaCatalog } from '../personas/catalog';
import type { DocumentOrigins } from '../personas/origins';
import type { PersonaStore } from '../personas/store';
import { isPersonaUri, personaIdFromUri } from '../personas/uri';
import type { PersonaDocumentSync } from '../save/documentSync';
import { DocumentSaver, type SaveEventOf } from '../save/documentSaver';
import type { PatchTransaction, WriteAction } from '../transaction/patchTransaction';
import type { Notifier } from '../ui/notifier';
import { fieldLocationOf } from './fieldUri';
import { refusedForOtherConnection, type ActiveConnection } from '../connections/guard';

export type FieldSaveOutcome =
  | 'applied'
  | 'unchanged'
  | 'noChanges'
  | 'cancelled'
  | 'conflict'
  | 'failed'
  | 'refused'
  | 'stock'
  | 'editedInPersonaDocument'
  | 'otherConnection'
  | 'autoSaveSkipped';

/** How one field save ended; a test seam, as PersonaSaver's SaveEvent is. */
export type FieldSaveEvent = SaveEventOf<FieldSaveOutcome>;

const SAVE_FIELD: WriteAction = { done: 'Saved', doing: 'Saving', kept: 'Your text is unchanged.' };
const COMPARE = 'Compare';

/**
 * Saving a persona's field document: one `replace` of its pointer, planned against the
 * document's origin and sent through the patch transaction (preview, freshness, merge or
 * conflict, guard, verification, errors), exactly as a persona document's save.
 */
export class FieldSaver extends DocumentSaver<FieldSaveOutcome> {
  constructor(
    private readonly store: PersonaStore,
    private readonly catalog: PersonaCatalog,
    private readonly origins: DocumentOrigins,
    private readonly transaction: PatchTransaction,
    sync: PersonaDocumentSync,
    private readonly notifier: Notifier,
    log: TavusLog,
    private readonly connections: ActiveConnection,
  ) {
    super(sync, log, 'field');
  }

  /** Sends `text` as the field's new value; true when Tavus now holds it (or nothing needed sending). */
  override async send(document: vscode.TextDocument, text: string): Promise<boolean> {
    const { uri } = document;
    const location = fieldLocationOf(uri);
    if (location?.owner.kind !== 'persona') return false;
    if (refusedForOtherConnection(uri, this.connections, this.notifier)) return this.finish(uri, 'otherConnection');
    const { id } = location.owner;
    const { pointer } = location;
    if (await this.catalog.isStock(id)) {
      void this.notifier.error('Tavus stock personas cannot be edited. Your text is unchanged.');
      return this.finish(uri, 'stock');
    }
    const origin = this.origins.get(uri) ?? (await this.restoredOrigin(uri, id, pointer, text));
    if (origin === undefined) return this.sendWithoutOrigin(document, id, pointer, text);
    const plan = planFieldSave(origin, pointer, text);
    if (plan.kind === 'refused') {
      void this.notifier.error(`Not saved: ${plan.message}. Your text is unchanged.`);
      return this.finish(uri, 'refused');
    }
    if (plan.kind === 'noChanges') {
      this.notifier.status('No changes to send.');
      return this.finish(uri, 'noChanges');
    }
    if (this.editedInPersonaDocument(document, id, pointer)) return this.finish(uri, 'editedInPersonaDocument');
    return this.writeToTavus(document, id, pointer, origin, plan.edited, plan.ops);
  }

  /** After a reload whose origin could not be established: the transaction's conflict flow decides, against Tavus's copy. */
  private async sendWithoutOrigin(document: vscode.TextDocument, id: string, pointer: string, text: string): Promise<boolean> {
    const current = await this.store.fetch(id);
    const plan = planFieldSave(current, pointer, text);
    const edited = plan.kind === 'changes' ? plan.edited : current;
    return this.writeToTavus(document, id, pointer, undefined, edited, undefined);
  }

  private async writeToTavus(
    document: vscode.TextDocument,
    id: string,
    pointer: string,
    origin: Persona | undefined,
    edited: Persona,
    ops: PatchOp[] | undefined,
  ): Promise<boolean> {
    const outcome = await this.transaction.run({
      id,
      label: `${personaLabel(origin ?? edited)} — ${pointer}`,
      action: SAVE_FIELD,
      origin,
      edited,
      ops,
      yours: formatPersona(edited),
      retry: () => this.save(document),
      source: { kind: 'fieldSave', name: document.uri.toString() },
      previewTexts: (base, proposed) => fieldPreviewTexts(base, proposed, pointer),
    });
    if (outcome.kind !== 'applied') return this.finish(document.uri, outcome.kind);
    this.origins.set(document.uri, outcome.persona);
    this.store.setBase(id, outcome.persona);
    return this.finish(document.uri, outcome.changed ? 'applied' : 'unchanged');
  }

  /**
   * A persona document with unsaved edits to the same field would silently diverge from what this
   * save sends; its edits to other fields are no concern (it keeps its own origin, and its save merges).
   */
  private editedInPersonaDocument(document: vscode.TextDocument, id: string, pointer: string): boolean {
    const rival = vscode.workspace.textDocuments.find((other) => {
      if (!isPersonaUri(other.uri) || personaIdFromUri(other.uri) !== id || !other.isDirty) return false;
      const origin = this.origins.get(other.uri);
      const parsed = parseJsonObjectText(other.getText());
      return origin !== undefined && parsed.ok && editsField(origin, parsed.value, pointer);
    });
    if (!rival) return false;
    const name = rival.uri.path.split('/').pop() ?? rival.uri.toString();
    void this.notifier
      .warning(
        `Not saved: "${name}" has unsaved changes to ${pointer} too. Save or revert one of them first. Your text is unchanged.`,
        COMPARE,
      )
      .then(async (choice) => {
        if (choice !== COMPARE) return;
        const parsed = parseJsonObjectText(rival.getText());
        const theirs = parsed.ok ? fieldTextIn(parsed.value, pointer) : rival.getText();
        await this.transaction.prompts.showDiff(`${pointer}: persona document ↔ field document`, theirs, document.uri);
      });
    return true;
  }

  private async restoredOrigin(uri: vscode.Uri, id: string, pointer: string, text: string): Promise<Persona | undefined> {
    const current = await this.store.fetch(id);
    const plan = planFieldSave(current, pointer, text);
    return this.origins.restore(uri, current, plan.kind === 'changes' ? plan.edited : current);
  }
}
