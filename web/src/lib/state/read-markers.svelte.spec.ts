import type { Client } from '@urql/svelte';
import { describe, expect, it } from 'vitest';
import { channelKey, dmKey } from '../chat/conversation-key.js';
import { ada, apiDirectMessage, apiMessage, bob, settle } from '../testing/api-messages.js';
import { FakeClient, type Handler } from '../testing/fake-client.js';
import { ChatState, type Notable } from './chat.svelte.js';

const message = apiMessage;
const direct = apiDirectMessage;

/** A chat whose listing says: 3 unread in #general (1 mentioning Ada) after message 40, 2 from Bob after 7. */
function setUp(overrides: Record<string, Handler> = {}) {
  const client = new FakeClient({
    Channels: () => ({
      data: {
        channels: [
          { id: '1', name: 'general', lastReadId: '40', unreadCount: 3, mentionCount: 1 },
          { id: '2', name: 'random', lastReadId: null, unreadCount: 0, mentionCount: 0 },
        ],
      },
    }),
    OnlineUsers: () => ({ data: { onlineUsers: [] } }),
    DirectConversations: () => ({
      data: {
        directConversations: [
          { with: { ...bob, online: true, protected: false }, lastMessage: { id: '9' }, lastReadId: '7', unreadCount: 2 },
        ],
      },
    }),
    ChannelHistory: (v) => ({ data: { channel: { id: v.id, name: 'general', messages: [message('40', '1'), message('41', '1')] } } }),
    DirectMessages: () => ({ data: { directMessages: [direct('8'), direct('9')] } }),
    MarkRead: (v) => ({ data: { markRead: { id: v.channelId, lastReadId: v.messageId, unreadCount: 0, mentionCount: 0 } } }),
    MarkDirectRead: (v) => ({ data: { markDirectRead: { with: bob, lastReadId: v.messageId, unreadCount: 0 } } }),
    ...overrides,
  });
  const chat = new ChatState(ada, client as unknown as Client);
  return { client, chat };
}

describe('ChatState read markers', () => {
  it("should start from the server's counts, so that badges survive a reload, and resume direct messages after the newest", async () => {
    const { client, chat } = setUp();
    await chat.connected();
    expect(chat.markers.unread(channelKey('1'))).toBe(3);
    expect(chat.markers.mentions(channelKey('1'))).toBe(1);
    expect(chat.markers.unread(dmKey('Bob'))).toBe(2);
    expect(chat.markers.total).toBe(5);
    expect(client.live('DirectMessageAdded').variables.after).toBe('9');
    // What the stream replays after the listing's newest was counted by the server already; a newer one was not.
    client.live('DirectMessageAdded').push({ directMessageAdded: direct('8') });
    client.live('DirectMessageAdded').push({ directMessageAdded: direct('9') });
    expect(chat.markers.unread(dmKey('Bob'))).toBe(2);
    client.live('DirectMessageAdded').push({ directMessageAdded: direct('10') });
    expect(chat.markers.unread(dmKey('Bob'))).toBe(3);
  });

  it("should count new messages from others after the marker, mentions too, and clear when any of the user's sessions moves it", async () => {
    const { client, chat } = setUp();
    await chat.connected();
    client.live('ChannelActivity').push({ channelActivity: message('42', '1', bob, { mentions: [ada] }) });
    client.live('ChannelActivity').push({ channelActivity: message('43', '1', ada) });
    client.live('ChannelActivity').push({ channelActivity: message('44', '2') });
    expect([chat.markers.unread(channelKey('1')), chat.markers.mentions(channelKey('1'))]).toEqual([4, 2]);
    expect(chat.markers.unread(channelKey('2'))).toBe(1);

    const moved = client.live('ReadMarkerMoved');
    moved.push({ readMarkerMoved: { channelId: '1', with: null, lastReadId: '43', unreadCount: 0, mentionCount: 0 } });
    moved.push({ readMarkerMoved: { channelId: null, with: bob, lastReadId: '9', unreadCount: 0, mentionCount: 0 } });
    // A move that arrives after a later one changes nothing: markers only move forward.
    moved.push({ readMarkerMoved: { channelId: '1', with: null, lastReadId: '41', unreadCount: 2, mentionCount: 0 } });
    expect(chat.markers.unread(channelKey('1'))).toBe(0);
    expect(chat.markers.unread(dmKey('Bob'))).toBe(0);
    expect(chat.markers.total).toBe(1);
  });

  it('should show no badge for the open conversation while the page is visible, and count it while hidden', async () => {
    const { client, chat } = setUp();
    await chat.connected();
    chat.open(channelKey('1'));
    await settle();
    expect(chat.markers.unread(channelKey('1'))).toBe(0);
    expect(chat.markers.total).toBe(2);
    chat.setVisible(false);
    expect(chat.markers.unread(channelKey('1'))).toBe(3);
    client.live('MessageAdded').push({ messageAdded: message('42', '1') });
    expect(chat.markers.unread(channelKey('1'))).toBe(4);
    expect(chat.markers.total).toBe(6);
    chat.setVisible(true);
    expect(chat.markers.total).toBe(2);
  });

  it('should remember where the marker stood on opening, for the divider, and move it forward once per message seen', async () => {
    const { client, chat } = setUp();
    chat.open(channelKey('1'));
    expect(chat.markers.arrival(channelKey('1'))).toBeNull();
    await chat.connected();
    expect(chat.markers.arrival(channelKey('1'))).toEqual({ lastReadId: '40', unread: 3, mentions: 1 });

    const seen = chat.markers.seen(channelKey('1'), '41');
    void chat.markers.seen(channelKey('1'), '41');
    await seen;
    expect(client.calls.filter((c) => c.name === 'MarkRead').map((c) => c.variables)).toEqual([{ channelId: '1', messageId: '41' }]);
    expect(chat.markers.get(channelKey('1'))).toEqual({ lastReadId: '41', unread: 0, mentions: 0 });
    // Behind the marker: nothing to send.
    await chat.markers.seen(channelKey('1'), '40');
    expect(client.count('MarkRead')).toBe(1);
    // The divider stays where it was while the conversation is open.
    expect(chat.markers.arrival(channelKey('1'))?.lastReadId).toBe('40');

    await chat.markers.seen(dmKey('Bob'), '9');
    expect(client.calls.find((c) => c.name === 'MarkDirectRead')?.variables).toEqual({ with: 'Bob', messageId: '9' });
    expect(chat.markers.unread(dmKey('Bob'))).toBe(0);
  });

  it('should tell of direct messages and mentions from others, not of other channel messages', async () => {
    const { client, chat } = setUp();
    const told: Notable[] = [];
    chat.onNotable((notable) => told.push(notable));
    await chat.connected();
    client.live('DirectMessageAdded').push({ directMessageAdded: direct('10') });
    client.live('DirectMessageAdded').push({ directMessageAdded: direct('11', ada, bob) });
    client.live('ChannelActivity').push({ channelActivity: message('42', '1') });
    client.live('ChannelActivity').push({ channelActivity: message('43', '1', bob, { mentions: [ada], body: 'hey @Ada' }) });
    expect(told).toEqual([
      { key: dmKey('Bob'), path: '/dm/Bob', title: 'Bob', body: 'dm 10' },
      { key: channelKey('1'), path: '/c/1', title: 'Bob in #general', body: 'hey @Ada' },
    ]);
  });
});

describe('ChatState typing', () => {
  it('should follow typing in the open conversation only, and drop a typist who sent a message', async () => {
    const { client, chat } = setUp();
    await chat.connected();
    chat.open(channelKey('1'));
    await settle();
    const carol = { id: '3', name: 'Carol' };
    const typing = client.live('TypingChanged', (v) => v.channelId === '1');
    typing.push({ typingChanged: { user: bob, channelId: '1', typing: true } });
    typing.push({ typingChanged: { user: carol, channelId: '1', typing: true } });
    typing.push({ typingChanged: { user: ada, channelId: '1', typing: true } });
    expect(chat.typing.names).toEqual(['Bob', 'Carol']);
    typing.push({ typingChanged: { user: carol, channelId: '1', typing: false } });
    client.live('MessageAdded').push({ messageAdded: message('42', '1') });
    expect(chat.typing.names).toEqual([]);

    // In a direct conversation: typing to the user, from the partner only.
    chat.open(dmKey('Bob'));
    await settle();
    expect(typing.closed).toBe(true);
    const toMe = client.live('TypingChanged');
    expect(toMe.variables).toEqual({});
    toMe.push({ typingChanged: { user: carol, channelId: null, typing: true } });
    toMe.push({ typingChanged: { user: bob, channelId: null, typing: true } });
    expect(chat.typing.names).toEqual(['Bob']);

    chat.typing.say(dmKey('Bob'));
    chat.typing.say(channelKey('1'));
    expect(client.calls.filter((c) => c.name === 'Typing').map((c) => c.variables)).toEqual([{ to: 'Bob' }, { channelId: '1' }]);
  });
});
