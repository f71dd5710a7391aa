import { format } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { DocumentOrigins } from './origins';
import { isPersonaUri, PERSONA_DOCUMENT_SELECTOR } from './uri';

/**
 * Persona documents have their own language (`tavus-persona`, see package.json: JSON's grammar,
 * auto-save off), which JSON's formatter does not serve. A closed document's origin goes, but not
 * when the close is only VS Code re-opening it in another language the user picked.
 */
export function registerPersonaDocuments(context: vscode.ExtensionContext, origins: DocumentOrigins): void {
  context.subscriptions.push(
    vscode.languages.registerDocumentFormattingEditProvider(PERSONA_DOCUMENT_SELECTOR, {
      provideDocumentFormattingEdits: formatPersonaText,
    }),
    forgetOriginsOnClose(origins, isPersonaUri),
  );
}

/** Forgets the origin of a closed document of a kind that has one (persona and field documents). */
export function forgetOriginsOnClose(origins: DocumentOrigins, hasOrigin: (uri: vscode.Uri) => boolean): vscode.Disposable {
  return vscode.workspace.onDidCloseTextDocument((document) => {
    if (!hasOrigin(document.uri)) return;
    setTimeout(() => {
      if (!vscode.workspace.textDocuments.some((open) => open.uri.toString() === document.uri.toString())) {
        origins.forget(document.uri);
      }
    }, 0);
  });
}

/** JSON's formatter serves only the json languages; persona documents keep formatting with jsonc-parser's. */
function formatPersonaText(document: vscode.TextDocument, options: vscode.FormattingOptions): vscode.TextEdit[] {
  const edits = format(document.getText(), undefined, { tabSize: options.tabSize, insertSpaces: options.insertSpaces });
  return edits.map(
    (edit) =>
      new vscode.TextEdit(
        new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)),
        edit.content,
      ),
  );
}
