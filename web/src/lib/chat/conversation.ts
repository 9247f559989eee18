import { channelIdOf, type ConversationKey } from './conversation-key.js';
import { mergeMessages, type ChatMessage } from './timeline.js';

export interface Conversation {
  readonly key: ConversationKey;
  readonly messages: readonly ChatMessage[];
  readonly loaded: boolean;
  readonly error: string | null;
}

export const emptyConversation = (key: ConversationKey): Conversation => ({ key, messages: [], loaded: false, error: null });

/**
 * A conversation after messages from the server (history, a live event, the
 * answer to a send), each merged once whichever stream brought it. `unseen`
 * counts the ones it did not hold that others wrote: what an unread count
 * grows by, when the conversation is not open.
 */
export function receiveMessages(
  current: Conversation,
  incoming: readonly ChatMessage[],
  options: { meId: string; limit: number; loaded?: boolean },
): { conversation: Conversation; unseen: number } {
  const known = new Set(current.messages.map((m) => m.id));
  const conversation: Conversation = {
    ...current,
    messages: mergeMessages(current.messages, incoming, options.limit),
    loaded: current.loaded || Boolean(options.loaded),
    error: options.loaded ? null : current.error,
  };
  const unseen = incoming.filter((m) => !known.has(m.id) && m.authorId !== options.meId).length;
  return { conversation, unseen };
}

/**
 * The channels whose loaded history may have a hole once the connection is
 * back: the activity stream that kept them current replays nothing. The open
 * channel is not among them: its own stream resumes from its watermark.
 */
export function staleAfterReconnect(conversations: Iterable<Conversation>, openKey: ConversationKey | null): ConversationKey[] {
  const stale: ConversationKey[] = [];
  for (const { key, loaded } of conversations) if (loaded && key !== openKey && channelIdOf(key) !== null) stale.push(key);
  return stale;
}
