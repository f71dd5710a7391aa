import type { Services } from '../../services';
import type { CommandHandler } from '../../commands/ids';

export function showLog({ log }: Services): CommandHandler {
  return () => log.show();
}
