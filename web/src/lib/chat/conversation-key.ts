/**
 * Every conversation has a key (for state) and a path (its URL): channels by
 * id, direct messages by the other person's name, compared case-insensitively
 * as the server compares names.
 */
export type ConversationKey = `channel:${string}` | `dm:${string}`;

export const channelKey = (channelId: string): ConversationKey => `channel:${channelId}`;
/** The channel's id for a channel's key; null for a direct-message conversation or none. */
export const channelIdOf = (key: ConversationKey | null): string | null =>
  key?.startsWith('channel:') ? key.slice('channel:'.length) : null;
export const dmKey = (name: string): ConversationKey => `dm:${name.normalize('NFKC').toUpperCase().toLowerCase()}`;

export const channelPath = (channelId: string) => `/c/${encodeURIComponent(channelId)}`;
export const dmPath = (name: string) => `/dm/${encodeURIComponent(name)}`;

/** Whether a remembered path is one of ours, so that a stale or foreign value is never followed. */
export function isConversationPath(path: string): boolean {
  return /^\/c\/[1-9][0-9]{0,15}$/.test(path) || /^\/dm\/[^/?#]+$/.test(path);
}
