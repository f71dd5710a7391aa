import * as vscode from 'vscode';
import type { ConversationLimits } from '../core/conversations';

export interface ConversationSettings {
  limits: ConversationLimits;
  /** Ask before the first start in a session, since a conversation bills from creation. */
  confirmCost: boolean;
  endOnExit: boolean;
}

export function readConversationSettings(): ConversationSettings {
  const config = vscode.workspace.getConfiguration('tavus.conversation');
  return {
    limits: {
      maxCallDurationSeconds: config.get<number>('maxCallDurationSeconds', 300),
      participantLeftTimeoutSeconds: config.get<number>('participantLeftTimeoutSeconds', 10),
      participantAbsentTimeoutSeconds: config.get<number>('participantAbsentTimeoutSeconds', 120),
    },
    confirmCost: config.get<boolean>('confirmCost', true),
    endOnExit: config.get<boolean>('endOnExit', true),
  };
}
