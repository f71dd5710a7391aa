import type { Services } from '../../services';
import { comparePersonaFile } from './comparePersonaFile';
import { pullPersonaToWorkspace } from './pullPersonaToWorkspace';
import { pushPersonaFile } from './pushPersonaFile';
import { pushPersonaFileToConnection } from './pushPersonaFileToConnection';

/** The persona files' commands, id → the factory of its handler. */
export const PERSONA_FILE_COMMANDS = {
  'tavus.pullPersonaToWorkspace': pullPersonaToWorkspace,
  'tavus.pushPersonaFile': pushPersonaFile,
  'tavus.pushPersonaFileToConnection': pushPersonaFileToConnection,
  'tavus.comparePersonaFile': comparePersonaFile,
} satisfies Record<string, (services: Services) => (...args: unknown[]) => unknown>;
