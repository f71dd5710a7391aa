import { createHash } from 'node:crypto';

/** Hex sha256 of `text`, or of its parts one after another (without building the whole text). */
export function sha256(text: string | Iterable<string>): string {
  const hash = createHash('sha256');
  for (const part of typeof text === 'string' ? [text] : text) hash.update(part);
  return hash.digest('hex');
}
