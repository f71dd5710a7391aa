import * as vscode from 'vscode';
import { patchFileTextValues, personaTextFields } from '../core/fieldLenses';
import { isPatchDocument } from '../patches/patchDocuments';
import { isPersonaUri } from '../personas/uri';

export const EDIT_AS_TEXT = 'Edit as text';

/** A lens before its command: VS Code resolves only the ones in view, and a 5 MB persona has 12,000. */
class FieldLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly uri: vscode.Uri,
    readonly pointer: string,
  ) {
    super(range);
  }
}

/**
 * "Edit as text" above the prompt fields and long strings of persona documents, and above patch
 * files' long values. VS Code asks again after every edit pause (and when an editor of the document
 * is shown again), so a version's lenses are kept until the document changes.
 */
export class FieldCodeLenses implements vscode.CodeLensProvider<FieldLens>, vscode.Disposable {
  private readonly computed = new Map<string, { version: number; lenses: FieldLens[] }>();
  private readonly subscription = vscode.workspace.onDidCloseTextDocument((document) =>
    this.computed.delete(document.uri.toString()),
  );

  provideCodeLenses(document: vscode.TextDocument): FieldLens[] {
    const key = document.uri.toString();
    const cached = this.computed.get(key);
    if (cached?.version === document.version) return cached.lenses;
    const spots = isPersonaUri(document.uri)
      ? personaTextFields(document.getText())
      : isPatchDocument(document)
        ? patchFileTextValues(document.getText())
        : [];
    const lenses = spots.map(({ pointer, offset }) => {
      const position = document.positionAt(offset);
      return new FieldLens(new vscode.Range(position, position), document.uri, pointer);
    });
    this.computed.set(key, { version: document.version, lenses });
    return lenses;
  }

  resolveCodeLens(lens: FieldLens): FieldLens {
    lens.command = {
      title: EDIT_AS_TEXT,
      command: 'tavus.editFieldAsText',
      arguments: [lens.uri, lens.pointer],
      tooltip: `Open ${lens.pointer} as a text document`,
    };
    return lens;
  }

  dispose(): void {
    this.subscription.dispose();
    this.computed.clear();
  }
}
