import * as vscode from 'vscode';
import { pointerAtOffset } from '../../core/pointerAtOffset';
import { isPersonaUri } from '../uri';
import type { Services } from '../../services';
import type { CommandHandler } from '../../commands/ids';

export function copyJsonPointer({ notifier }: Services): CommandHandler {
  return async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isPersonaUri(editor.document.uri)) return undefined;
    const pointer = pointerAtOffset(editor.document.getText(), editor.document.offsetAt(editor.selection.active));
    if (pointer === undefined) return undefined;
    await vscode.env.clipboard.writeText(pointer);
    notifier.status(`Copied ${pointer || '(the whole document)'}`);
    return pointer;
  };
}
