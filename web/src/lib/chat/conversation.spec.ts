import { describe, expect, it } from 'vitest';
import { chatMessage } from '../testing/chat-message.js';
import { channelKey, dmKey } from './conversation-key.js';
import { emptyConversation, historyTrimmed, receiveMessages, staleAfterReconnect, type Conversation } from './conversation.js';

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

describe('historyTrimmed', () => {
  const holding = (count: number, loaded = true): Conversation => ({
    ...emptyConversation(channelKey('1')),
    loaded,
    messages: Array.from({ length: count }, (_, index) => message(String(index + 1))),
  });

  it('should say older messages are gone once the history holds as many as were asked for', () => {
    expect(historyTrimmed(holding(3), 3)).toBe(true);
    expect(historyTrimmed(holding(2), 3)).toBe(false);
  });

  it('should not count own messages still on their way, nor a history not loaded yet', () => {
    const withPending = { ...holding(2), messages: [...holding(2).messages, message('x', '1', { id: null, clientId: 'c' })] };
    expect(historyTrimmed(withPending, 3)).toBe(false);
    expect(historyTrimmed(holding(3, false), 3)).toBe(false);
  });
});

describe('a conversation the server does not know', () => {
  it('should stop being missing once its history loads', () => {
    const missing: Conversation = { ...emptyConversation(channelKey('9')), missing: true };
    expect(receiveMessages(missing, [], { ...options, loaded: true }).conversation.missing).toBe(false);
    expect(receiveMessages(missing, [message('1')], options).conversation.missing).toBe(true);
  });
});
