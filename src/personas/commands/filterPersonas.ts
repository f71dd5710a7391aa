import * as vscode from 'vscode';
import type { Services } from '../../services';
import type { CommandHandler } from '../../commands/ids';

/** The tree follows what is typed; Escape puts the previous filter back. */
export function filterPersonas({ tree }: Services): CommandHandler {
  return () =>
    new Promise<void>((resolve) => {
      const previous = tree.filter;
      const input = vscode.window.createInputBox();
      input.title = 'Filter Personas';
      input.prompt = 'Show personas whose name or id contains this text (leave empty to show all)';
      input.value = previous;
      let accepted = false;
      input.onDidChangeValue((text) => tree.setFilter(text));
      input.onDidAccept(() => {
        accepted = true;
        input.hide();
      });
      input.onDidHide(() => {
        if (!accepted) tree.setFilter(previous);
        input.dispose();
        resolve();
      });
      input.show();
    });
}
