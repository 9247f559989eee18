/**
 * A conversation's two user ids, lower first (numerically): stores keep the
 * pair in this order so that one index serves the conversation both ways.
 */
export function orderedPair(a: string, b: string): [string, string] {
  return Number(a) <= Number(b) ? [a, b] : [b, a];
}
