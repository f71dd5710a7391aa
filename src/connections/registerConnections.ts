import * as vscode from 'vscode';
import type { Services } from '../services';

/**
 * Shows the active connection where the user looks: a status bar item (click to switch) and the
 * Personas view's title. Both only once there is more than one connection to tell apart.
 */
export function registerConnections(context: vscode.ExtensionContext, { connections, config, tree }: Services): void {
  const item = vscode.window.createStatusBarItem('tavus.connection', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Tavus Connection';
  item.command = 'tavus.switchConnection';
  const show = () => {
    const { name, baseUrl } = connections.active;
    const several = connections.list().length > 1;
    item.text = `$(plug) Tavus: ${name}`;
    item.tooltip = `Tavus connection "${name}" (${baseUrl}). Click to switch.`;
    if (several) item.show();
    else item.hide();
    const title = several ? `Personas (${name})` : 'Personas';
    if (tree.view && tree.view.title !== title) tree.view.title = title;
  };
  show();
  context.subscriptions.push(
    item,
    connections.onDidSwitch(show),
    config.onDidChange((change) => (change.affects('connections') || change.affects('apiBaseUrl')) && show()),
  );
}
