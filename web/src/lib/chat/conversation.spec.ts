import { describe, expect, it } from 'vitest';
import { chatMessage } from '../testing/chat-message.js';
import { channelKey, dmKey } from './conversation-key.js';
import { emptyConversation, receiveMessages, staleAfterReconnect, type Conversation } from './conversation.js';

const message = chatMessage;
const options = { meId: '1', limit: 100 };

describe('receiveMessages', () => {
  it('should merge each message once and count only the new ones from others', () => {
    const start = receiveMessages(emptyConversation(channelKey('1')), [message('1')], { ...options, loaded: true }).conversation;
    const { conversation, fresh } = receiveMessages(start, [message('1'), message('2'), message('3', '1')], options);
    expect(conversation.messages.map((m) => m.id)).toEqual(['1', '2', '3']);
    expect(fresh.map((m) => m.id)).toEqual(['2']);
    expect(conversation.loaded).toBe(true);
  });

  it('should mark a conversation loaded, and clear its error, only with its history', () => {
    const failed: Conversation = { ...emptyConversation(channelKey('1')), error: 'The messages could not be loaded.' };
    expect(receiveMessages(failed, [message('1')], options).conversation).toMatchObject({
      loaded: false,
      error: 'The messages could not be loaded.',
    });
    expect(receiveMessages(failed, [message('1')], { ...options, loaded: true }).conversation).toMatchObject({ loaded: true, error: null });
  });
});

describe('staleAfterReconnect', () => {
  it('should name every loaded conversation, channels and direct ones, the open one too: no stream replays changes', () => {
    const loaded = (key: Conversation['key']): Conversation => ({ ...emptyConversation(key), loaded: true });
    const conversations = [loaded(channelKey('1')), loaded(channelKey('2')), emptyConversation(channelKey('3')), loaded(dmKey('Bob'))];
    expect(staleAfterReconnect(conversations)).toEqual([channelKey('1'), channelKey('2'), dmKey('Bob')]);
  });
});
