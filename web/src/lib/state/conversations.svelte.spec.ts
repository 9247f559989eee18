import { describe, expect, it } from 'vitest';
import { chatMessage } from '../testing/chat-message.js';
import { channelKey, dmKey, type ConversationKey } from '../chat/conversation-key.js';
import { Conversations } from './conversations.svelte.js';

const message = chatMessage;

function setUp(limit = 100) {
  let open: ConversationKey | null = null;
  const conversations = new Conversations('1', limit, (key) => key === open);
  return { conversations, openOn: (key: ConversationKey | null) => (open = key) };
}

describe('Conversations', () => {
  it('should count live messages from others once each where the conversation is not open, never one’s own nor history', () => {
    const { conversations } = setUp();
    const key = dmKey('Bob');
    conversations.receive(key, [message('1')], { live: false, loaded: true });
    conversations.receive(key, [message('2'), message('3', '1')], { live: true });
    conversations.receive(key, [message('2')], { live: true });
    expect(conversations.unread(key)).toBe(1);
    expect(conversations.get(key).messages.map((m) => m.id)).toEqual(['1', '2', '3']);
    conversations.markRead(key);
    expect(conversations.unread(key)).toBe(0);
  });

  it('should not count what arrives in the open conversation', () => {
    const { conversations, openOn } = setUp();
    openOn(channelKey('1'));
    conversations.receive(channelKey('1'), [message('5')], { live: true });
    conversations.receiveActivity(channelKey('1'), message('6'));
    expect(conversations.totalUnread).toBe(0);
  });

  it("should merge a channel's activity where its history is loaded, and only count it elsewhere", () => {
    const { conversations } = setUp();
    conversations.receive(channelKey('1'), [message('5')], { live: false, loaded: true });
    conversations.receiveActivity(channelKey('1'), message('6'));
    conversations.receiveActivity(channelKey('2'), message('7'));
    conversations.receiveActivity(channelKey('2'), message('8', '1'));
    expect(conversations.get(channelKey('1')).messages.map((m) => m.id)).toEqual(['5', '6']);
    expect(conversations.get(channelKey('2'))).toMatchObject({ loaded: false, messages: [] });
    expect([conversations.unread(channelKey('1')), conversations.unread(channelKey('2')), conversations.totalUnread]).toEqual([1, 1, 2]);
  });

  it('should keep only the newest messages up to the limit, and say why a conversation could not load', () => {
    const { conversations } = setUp(2);
    const key = channelKey('1');
    conversations.setError(key, 'The messages could not be loaded.');
    expect(conversations.get(key).error).toBe('The messages could not be loaded.');
    conversations.receive(key, [message('1'), message('2'), message('3')], { live: false, loaded: true });
    expect(conversations.get(key)).toMatchObject({ loaded: true, error: null });
    expect(conversations.get(key).messages.map((m) => m.id)).toEqual(['2', '3']);
    expect(conversations.all().map((c) => c.key)).toEqual([key]);
  });
});
