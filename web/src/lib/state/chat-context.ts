import { getContext, setContext } from 'svelte';
import type { ChatState } from './chat.svelte.js';
import type { Drafts } from './drafts.svelte.js';

const KEY = Symbol('chat');

/** The signed-in chat, provided by the chat layout to its pages. */
export function provideChat(get: () => ChatState): void {
  setContext(KEY, get);
}

export function useChat(): ChatState {
  const get = getContext<(() => ChatState) | undefined>(KEY);
  if (!get) throw new Error('useChat() is for pages under the chat layout, which provides the chat state.');
  return get();
}

/** The drafts of the signed-in chat, for a component under the chat layout; null elsewhere or before the chat starts. */
export function draftsInContext(): () => Drafts | null {
  const get = getContext<(() => ChatState | null) | undefined>(KEY);
  return () => get?.()?.drafts ?? null;
}
