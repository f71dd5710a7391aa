import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import { createBodyFrom, type PersonaBackup } from '../core/personaLifecycle';
import { personaId, personaLabel } from '../core/personaRules';
import { isPersonaUri, personaIdFromUri } from '../personas/uri';
import type { PersonaDocumentSync } from '../save/documentSync';
import type { LifecycleNeeds } from './creator';
import type { PatchTransaction, WriteAction, WriteOutcome } from '../transaction/patchTransaction';
import type { PersonaBackups } from './backups';
import type { CreateResult, PersonaCreator } from './creator';

const DELETE: WriteAction = { done: 'Deleted', doing: 'Deleting', kept: 'The persona is still on Tavus.' };
const RESTORE = 'Restore';

export interface DeleteReport {
  deleted: string[];
  gone: string[];
  refused: string[];
  /** The backups written for the personas deleted, for Restore. */
  backups: PersonaBackup[];
  outcomes: WriteOutcome[];
}

/**
 * Deleting personas: stock ones are refused, the rest are named in one modal (Delete), backed up
 * (secret fields removed) right before each DELETE, dropped from the tree in place, and their
 * clean editors closed; dirty ones stay, marked deleted. The report offers Restore.
 */
export class PersonaDeleter implements vscode.Disposable {
  private readonly noticesChanged = new vscode.EventEmitter<void>();
  /** Fires when documents became (or stopped being) those of a deleted persona. */
  readonly onDidChangeDeleted = this.noticesChanged.event;

  constructor(
    private readonly services: LifecycleNeeds,
    private readonly transaction: PatchTransaction,
    private readonly backups: PersonaBackups,
    private readonly creator: PersonaCreator,
    private readonly sync: PersonaDocumentSync,
  ) {}

  async deletePersonas(personas: readonly Persona[]): Promise<DeleteReport> {
    const report: DeleteReport = { deleted: [], gone: [], refused: [], backups: [], outcomes: [] };
    const deletable = await this.withoutStock(personas, report);
    if (deletable.length === 0) return report;
    const full = await Promise.all(deletable.map((p) => this.services.store.fetch(personaId(p)!).catch(() => p)));
    report.outcomes = await this.transaction.runDeletes(
      full.map((persona) => {
        const id = personaId(persona)!;
        const label = personaLabel(persona);
        return {
          kind: 'delete',
          id,
          label,
          action: DELETE,
          origin: persona,
          edited: {},
          yours: '',
          retry: () => this.deletePersonas([persona]),
          source: { kind: 'delete', name: `${label} (${id})` },
          beforeSend: async () => void report.backups.push((await this.backups.write(persona)).backup),
        };
      }),
    );
    report.outcomes.forEach((outcome, index) => {
      const id = personaId(full[index]!)!;
      if (outcome.kind === 'applied') report.deleted.push(id);
      if (outcome.kind === 'failed' && outcome.gone) report.gone.push(id);
    });
    await this.afterDeletes(report);
    return report;
  }

  /** Creates each backed-up persona again (a new id, same content) through the create flow. */
  async restore(backups: readonly PersonaBackup[]): Promise<CreateResult[]> {
    const results: CreateResult[] = [];
    for (const backup of backups) {
      const { body } = createBodyFrom(backup.persona);
      const name = `backup of ${backup.personaName} (${backup.personaId}) from ${backup.deletedAt}`;
      results.push(await this.creator.createBody(body, { kind: 'restore', name }));
    }
    return results;
  }

  dispose(): void {
    this.noticesChanged.dispose();
  }

  private async withoutStock(personas: readonly Persona[], report: DeleteReport): Promise<Persona[]> {
    const deletable: Persona[] = [];
    for (const persona of personas) {
      const id = personaId(persona);
      if (id === undefined) continue;
      if (await this.services.catalog.isStock(id)) report.refused.push(id);
      else deletable.push(persona);
    }
    if (report.refused.length > 0) {
      const names = personas
        .filter((p) => report.refused.includes(personaId(p)!))
        .map((p) => `"${personaLabel(p)}" (${personaId(p)})`);
      void this.services.notifier.warning(
        `Tavus stock personas cannot be deleted: ${names.join(', ')}. Duplicate one to get a copy of your own.`,
      );
    }
    return deletable;
  }

  private async afterDeletes(report: DeleteReport): Promise<void> {
    const { catalog, store, notifier } = this.services;
    const removed = [...report.deleted, ...report.gone];
    if (removed.length === 0) return;
    for (const id of removed) store.markDeleted(id);
    catalog.remove(new Set(removed));
    if (report.gone.length > 0) void catalog.refresh();
    await this.closeCleanEditors(new Set(removed));
    this.noticesChanged.fire();
    if (report.deleted.length === 0) return;
    const names = report.backups.map((b) => `"${b.personaName}" (${b.personaId})`);
    const message = `Deleted ${names.join(', ')} from Tavus. A backup without secret fields is kept.`;
    const backups = report.backups.filter((b) => report.deleted.includes(b.personaId));
    void notifier.info(message, RESTORE).then(async (choice) => {
      if (choice === RESTORE) await this.restore(backups);
    });
  }

  private async closeCleanEditors(ids: ReadonlySet<string>): Promise<void> {
    // The read before the delete may have started a document sync, which makes the tab dirty while
    // it replaces the text; judge each tab once that is done.
    const ours = (tab: vscode.Tab) =>
      tab.input instanceof vscode.TabInputText && isPersonaUri(tab.input.uri) && ids.has(personaIdFromUri(tab.input.uri));
    const pending = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter(ours);
    await Promise.all(pending.map((tab) => this.sync.settled((tab.input as vscode.TabInputText).uri)));
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    const clean = tabs.filter((tab) => ours(tab) && !tab.isDirty);
    if (clean.length > 0) await vscode.window.tabGroups.close(clean);
  }
}
