import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CommandHandler } from './ids';

export function refreshPersonas({ catalog }: Services): CommandHandler {
  return () => vscode.window.withProgress({ location: { viewId: 'tavus.personas' } }, () => catalog.refresh());
}
