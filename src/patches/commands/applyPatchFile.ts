import { isPatchDocument } from '../patchDocuments';
import { activePatchDocument } from './patchCommandTarget';
import type { CommandHandler, CommandServices } from '../../commands/ids';

export function applyPatchFile({ patches, notifier }: CommandServices): CommandHandler {
  return async (arg?: unknown) => {
    const document = await activePatchDocument(arg, notifier);
    return document && isPatchDocument(document) ? patches.applier.apply(document) : undefined;
  };
}
