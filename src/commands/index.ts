import * as vscode from 'vscode';
import { CONNECTION_COMMANDS } from '../connections/commands';
import { CONVERSATION_COMMANDS } from '../conversations/commands';
import { FIELD_COMMANDS } from '../fields/commands';
import { HISTORY_COMMANDS } from '../history/commands';
import { LIFECYCLE_COMMANDS } from '../lifecycle/commands';
import { PERSONA_FILE_COMMANDS } from '../personaFiles/commands';
import { applyPatchFile } from '../patches/commands/applyPatchFile';
import { changePatchTarget } from '../patches/commands/changePatchTarget';
import { clearApiKey } from '../auth/commands/clearApiKey';
import { clearPersonaFilter } from '../personas/commands/clearPersonaFilter';
import { compareWithServerVersion } from '../save/commands/compareWithServerVersion';
import { copyJsonPointer } from '../personas/commands/copyJsonPointer';
import { copyPersonaId } from '../personas/commands/copyPersonaId';
import { filterPersonas } from '../personas/commands/filterPersonas';
import { COMMAND_IDS, type CommandHandler, type CommandId } from './ids';
import { newPatchFile } from '../patches/commands/newPatchFile';
import { openPersona } from '../personas/commands/openPersona';
import { openPersonaById } from '../personas/commands/openPersonaById';
import { previewChanges } from '../save/commands/previewChanges';
import { refreshPatchTarget } from '../patches/commands/refreshPatchTarget';
import { refreshReferenceLists } from '../personas/commands/refreshReferenceLists';
import { cancelLoading, refreshPersonas } from '../personas/commands/refreshPersonas';
import { applyReviewedChanges, cancelReviewedChanges } from '../transaction/commands/reviewDecision';
import { revertToServerVersion } from '../save/commands/revertToServerVersion';
import { savePersona } from '../save/commands/savePersona';
import { setApiKey } from '../auth/commands/setApiKey';
import { showLog } from '../log/commands/showLog';
import type { Services } from '../services';

/** The command table: one line per command, id → the factory of its handler. */
const COMMANDS: Record<CommandId, (services: Services) => CommandHandler> = {
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
  ...CONNECTION_COMMANDS,
  ...CONVERSATION_COMMANDS,
  ...HISTORY_COMMANDS,
  ...LIFECYCLE_COMMANDS,
  ...FIELD_COMMANDS,
  ...PERSONA_FILE_COMMANDS,
};

/** Registers every command of the table, in one loop. */
export function registerCommands(context: vscode.ExtensionContext, services: Services): void {
  for (const id of COMMAND_IDS) context.subscriptions.push(vscode.commands.registerCommand(id, COMMANDS[id](services)));
}
