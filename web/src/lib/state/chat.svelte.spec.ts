import type { Client } from '@urql/svelte';
import { describe, expect, it } from 'vitest';
import { channelKey, dmKey } from '../chat/conversation-key.js';
import { FakeClient, type Handler } from '../testing/fake-client.js';
import { ChatState } from './chat.svelte.js';

const ada = { id: '1', name: 'Ada' };
const bob = { id: '2', name: 'Bob' };
const message = (id: string, channelId: string, author = bob, extra: Record<string, unknown> = {}) => ({
  id,
  channelId,
  body: `message ${id}`,
  clientId: null,
  createdAt: '2025-03-01T10:00:00.000Z',
  author,
  ...extra,
});
const direct = (id: string, from = bob, to = ada) => ({
  id,
  body: `dm ${id}`,
  clientId: null,
  createdAt: '2025-03-01T10:00:00.000Z',
  from,
  to,
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setUp(overrides: Record<string, Handler> = {}, onSessionEnded?: () => void) {
  const histories: Record<string, ReturnType<typeof message>[]> = { '1': [message('40', '1'), message('41', '1')], '2': [] };
  const client = new FakeClient({
    Channels: () => ({
      data: {
        channels: [
          { id: '1', name: 'general' },
          { id: '2', name: 'empty' },
        ],
      },
    }),
    OnlineUsers: () => ({ data: { onlineUsers: [{ ...ada, online: true }] } }),
    Conversations: () => ({ data: { conversations: [{ ...bob, online: false }] } }),
    DirectMessages: (v) => ({ data: { directMessages: v.last === 1 ? [direct('7')] : [direct('6'), direct('7')] } }),
    ChannelHistory: (v) => ({ data: { channel: { id: v.id, name: 'general', messages: histories[v.id as string] ?? [] } } }),
    ...overrides,
  });
  const chat = new ChatState(ada, client as unknown as Client, onSessionEnded);
  const liveNames = () =>
    client.subscriptions
      .filter((s) => !s.closed)
      .map((s) => s.name)
      .sort();
  const historyLoads = (id: string) => client.calls.filter((c) => c.name === 'ChannelHistory' && c.variables.id === id).length;
  return { client, chat, histories, liveNames, historyLoads };
}

describe('ChatState', () => {
  it('should hold one activity subscription for every channel and follow only the open one, from its newest message', async () => {
    const { client, chat, liveNames } = setUp();
    await chat.connected();
    expect(liveNames()).toEqual(['ChannelActivity', 'ChannelAdded', 'DirectMessageAdded', 'PresenceChanged']);
    expect(client.live('DirectMessageAdded').variables.after).toBe('7');
    expect(chat.channels.map((c) => c.name)).toEqual(['empty', 'general']);
    // Offline partners stay listed; oneself is not.
    expect(chat.people).toEqual([{ ...bob, online: false, protected: false }]);

    chat.open(channelKey('1'));
    await settle();
    expect(client.live('MessageAdded').variables).toEqual({ channelId: '1', after: '41' });
    chat.open(channelKey('2'));
    await settle();
    // An empty channel resumes from its start: nothing posted after its history was read is missed.
    expect(client.live('MessageAdded').variables).toEqual({ channelId: '2', after: '0' });
    expect(liveNames()).toEqual(['ChannelActivity', 'ChannelAdded', 'DirectMessageAdded', 'MessageAdded', 'PresenceChanged']);
    chat.close(channelKey('2'));
    expect(liveNames()).not.toContain('MessageAdded');
  });

  it('should follow a channel opened before the connection once it is up, after its history', async () => {
    const { client, chat } = setUp();
    chat.open(channelKey('1'));
    await settle();
    expect(client.subscriptions).toHaveLength(0);
    await chat.connected();
    expect(client.live('MessageAdded').variables).toEqual({ channelId: '1', after: '41' });
  });

  it('should resume the open channel and direct messages from their watermarks after a dropped connection, and reload the other loaded channels when opened', async () => {
    const { client, chat, histories, historyLoads } = setUp();
    await chat.connected();
    chat.open(channelKey('2'));
    await settle();
    chat.open(channelKey('1'));
    await settle();
    client.live('MessageAdded').push({ messageAdded: message('42', '1') });
    client.live('MessageAdded').push({ messageAdded: message('43', '1') });
    client.live('DirectMessageAdded').push({ directMessageAdded: direct('9') });
    chat.disconnected();
    expect(chat.status).toBe('reconnecting');
    expect(client.subscriptions.every((s) => s.closed)).toBe(true);

    await chat.connected();
    expect(chat.status).toBe('online');
    expect(client.live('MessageAdded').variables).toEqual({ channelId: '1', after: '43' });
    expect(client.live('DirectMessageAdded').variables.after).toBe('9');

    // Channel 2 may have missed messages while the activity stream was down: opening it reads its history again.
    histories['2'] = [message('5', '2')];
    chat.open(channelKey('2'));
    await settle();
    expect(historyLoads('2')).toBe(2);
    expect(chat.conversation(channelKey('2')).messages.map((m) => m.id)).toEqual(['5']);
    expect(client.live('MessageAdded').variables).toEqual({ channelId: '2', after: '5' });
    // Channel 1 was open across the outage: its stream resumed, so opening it again needs no reload.
    chat.open(channelKey('1'));
    await settle();
    expect(historyLoads('1')).toBe(1);
  });

  it('should count unread messages from others in conversations that are not open, and clear them on opening', async () => {
    const { client, chat } = setUp();
    await chat.connected();
    chat.open(channelKey('2'));
    await settle();
    const activity = client.live('ChannelActivity');
    activity.push({ channelActivity: message('42', '1') });
    activity.push({ channelActivity: message('43', '1', ada) }); // one's own does not count
    client.live('DirectMessageAdded').push({ directMessageAdded: direct('8') });
    expect(chat.unread(channelKey('1'))).toBe(1);
    expect(chat.unread(dmKey('Bob'))).toBe(1);
    expect(chat.totalUnread).toBe(2);

    // The open channel's messages come by both streams: shown once, never counted.
    activity.push({ channelActivity: message('1', '2') });
    client.live('MessageAdded').push({ messageAdded: message('1', '2') });
    expect(chat.unread(channelKey('2'))).toBe(0);
    expect(chat.conversation(channelKey('2')).messages.map((m) => m.id)).toEqual(['1']);

    chat.open(channelKey('1'));
    expect(chat.unread(channelKey('1'))).toBe(0);
    await settle();
    expect(chat.conversation(channelKey('1')).messages.map((m) => m.id)).toEqual(['40', '41']);
    // The stream replays from the history's newest: 42 and 43 are merged in once.
    client.live('MessageAdded').push({ messageAdded: message('42', '1') });
    client.live('MessageAdded').push({ messageAdded: message('43', '1', ada) });
    expect(chat.conversation(channelKey('1')).messages.map((m) => m.id)).toEqual(['40', '41', '42', '43']);
  });

  it('should merge activity into a channel loaded earlier, counting each message once', async () => {
    const { client, chat } = setUp();
    await chat.connected();
    chat.open(channelKey('1'));
    await settle();
    chat.open(channelKey('2'));
    await settle();
    client.live('ChannelActivity').push({ channelActivity: message('42', '1') });
    expect(chat.unread(channelKey('1'))).toBe(1);
    expect(chat.conversation(channelKey('1')).messages.map((m) => m.id)).toEqual(['40', '41', '42']);
  });

  it('should show a sent message at once, mark it failed, and retry it with the same clientId', async () => {
    let fail = true;
    const { client, chat } = setUp({
      SendMessage: (v) =>
        fail
          ? { error: { networkError: new TypeError('Failed to fetch') } }
          : { data: { sendMessage: message('50', '1', ada, { body: v.body, clientId: v.clientId }) } },
    });
    await chat.connected();
    const key = channelKey('1');
    chat.open(key);
    chat.send(key, '  hello  ');
    const pending = chat.conversation(key).messages.at(-1)!;
    expect(pending).toMatchObject({ id: null, body: 'hello', status: 'pending', authorName: 'Ada' });
    await settle();
    expect(chat.conversation(key).messages.at(-1)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/Cannot reach the server/),
    });

    fail = false;
    chat.retry(key, pending.clientId!);
    await settle();
    const sends = client.calls.filter((c) => c.name === 'SendMessage');
    expect(sends).toHaveLength(2);
    expect(sends[1]!.variables.clientId).toBe(sends[0]!.variables.clientId);
    expect(chat.conversation(key).messages.filter((m) => m.body === 'hello')).toMatchObject([{ id: '50', status: 'sent' }]);

    // The same message arriving over both subscriptions is not shown twice.
    const echo = message('50', '1', ada, { body: 'hello', clientId: pending.clientId });
    client.live('MessageAdded').push({ messageAdded: echo });
    client.live('ChannelActivity').push({ channelActivity: echo });
    expect(chat.conversation(key).messages.filter((m) => m.body === 'hello')).toHaveLength(1);
  });

  it('should list a channel created while connected, in its place, and count its messages', async () => {
    const { client, chat, liveNames } = setUp();
    await chat.connected();
    client.live('ChannelAdded').push({ channelAdded: { id: '3', name: 'new' } });
    expect(chat.channelName('3')).toBe('new');
    expect(chat.channels.map((c) => c.name)).toEqual(['empty', 'general', 'new']);
    client.live('ChannelActivity').push({ channelActivity: message('1', '3') });
    expect(chat.unread(channelKey('3'))).toBe(1);
    expect(liveNames()).not.toContain('MessageAdded');
  });
});

describe('ChatState when the server forgets the session', () => {
  it('should stop and ask to sign in again when a subscription is refused as unauthenticated', async () => {
    let ended = 0;
    const { client, chat } = setUp({}, () => ended++);
    await chat.connected();
    client.live('ChannelActivity').emit({ error: { message: 'internal', graphQLErrors: [] } });
    expect(ended).toBe(0);
    client
      .live('PresenceChanged')
      .emit({ error: { graphQLErrors: [{ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } }] } });
    expect(ended).toBe(1);
    expect(client.subscriptions.every((s) => s.closed)).toBe(true);
  });
});
