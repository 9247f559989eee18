import { channelIdOf, channelPath, dmPath, type ConversationKey } from './conversation-key.js';
import type { ChatMessage } from './timeline.js';

/** A direct message or a mention that arrived: what a desktop notification may tell while the page is hidden. */
export interface Notable {
  readonly key: ConversationKey;
  /** Where a click on the notification goes. */
  readonly path: string;
  /** "bob", or "bob in #general" for a mention. */
  readonly title: string;
  readonly body: string;
}

/** What a new message from someone else is worth telling: every direct message, and channel messages that mention the reader. */
export function notableOf(
  key: ConversationKey,
  message: Pick<ChatMessage, 'authorName' | 'body'>,
  mentionsMe: boolean,
  channelName: (id: string) => string | null,
): Notable | null {
  const channelId = channelIdOf(key);
  if (channelId === null) return { key, path: dmPath(message.authorName), title: message.authorName, body: message.body };
  if (!mentionsMe) return null;
  const title = `${message.authorName} in #${channelName(channelId) ?? 'a channel'}`;
  return { key, path: channelPath(channelId), title, body: message.body };
}
