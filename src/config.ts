import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from './tavus/baseUrl';

export interface TavusSettings {
  apiBaseUrl: string;
  pageSize: number;
  requestTimeoutMs: number;
}

export function readSettings(): TavusSettings {
  const config = vscode.workspace.getConfiguration('tavus');
  return {
    apiBaseUrl: config.get<string>('apiBaseUrl', DEFAULT_BASE_URL),
    pageSize: config.get<number>('pageSize', 100),
    requestTimeoutMs: config.get<number>('requestTimeoutSeconds', 30) * 1000,
  };
}

export function affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('tavus.apiBaseUrl') || event.affectsConfiguration('tavus.pageSize');
}
