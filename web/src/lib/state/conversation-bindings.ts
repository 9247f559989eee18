import type { ConversationKey } from '../chat/conversation-key.js';
import type { ChatState } from './chat.svelte.js';

/*
 * What every conversation page gives ConversationView from the chat, for the
 * conversation `key`. Two parts, each read inside its own `$derived`: what
 * the view shows, which follows the chat, and the actions, which change only
 * with the key, so that a new message does not hand the view new callbacks.
 */

/** The conversation's messages, draft, read marker and typing, as the view shows them. */
export function conversationState(chat: ChatState, key: ConversationKey) {
  return {
    conversation: chat.conversation(key),
    meId: chat.me.id,
    intents: chat.changes.for(key),
    draft: chat.drafts.get(key),
    arrival: chat.markers.arrival(key),
    read: chat.markers.get(key),
    visible: chat.visible,
    typists: chat.typing.names,
    revealId: chat.reveal.in(key),
  };
}

/** What the view may do in the conversation. */
export function conversationActions(chat: ChatState, key: ConversationKey) {
  return {
    onSend: (body: string) => chat.send(key, body),
    onRetry: (clientId: string) => chat.retry(key, clientId),
    onDraft: (text: string) => chat.drafts.set(key, text),
    onSeen: (id: string) => void chat.markers.seen(key, id),
    onMarkRead: () => void chat.markers.readAll(key, chat.conversation(key).messages),
    onTyping: () => chat.typing.say(key),
    onRevealed: () => chat.reveal.done(),
  };
}
