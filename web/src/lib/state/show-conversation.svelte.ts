import type { ConversationKey } from '../chat/conversation-key.js';
import { forgetConversation, rememberConversation } from '../chat/last-conversation.js';
import type { ChatState } from './chat.svelte.js';

/** What a conversation page shows: the conversation's key, and its address to come back to. */
export interface ShownConversation {
  readonly key: ConversationKey;
  readonly path: string;
}

/**
 * For a conversation page, called while it initialises: the conversation is
 * open in the chat while the page shows it (its history loads, it is followed
 * live, its unread count stays at zero), and is remembered as the one to
 * reopen the app at, unless it turns out not to exist. Another key (the
 * page's parameter changed) closes the previous conversation first.
 */
export function showConversation(chat: Pick<ChatState, 'me' | 'open' | 'close' | 'conversation'>, shown: () => ShownConversation): void {
  $effect(() => {
    const { key } = shown();
    chat.open(key);
    return () => chat.close(key);
  });
  $effect(() => {
    const { key, path } = shown();
    // An unknown channel or user is no place to reopen the app at.
    if (chat.conversation(key).missing) forgetConversation(chat.me.name, path);
    else rememberConversation(chat.me.name, path);
  });
}
