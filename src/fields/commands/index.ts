import type { Services } from '../../services';
import { editFieldAsText } from './editFieldAsText';
import { saveFieldToTavus } from './saveFieldToTavus';

/** Field documents' commands, id → the factory of its handler: the shape of a command table's rows. */
export const FIELD_COMMANDS = {
  'tavus.editFieldAsText': editFieldAsText,
  'tavus.saveFieldToTavus': saveFieldToTavus,
} satisfies Record<string, (services: Services) => (...args: unknown[]) => unknown>;
