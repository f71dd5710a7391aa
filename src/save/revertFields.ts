import * as vscode from 'vscode';
import { applyEdits, modify } from 'jsonc-parser';
import type { Persona } from '../core/json';
import { getAtPointer, parsePointer } from '../core/pointer';
import { replaceAllText } from './replaceText';

/** Offers to put the server's values back into fields only Tavus may set. */
export async function offerRevertServerOwnedFields(uri: vscode.Uri, base: Persona, pointers: readonly string[]): Promise<void> {
  const action = pointers.length === 1 ? `Revert ${pointers[0]}` : 'Revert These Fields';
  const choice = await vscode.window.showErrorMessage(
    `${pointers.join(', ')} ${pointers.length === 1 ? 'is' : 'are'} set by Tavus and cannot be changed. Revert to the server's value to save your other edits.`,
    action,
  );
  if (choice === action) await revertFields(uri, base, pointers);
}

export async function revertFields(uri: vscode.Uri, base: Persona, pointers: readonly string[]): Promise<boolean> {
  const document = await vscode.workspace.openTextDocument(uri);
  let text = document.getText();
  for (const pointer of pointers) {
    const original = getAtPointer(base, pointer);
    const edits = modify(text, parsePointer(pointer), original.found ? original.value : undefined, {
      formattingOptions: { insertSpaces: true, tabSize: 2 },
    });
    text = applyEdits(text, edits);
  }
  return replaceAllText(document, text);
}
