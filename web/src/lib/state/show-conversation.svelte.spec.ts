import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { channelKey, dmKey, type ConversationKey } from '../chat/conversation-key.js';
import { recallConversation } from '../chat/last-conversation.js';
import { showConversation, type ShownConversation } from './show-conversation.svelte.js';

function fakeChat() {
  const events: string[] = [];
  return {
    events,
    me: { id: '1', name: 'Ada' },
    open: (key: ConversationKey) => void events.push(`open ${key}`),
    close: (key: ConversationKey) => void events.push(`close ${key}`),
  };
}

const storage = new Map<string, string>();
globalThis.localStorage = {
  getItem: (key: string) => storage.get(key) ?? null,
  setItem: (key: string, value: string) => void storage.set(key, value),
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
});
