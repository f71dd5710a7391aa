import { DEFAULT_CONNECTION } from '../core/personaFile';

/** The connection persona files are pulled from and pushed to: the one place that names it. */
export function connectionName(): string {
  return DEFAULT_CONNECTION;
}
