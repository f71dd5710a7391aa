import * as vscode from 'vscode';
import { applyEdits, modify } from 'jsonc-parser';
import type { Persona } from '../core/json';
import { getAtPointer, parsePointer } from '../core/pointer';
import { replaceAllText } from './replaceText';

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
