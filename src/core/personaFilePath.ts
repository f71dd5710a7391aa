import { PERSONA_FILE_SUFFIX } from './personaFile';

/** Why `path` cannot name a persona file inside the workspace folder, or undefined when it can. */
export function personaFilePathProblem(path: string): string | undefined {
  const trimmed = path.trim();
  if (!trimmed.endsWith(PERSONA_FILE_SUFFIX) || trimmed.split(/[\\/]/).pop() === PERSONA_FILE_SUFFIX) {
    return `The name must end with ${PERSONA_FILE_SUFFIX}, such as sales-coach${PERSONA_FILE_SUFFIX}.`;
  }
  if (/^[\\/]/.test(trimmed) || /^[A-Za-z]:/.test(trimmed) || trimmed.split(/[\\/]/).includes('..')) {
    return `A path inside the workspace folder, such as personas/sales-coach${PERSONA_FILE_SUFFIX}.`;
  }
  return undefined;
}
