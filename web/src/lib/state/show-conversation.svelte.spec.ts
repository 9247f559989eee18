import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { channelKey, dmKey, type ConversationKey } from '../chat/conversation-key.js';
import { recallConversation } from '../chat/last-conversation.js';
import type { ChatState } from './chat.svelte.js';
import { showConversation, type ShownConversation } from './show-conversation.svelte.js';

function fakeChat() {
  const events: string[] = [];
  const missing = $state<Record<string, boolean>>({});
  return {
    events,
    missing,
    me: { id: '1', name: 'Ada' },
    open: (key: ConversationKey) => void events.push(`open ${key}`),
    close: (key: ConversationKey) => void events.push(`close ${key}`),
    conversation: (key: ConversationKey) => ({ missing: missing[key] ?? false }) as ReturnType<ChatState['conversation']>,
  };
}

const storage = new Map<string, string>();
globalThis.localStorage = {
  getItem: (key: string) => storage.get(key) ?? null,
  setItem: (key: string, value: string) => void storage.set(key, value),
  removeItem: (key: string) => void storage.delete(key),
} as Storage;

afterEach(() => storage.clear());

describe('showConversation', () => {
  it('should open the shown conversation and remember it, close it for the next one, and close it when the page goes', () => {
    const chat = fakeChat();
    let shown = $state<ShownConversation>({ key: channelKey('7'), path: '/c/7' });
    const destroy = $effect.root(() => showConversation(chat, () => shown));
    flushSync();
    expect(chat.events).toEqual(['open channel:7']);
    expect(recallConversation('Ada')).toBe('/c/7');

    shown = { key: dmKey('Bob'), path: '/dm/Bob' };
    flushSync();
    expect(chat.events).toEqual(['open channel:7', 'close channel:7', 'open dm:bob']);
    expect(recallConversation('Ada')).toBe('/dm/Bob');

    destroy();
    expect(chat.events.at(-1)).toBe('close dm:bob');
  });

  it('should not keep a conversation that turns out not to exist as the one to reopen at', () => {
    const chat = fakeChat();
    let shown = $state<ShownConversation>({ key: channelKey('7'), path: '/c/7' });
    const destroy = $effect.root(() => showConversation(chat, () => shown));
    flushSync();
    shown = { key: channelKey('404'), path: '/c/404' };
    flushSync();
    expect(recallConversation('Ada')).toBe('/c/404');
    chat.missing[channelKey('404')] = true;
    flushSync();
    expect(recallConversation('Ada')).toBeNull();
    destroy();
  });
});
