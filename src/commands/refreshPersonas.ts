import * as vscode from 'vscode';
import type { Services } from '../services';

export function registerRefreshPersonas({ catalog }: Services): vscode.Disposable {
  return vscode.commands.registerCommand('tavus.refreshPersonas', () =>
    vscode.window.withProgress({ location: { viewId: 'tavus.personas' } }, () => catalog.refresh()),
  );
}
