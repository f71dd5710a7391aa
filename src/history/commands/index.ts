import type { Services } from '../../services';
import {
  copyHistoryEntryAsPatch,
  openHistoryPersona,
  revertHistoryEntry,
  revertLastChange,
  showHistoryEntryChange,
} from './entryCommands';
import {
  clearPushHistory,
  clearPushHistoryFilter,
  filterPushHistory,
  showHistoryForPersona,
  showPushHistory,
} from './viewCommands';

/** The push history's commands, id → the factory of its handler: the shape of a command table's rows. */
export const HISTORY_COMMANDS = {
  'tavus.showPushHistory': showPushHistory,
  'tavus.showHistoryForPersona': showHistoryForPersona,
  'tavus.revertLastChange': revertLastChange,
  'tavus.clearPushHistory': clearPushHistory,
  'tavus.filterPushHistory': filterPushHistory,
  'tavus.clearPushHistoryFilter': clearPushHistoryFilter,
  'tavus.revertHistoryEntry': revertHistoryEntry,
  'tavus.copyHistoryEntryAsPatch': copyHistoryEntryAsPatch,
  'tavus.openHistoryPersona': openHistoryPersona,
  'tavus.showHistoryEntryChange': showHistoryEntryChange,
} satisfies Record<string, (services: Services) => (...args: unknown[]) => unknown>;
