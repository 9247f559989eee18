import { describe, expect, it } from 'vitest';
import { chatMessage } from '../testing/chat-message.js';
import { channelKey, dmKey } from '../chat/conversation-key.js';
import { Conversations } from './conversations.svelte.js';

const message = chatMessage;
const ids = (list: readonly { id: string | null }[]) => list.map((m) => m.id);

describe('Conversations', () => {
  it('should tell the live messages from others that were new, once each, never one’s own nor history', () => {
    const conversations = new Conversations('1', 100);
    const key = dmKey('Bob');
    expect(conversations.receive(key, [message('1')], { live: false, loaded: true })).toEqual([]);
    expect(ids(conversations.receive(key, [message('2'), message('3', '1')], { live: true }))).toEqual(['2']);
    expect(conversations.receive(key, [message('2')], { live: true })).toEqual([]);
    expect(ids(conversations.get(key).messages)).toEqual(['1', '2', '3']);
  });

  it("should merge a channel's activity where its history is loaded, and only tell it elsewhere", () => {
    const conversations = new Conversations('1', 100);
    conversations.receive(channelKey('1'), [message('5')], { live: false, loaded: true });
    expect(ids(conversations.receiveActivity(channelKey('1'), message('6')))).toEqual(['6']);
    expect(ids(conversations.receiveActivity(channelKey('1'), message('6')))).toEqual([]);
    expect(ids(conversations.receiveActivity(channelKey('2'), message('7')))).toEqual(['7']);
    expect(conversations.receiveActivity(channelKey('2'), message('8', '1'))).toEqual([]);
    expect(ids(conversations.get(channelKey('1')).messages)).toEqual(['5', '6']);
    expect(conversations.get(channelKey('2'))).toMatchObject({ loaded: false, messages: [] });
  });

  it('should keep only the newest messages up to the limit, and say why a conversation could not load', () => {
    const conversations = new Conversations('1', 2);
    const key = channelKey('1');
    conversations.setError(key, 'The messages could not be loaded.');
    expect(conversations.get(key).error).toBe('The messages could not be loaded.');
    conversations.receive(key, [message('1'), message('2'), message('3')], { live: false, loaded: true });
    expect(conversations.get(key)).toMatchObject({ loaded: true, error: null });
    expect(ids(conversations.get(key).messages)).toEqual(['2', '3']);
    expect(conversations.all().map((c) => c.key)).toEqual([key]);
  });
});
