/**
 * Message ids are decimal strings that increase within a channel (and across
 * all direct messages). They are compared as numbers: "10" comes after "9".
 */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The larger of two ids; null stands for "none yet". */
export function maxId(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareIds(a, b) >= 0 ? a : b;
}

/** A fresh id for a message this client sends, so that a resend is recognised as the same message. */
export function newClientId(random: () => string = defaultRandom): string {
  return `web-${random()}`;
}

function defaultRandom(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
