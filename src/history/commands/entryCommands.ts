import * as vscode from 'vscode';
import type { CommandHandler } from '../../commands/ids';
import { openNewPatchDocument } from '../../patches/commands/newPatchFile';
import { entryPatchFileText } from '../../core/historyEntry';
import { formatPersona } from '../../core/personaDocument';
import { personaUri } from '../../personas/uri';
import type { Services } from '../../services';
import type { HistoryNode } from '../historyView';
import { entryOf, historyPersonaId, newestEntryOf } from './historyTarget';
import { openEditor } from '../../ui/openEditor';

export function revertHistoryEntry(services: Services): CommandHandler {
  return (arg?: unknown) => {
    const entry = entryOf(arg);
    return entry && services.history.reverter.revert(entry);
  };
}

export function revertLastChange(services: Services): CommandHandler {
  return async (arg?: unknown) => {
    const id = await historyPersonaId(services, arg, 'Select the persona whose last change to revert');
    if (id === undefined) return undefined;
    const entry = await newestEntryOf(services, id);
    if (!entry) {
      void services.notifier.info(`No change to persona ${id} was sent from this editor, so there is nothing to revert.`);
      return undefined;
    }
    return services.history.reverter.revert(entry);
  };
}

export function copyHistoryEntryAsPatch(): CommandHandler {
  return async (arg?: unknown) => {
    const entry = entryOf(arg);
    if (!entry) return undefined;
    const document = await openNewPatchDocument(entry.personaId, entry.personaName, entryPatchFileText(entry));
    await vscode.window.showTextDocument(document);
    return document.uri;
  };
}

export function openHistoryPersona({ connections }: Services): CommandHandler {
  return async (arg?: unknown) => {
    const node = arg as HistoryNode | undefined;
    const target = node?.kind === 'entry' ? node.entry : node?.kind === 'persona' ? node : undefined;
    if (target) {
      await openEditor(personaUri(target.personaId, target.personaName, connections.active.name), { preview: true });
    }
  };
}

/** The persona before and after the entry's write, side by side (secret fields are not stored, so not shown). */
export function showHistoryEntryChange(services: Services): CommandHandler {
  return async (arg?: unknown) => {
    const entry = entryOf(arg);
    if (!entry) return;
    const { previews } = services.save;
    const title = `${entry.personaName} ${entry.time}`;
    const before = previews.create(`${title} (before)`, formatPersona(entry.before));
    const after = previews.create(`${title} (after)`, formatPersona(entry.after));
    await vscode.commands.executeCommand('vscode.diff', before, after, `${entry.personaName}: before ↔ after (${entry.time})`, {
      preview: true,
    });
  };
}
