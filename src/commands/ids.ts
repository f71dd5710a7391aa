/**
 * Every command the extension registers. package.json must contribute exactly these
 * (test/unit/manifest.test.ts), and COMMANDS in ./index.ts must have a handler for each (the compiler checks).
 * This file imports nothing from 'vscode' at run time, so the unit test can read it.
 */
export const COMMAND_IDS = [
  'tavus.refreshPersonas',
  'tavus.cancelLoading',
  'tavus.filterPersonas',
  'tavus.clearPersonaFilter',
  'tavus.openPersona',
  'tavus.openPersonaById',
  'tavus.copyPersonaId',
  'tavus.setApiKey',
  'tavus.clearApiKey',
  'tavus.switchConnection',
  'tavus.addConnection',
  'tavus.removeConnection',
  'tavus.showLog',
  'tavus.previewChanges',
  'tavus.savePersona',
  'tavus.applyReviewedChanges',
  'tavus.cancelReviewedChanges',
  'tavus.revertToServerVersion',
  'tavus.compareWithServerVersion',
  'tavus.newPatchFile',
  'tavus.applyPatchFile',
  'tavus.changePatchTarget',
  'tavus.refreshPatchTarget',
  'tavus.copyJsonPointer',
  'tavus.refreshReferenceLists',
  'tavus.startTestConversation',
  'tavus.startTestConversationWithOptions',
  'tavus.validateWithTestMode',
  'tavus.endConversation',
  'tavus.endAllActiveConversations',
  'tavus.openConversation',
  'tavus.copyConversationUrl',
  'tavus.refreshConversations',
  'tavus.showPushHistory',
  'tavus.showHistoryForPersona',
  'tavus.revertLastChange',
  'tavus.clearPushHistory',
  'tavus.filterPushHistory',
  'tavus.clearPushHistoryFilter',
  'tavus.revertHistoryEntry',
  'tavus.copyHistoryEntryAsPatch',
  'tavus.openHistoryPersona',
  'tavus.showHistoryEntryChange',
  'tavus.newPersona',
  'tavus.duplicatePersona',
  'tavus.deletePersona',
  'tavus.createPersonaFromDraft',
  'tavus.editFieldAsText',
  'tavus.saveFieldToTavus',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** Gets the arguments VS Code passes (a tree node, a document URI) or nothing from the palette. */
export type CommandHandler = (...args: unknown[]) => unknown;
