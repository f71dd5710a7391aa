import * as vscode from 'vscode';
import { createBodyFrom } from '../core/personaLifecycle';
import { personaLabel } from '../core/personaRules';
import type { HistoryServices } from '../history/createHistory';
import type { RevertResult } from '../history/reverter';
import type { LifecycleNeeds } from './creator';
import type { SaveServices } from '../save/registerSaving';
import { PersonaBackups } from './backups';
import { PersonaCreator } from './creator';
import { PersonaDeleter } from './deleter';
import { DRAFT_SCHEME, DraftFileSystem } from './drafts';
import { registerLifecycleNotices } from './notices';

export interface LifecycleServices {
  drafts: DraftFileSystem;
  creator: PersonaCreator;
  deleter: PersonaDeleter;
  backups: PersonaBackups;
}

/**
 * Creating, duplicating and deleting personas, all through the save's patch transaction. The
 * history reverts a delete by restoring it (a create) and a create by deleting it.
 */
export function createLifecycle(
  context: vscode.ExtensionContext,
  services: LifecycleNeeds,
  save: SaveServices,
  history: HistoryServices,
): LifecycleServices {
  const drafts = new DraftFileSystem();
  const backups = new PersonaBackups(context.globalStorageUri);
  const creator = new PersonaCreator(services, save.transaction, drafts);
  const deleter = new PersonaDeleter(services, save.transaction, backups, creator, save.sync);
  drafts.writer = creator;
  history.reverter.lifecycleRevert = async (entry): Promise<RevertResult> => {
    if (entry.source.kind === 'delete') {
      const name = `revert of the ${entry.time} delete of ${entry.personaName} (${entry.personaId})`;
      const result = await creator.createBody(createBodyFrom(entry.before).body, { kind: 'restore', name, revertOf: entry.id });
      return result.kind === 'created' ? { kind: 'restored', id: result.id } : { kind: 'cancelled' };
    }
    const report = await deleter.deletePersonas([{ ...entry.after, persona_name: personaLabel(entry.after) }]);
    return report.deleted.length > 0 ? { kind: 'deleted', id: entry.personaId } : { kind: 'cancelled' };
  };
  registerLifecycleNotices(context, drafts, (id) => services.store.isDeleted(id), deleter.onDidChangeDeleted);
  context.subscriptions.push(
    drafts,
    creator,
    deleter,
    vscode.workspace.registerFileSystemProvider(DRAFT_SCHEME, drafts, { isCaseSensitive: true }),
  );
  return { drafts, creator, deleter, backups };
}
