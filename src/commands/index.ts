import * as vscode from 'vscode';
import { CONVERSATION_COMMANDS } from '../conversations/commands';
import { FIELD_COMMANDS } from '../fields/commands';
import { HISTORY_COMMANDS } from '../history/commands';
import { applyPatchFile } from './applyPatchFile';
import { changePatchTarget } from './changePatchTarget';
import { clearApiKey } from './clearApiKey';
import { clearPersonaFilter } from './clearPersonaFilter';
import { compareWithServerVersion } from './compareWithServerVersion';
import { copyJsonPointer } from './copyJsonPointer';
import { copyPersonaId } from './copyPersonaId';
import { filterPersonas } from './filterPersonas';
import { COMMAND_IDS, type CommandHandler, type CommandId, type CommandServices } from './ids';
import { newPatchFile } from './newPatchFile';
import { openPersona } from './openPersona';
import { openPersonaById } from './openPersonaById';
import { previewChanges } from './previewChanges';
import { refreshPatchTarget } from './refreshPatchTarget';
import { refreshReferenceLists } from './refreshReferenceLists';
import { cancelLoading, refreshPersonas } from './refreshPersonas';
import { applyReviewedChanges, cancelReviewedChanges } from './reviewDecision';
import { revertToServerVersion } from './revertToServerVersion';
import { savePersona } from './savePersona';
import { setApiKey } from './setApiKey';
import { showLog } from './showLog';

/** The command table: one line per command, id → the factory of its handler. */
const COMMANDS: Record<CommandId, (services: CommandServices) => CommandHandler> = {
  'tavus.refreshPersonas': refreshPersonas,
  'tavus.cancelLoading': cancelLoading,
  'tavus.filterPersonas': filterPersonas,
  'tavus.clearPersonaFilter': clearPersonaFilter,
  'tavus.openPersona': openPersona,
  'tavus.openPersonaById': openPersonaById,
  'tavus.copyPersonaId': copyPersonaId,
  'tavus.setApiKey': setApiKey,
  'tavus.clearApiKey': clearApiKey,
  'tavus.showLog': showLog,
  'tavus.previewChanges': previewChanges,
  'tavus.savePersona': savePersona,
  'tavus.applyReviewedChanges': applyReviewedChanges,
  'tavus.cancelReviewedChanges': cancelReviewedChanges,
  'tavus.revertToServerVersion': revertToServerVersion,
  'tavus.compareWithServerVersion': compareWithServerVersion,
  'tavus.newPatchFile': newPatchFile,
  'tavus.applyPatchFile': applyPatchFile,
  'tavus.changePatchTarget': changePatchTarget,
  'tavus.refreshPatchTarget': refreshPatchTarget,
  'tavus.copyJsonPointer': copyJsonPointer,
  'tavus.refreshReferenceLists': refreshReferenceLists,
  ...CONVERSATION_COMMANDS,
  ...HISTORY_COMMANDS,
  ...FIELD_COMMANDS,
};

/** Registers every command of the table, in one loop. */
export function registerCommands(context: vscode.ExtensionContext, services: CommandServices): void {
  for (const id of COMMAND_IDS) context.subscriptions.push(vscode.commands.registerCommand(id, COMMANDS[id](services)));
}
