import type { Services } from '../../services';
import { copyConversationUrl } from './copyConversationUrl';
import { endAllActiveConversations } from './endAllActiveConversations';
import { endConversation } from './endConversation';
import { openConversation } from './openConversation';
import { refreshConversations } from './refreshConversations';
import { startTestConversation } from './startTestConversation';
import { startTestConversationWithOptions } from './startTestConversationWithOptions';
import { validateWithTestMode } from './validateWithTestMode';

/** The conversation commands, id → the factory of its handler: the shape of a command table's rows. */
export const CONVERSATION_COMMANDS = {
  'tavus.startTestConversation': startTestConversation,
  'tavus.startTestConversationWithOptions': startTestConversationWithOptions,
  'tavus.validateWithTestMode': validateWithTestMode,
  'tavus.endConversation': endConversation,
  'tavus.endAllActiveConversations': endAllActiveConversations,
  'tavus.openConversation': openConversation,
  'tavus.copyConversationUrl': copyConversationUrl,
  'tavus.refreshConversations': refreshConversations,
} satisfies Record<string, (services: Services) => (...args: unknown[]) => unknown>;
