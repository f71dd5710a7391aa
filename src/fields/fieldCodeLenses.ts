import * as vscode from 'vscode';
import { patchFileTextValues, personaTextFields, type TextFieldSpot } from '../core/fieldLenses';
import { isPatchDocument } from '../patches/patchDocuments';
import { isPersonaUri } from '../personas/uri';

export const EDIT_AS_TEXT = 'Edit as text';

/** "Edit as text" above the prompt fields and long strings of persona documents, and above patch files' long values. */
export class FieldCodeLenses implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const spots = isPersonaUri(document.uri)
      ? personaTextFields(document.getText())
      : isPatchDocument(document)
        ? patchFileTextValues(document.getText())
        : [];
    return spots.map((spot) => lensFor(document, spot));
  }
}

function lensFor(document: vscode.TextDocument, { pointer, offset }: TextFieldSpot): vscode.CodeLens {
  const position = document.positionAt(offset);
  return new vscode.CodeLens(new vscode.Range(position, position), {
    title: EDIT_AS_TEXT,
    command: 'tavus.editFieldAsText',
    arguments: [document.uri, pointer],
    tooltip: `Open ${pointer} as a text document`,
  });
}
