import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { registerClearApiKey } from './clearApiKey';
import { registerChangePatchTarget } from './changePatchTarget';
import { registerClearPersonaFilter } from './clearPersonaFilter';
import { registerCompareWithServerVersion } from './compareWithServerVersion';
import { registerCopyJsonPointer } from './copyJsonPointer';
import { registerCopyPersonaId } from './copyPersonaId';
import { registerFilterPersonas } from './filterPersonas';
import { registerNewPatchFile } from './newPatchFile';
import { registerOpenPersona } from './openPersona';
import { registerOpenPersonaById } from './openPersonaById';
import { registerPreviewChanges } from './previewChanges';
import { registerRefreshPersonas } from './refreshPersonas';
import { registerRevertToServerVersion } from './revertToServerVersion';
import { registerSetApiKey } from './setApiKey';
import { registerShowLog } from './showLog';
import { registerCopyConversationUrl } from '../conversations/commands/copyConversationUrl';
import { registerEndAllActiveConversations } from '../conversations/commands/endAllActiveConversations';
import { registerEndConversation } from '../conversations/commands/endConversation';
import { registerOpenConversation } from '../conversations/commands/openConversation';
import { registerRefreshConversations } from '../conversations/commands/refreshConversations';
import { registerStartTestConversation } from '../conversations/commands/startTestConversation';
import { registerStartTestConversationWithOptions } from '../conversations/commands/startTestConversationWithOptions';
import { registerValidateWithTestMode } from '../conversations/commands/validateWithTestMode';

export function registerCommands(context: vscode.ExtensionContext, services: ExtensionServices): void {
  const factories = [
    registerRefreshPersonas,
    registerFilterPersonas,
    registerClearPersonaFilter,
    registerOpenPersona,
    registerOpenPersonaById,
    registerCopyPersonaId,
    registerSetApiKey,
    registerClearApiKey,
    registerShowLog,
    registerPreviewChanges,
    registerRevertToServerVersion,
    registerCompareWithServerVersion,
    registerNewPatchFile,
    registerChangePatchTarget,
    registerCopyJsonPointer,
    registerStartTestConversation,
    registerStartTestConversationWithOptions,
    registerValidateWithTestMode,
    registerEndConversation,
    registerEndAllActiveConversations,
    registerOpenConversation,
    registerCopyConversationUrl,
    registerRefreshConversations,
  ];
  context.subscriptions.push(...factories.map((register) => register(services)));
}
