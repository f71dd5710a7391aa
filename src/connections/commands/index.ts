import type { Services } from '../../services';
import { addConnection } from './addConnection';
import { removeConnection } from './removeConnection';
import { switchConnection } from './switchConnection';

/** The connections' commands, id → the factory of its handler: the shape of a command table's rows. */
export const CONNECTION_COMMANDS = {
  'tavus.switchConnection': switchConnection,
  'tavus.addConnection': addConnection,
  'tavus.removeConnection': removeConnection,
} satisfies Record<string, (services: Services) => (...args: unknown[]) => unknown>;
