import * as vscode from 'vscode';
import { describeSecretNotes } from '../core/personaLifecycle';
import { isPersonaUri, PERSONA_SCHEME, personaIdFromUri } from '../personas/uri';
import { DRAFT_SCHEME, type DraftFileSystem } from './drafts';

export const DRAFT_NOTICE = '$(cloud-upload) Draft: not yet on Tavus. Create Persona on Tavus (Ctrl+S) sends it';
export const DELETED_NOTICE = '$(trash) Deleted from Tavus: your text is kept here; Save offers to create it as a new persona';

/**
 * The first lines of a draft say it is not on Tavus yet, and name the secret fields that came
 * back masked or empty; a persona document whose persona was deleted says so. As with stock
 * personas, a CodeLens stays as long as the tab, where a notification would be gone.
 */
export function registerLifecycleNotices(
  context: vscode.ExtensionContext,
  drafts: DraftFileSystem,
  isDeleted: (id: string) => boolean,
  onDidChangeDeleted: vscode.Event<void>,
): void {
  const top = new vscode.Range(0, 0, 0, 0);
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: onDidChangeDeleted,
    provideCodeLenses(document) {
      if (isPersonaUri(document.uri) && isDeleted(personaIdFromUri(document.uri))) {
        return [new vscode.CodeLens(top, { title: DELETED_NOTICE, command: '' })];
      }
      const draft = drafts.get(document.uri);
      if (!draft) return [];
      return [
        new vscode.CodeLens(top, { title: DRAFT_NOTICE, command: 'tavus.createPersonaFromDraft', arguments: [document.uri] }),
        ...describeSecretNotes(draft.secrets).map(
          (line) => new vscode.CodeLens(top, { title: `$(warning) ${line}`, command: '' }),
        ),
      ];
    },
  };
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider([{ scheme: DRAFT_SCHEME }, { scheme: PERSONA_SCHEME }], provider),
  );
}
