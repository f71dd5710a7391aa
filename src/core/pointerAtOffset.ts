import { getLocation, type Location } from 'jsonc-parser';
import { toPointer } from './pointer';

/**
 * The RFC 6901 pointer of the value or member name at `offset` of a persona document; between
 * members, the object's own. Undefined only when the text is nested too deeply to read.
 */
export function pointerAtOffset(text: string, offset: number): string | undefined {
  let location: Location;
  try {
    location = getLocation(text, offset);
  } catch (error) {
    // jsonc-parser recurses once per nesting level.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  const path = location.path.map(String);
  // Where a member name could start, jsonc-parser reports an empty name.
  const inObject = location.isAtPropertyKey && location.previousNode === undefined && path[path.length - 1] === '';
  return toPointer(inObject ? path.slice(0, -1) : path);
}
