import type { ConversationKey } from './conversation-key.js';
import { mergeMessages, type ChatMessage } from './timeline.js';

export interface Conversation {
  readonly key: ConversationKey;
  readonly messages: readonly ChatMessage[];
  readonly loaded: boolean;
  readonly error: string | null;
  /** The server knows no such channel or user. */
  readonly missing?: boolean;
}

export const emptyConversation = (key: ConversationKey): Conversation => ({ key, messages: [], loaded: false, error: null });

/**
 * A conversation after messages from the server (history, a live event, the
 * answer to a send), each merged once whichever stream brought it. `fresh`
 * are the ones it did not hold that others wrote: what an unread count
 * grows by.
 */
export function receiveMessages(
  current: Conversation,
  incoming: readonly ChatMessage[],
  options: { meId: string; limit: number; loaded?: boolean },
): { conversation: Conversation; fresh: ChatMessage[] } {
  const known = new Set(current.messages.map((m) => m.id));
  const conversation: Conversation = {
    ...current,
    messages: mergeMessages(current.messages, incoming, options.limit),
    loaded: current.loaded || Boolean(options.loaded),
    missing: options.loaded ? false : current.missing,
    error: options.loaded ? null : current.error,
  };
  const fresh = incoming.filter((m) => m.id !== null && !known.has(m.id) && m.authorId !== options.meId);
  return { conversation, fresh };
}

/**
 * The conversations whose loaded messages may be out of date once the
 * connection is back, so that they are read again (the open one at once,
 * the others when opened): new messages in other channels, which the
 * activity stream did not replay, and edits, deletions and reactions
 * everywhere, which no stream replays. As the contract's "Resuming changes"
 * says: subscribe to the changes first, then read the messages again and
 * keep the larger version of each.
 */
export function staleAfterReconnect(conversations: Iterable<Conversation>): ConversationKey[] {
  const stale: ConversationKey[] = [];
  for (const { key, loaded } of conversations) if (loaded) stale.push(key);
  return stale;
}

/**
 * Whether older messages than those shown were dropped: the history the
 * client asked for came back full (`limit`, the page size it asked for and the
 * most it keeps), so the conversation holds at least as many as the server
 * keeps or the client shows, and none older can be shown.
 */
export function historyTrimmed(conversation: Conversation, limit: number): boolean {
  if (!conversation.loaded) return false;
  let confirmed = 0;
  for (const message of conversation.messages) if (message.id !== null) confirmed++;
  return confirmed >= limit;
}
