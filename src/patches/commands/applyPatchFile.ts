import { isPatchDocument } from '../patchDocuments';
import { activePatchDocument } from './patchCommandTarget';
import type { CommandHandler } from '../../commands/ids';
import type { Services } from '../../services';

export function applyPatchFile({ patches, notifier }: Services): CommandHandler {
  return async (arg?: unknown) => {
    const document = await activePatchDocument(arg, notifier);
    return document && isPatchDocument(document) ? patches.applier.apply(document) : undefined;
  };
}
