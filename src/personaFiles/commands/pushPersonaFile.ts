import type { CommandHandler } from '../../commands/ids';
import type { Services } from '../../services';
import { personaFileTarget } from '../personaFileTarget';
import type { PushResult } from '../pusher';

/** Push Persona File: the file to the active connection, through the preview with Apply (or Create). */
export function pushPersonaFile(services: Services): CommandHandler {
  return async (arg?: unknown): Promise<PushResult | undefined> => {
    const document = await personaFileTarget(arg, services.notifier);
    if (!document) return undefined;
    if (document.isDirty) await document.save();
    const target = { connection: services.connections.active.name, api: services.api, transaction: services.save.transaction };
    return services.personaFiles.pusher.push(document, target);
  };
}
