import type { Services } from '../../services';
import type { CommandHandler } from '../../commands/ids';

export function clearApiKey({ keys, notifier }: Services): CommandHandler {
  return async () => {
    await keys.clear();
    const stillSet = (await keys.source()) === 'environment';
    void notifier.info(
      stillSet
        ? 'Removed the stored Tavus API key. The TAVUS_API_KEY environment variable is still set and will be used.'
        : 'Removed the stored Tavus API key.',
    );
  };
}
