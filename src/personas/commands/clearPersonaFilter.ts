import type { Services } from '../../services';
import type { CommandHandler } from '../../commands/ids';

export function clearPersonaFilter({ tree }: Services): CommandHandler {
  return () => tree.setFilter('');
}
