import type { Client } from '@urql/svelte';
import { describe, expect, it } from 'vitest';
import { channelKey, dmKey } from '../chat/conversation-key.js';
import { ada, apiDirectMessage, apiMessage, bob, settle } from '../testing/api-messages.js';
import { FakeClient, type Handler } from '../testing/fake-client.js';
import { ChatState } from './chat.svelte.js';

const message = apiMessage;
const direct = apiDirectMessage;

function setUp(overrides: Record<string, Handler> = {}, onSessionEnded?: () => void) {
  const histories: Record<string, ReturnType<typeof message>[]> = { '1': [message('40', '1'), message('41', '1')], '2': [] };
  const client = new FakeClient({
    Channels: () => ({
      data: {
        channels: [
          { id: '1', name: 'general', lastReadId: '41', unreadCount: 0, mentionCount: 0 },
          { id: '2', name: 'empty', lastReadId: null, unreadCount: 0, mentionCount: 0 },
        ],
      },
    }),
    OnlineUsers: () => ({ data: { onlineUsers: [{ ...ada, online: true }] } }),
    DirectConversations: () => ({
      data: {
        directConversations: [
          { with: { ...bob, online: false, protected: false }, lastMessage: { id: '7' }, lastReadId: '7', unreadCount: 0 },
        ],
      },
    }),
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
    expect(liveNames()).toEqual([
      'ChannelActivity',
      'ChannelAdded',
      'DirectMessageAdded',
      'DirectMessageUpdated',
      'PresenceChanged',
      'ReadMarkerMoved',
    ]);
    expect(client.live('DirectMessageAdded').variables.after).toBe('7');
    expect(chat.channels.map((c) => c.name)).toEqual(['empty', 'general']);
    // Offline partners stay listed; oneself is not.
    expect(chat.people).toEqual([{ ...bob, online: false, protected: false, partner: true }]);

    chat.open(channelKey('1'));
    await settle();
    expect(client.live('MessageAdded').variables).toEqual({ channelId: '1', after: '41' });
    chat.open(channelKey('2'));
    await settle();
    // An empty channel resumes from its start: nothing posted after its history was read is missed.
    expect(client.live('MessageAdded').variables).toEqual({ channelId: '2', after: '0' });
    expect(client.live('MessageUpdated').variables).toEqual({ channelId: '2' });
    // Nine at most, whatever the number of channels.
    expect(liveNames()).toEqual([
      'ChannelActivity',
      'ChannelAdded',
      'DirectMessageAdded',
      'DirectMessageUpdated',
      'MessageAdded',
      'MessageUpdated',
      'PresenceChanged',
      'ReadMarkerMoved',
      'TypingChanged',
    ]);
    expect(client.live('TypingChanged').variables).toEqual({ channelId: '2' });
    chat.close(channelKey('2'));
    expect(liveNames()).not.toContain('MessageAdded');
    expect(liveNames()).not.toContain('MessageUpdated');
    expect(liveNames()).not.toContain('TypingChanged');
  });

  it('should follow a channel opened before the connection once it is up, after its history', async () => {
    const { client, chat } = setUp();
    chat.open(channelKey('1'));
    await settle();
    expect(client.subscriptions).toHaveLength(0);
    await chat.connected();
    await settle();
    expect(client.live('MessageAdded').variables).toEqual({ channelId: '1', after: '41' });
  });

  it('should resume direct messages from their watermark after a dropped connection, read the open channel again at once and the other loaded ones when opened', async () => {
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
    await settle();
    expect(chat.status).toBe('online');
    // Edits may have been missed: the open channel is read again, and its stream resumes after what it holds.
    expect(historyLoads('1')).toBe(2);
    expect(client.live('MessageAdded').variables).toEqual({ channelId: '1', after: '43' });
    expect(client.live('DirectMessageAdded').variables.after).toBe('9');

    // Channel 2 may have missed messages while the activity stream was down: opening it reads its history again.
    histories['2'] = [message('5', '2')];
    chat.open(channelKey('2'));
    await settle();
    expect(historyLoads('2')).toBe(2);
    expect(chat.conversation(channelKey('2')).messages.map((m) => m.id)).toEqual(['5']);
    expect(client.live('MessageAdded').variables).toEqual({ channelId: '2', after: '5' });
    // Channel 1's changes were not followed while channel 2 was open: it is read again.
    chat.open(channelKey('1'));
    await settle();
    expect(historyLoads('1')).toBe(3);
  });

  it("should subscribe to the open channel's changes before reading its history, and keep the larger version of each message", async () => {
    const { client, chat, histories } = setUp({
      ChannelHistory: (v) => {
        // The contract's "Resuming changes": the subscription must be there before the messages are read.
        subscribedFirst = client.subscriptions.some((s) => !s.closed && s.name === 'MessageUpdated' && s.variables.channelId === v.id);
        return { data: { channel: { id: v.id, name: 'general', messages: histories[v.id as string] ?? [] } } };
      },
    });
    let subscribedFirst = false;
    await chat.connected();
    chat.open(channelKey('1'));
    await settle();
    expect(subscribedFirst).toBe(true);

    const updates = client.live('MessageUpdated');
    updates.push({ messageUpdated: message('41', '1', bob, { body: 'edited', editedAt: '2025-03-01T10:05:00.000Z', version: 3 }) });
    updates.push({ messageUpdated: message('41', '1', bob, { body: 'older copy', version: 2 }) });
    updates.push({ messageUpdated: message('40', '1', bob, { body: '', deleted: true, version: 2 }) });
    const shown = chat.conversation(channelKey('1')).messages;
    expect(shown.map((m) => [m.id, m.body, m.deleted, m.version])).toEqual([
      ['40', '', true, 2],
      ['41', 'edited', false, 3],
    ]);
    // A change is no new message: nothing counts as unread.
    expect(chat.markers.unread(channelKey('1'))).toBe(0);

    // A reconnect reads the history again: an older copy there does not undo the change.
    chat.disconnected();
    await chat.connected();
    await settle();
    expect(subscribedFirst).toBe(true);
    expect(chat.conversation(channelKey('1')).messages.map((m) => m.body)).toEqual(['', 'edited']);
  });

  it('should apply changes to direct messages in loaded conversations only', async () => {
    const { client, chat } = setUp();
    await chat.connected();
    chat.open(dmKey('Bob'));
    await settle();
    const reacted = { ...direct('7', ada, bob), reactions: [{ emoji: '👍', users: [bob] }], version: 2 };
    client.live('DirectMessageUpdated').push({ directMessageUpdated: reacted });
    expect(chat.conversation(dmKey('Bob')).messages.at(-1)).toMatchObject({ id: '7', reactions: [{ emoji: '👍', users: [bob] }] });
    client.live('DirectMessageUpdated').push({ directMessageUpdated: { ...direct('3', { id: '5', name: 'Eve' }, ada), version: 2 } });
    expect(chat.conversation(dmKey('Eve')).messages).toEqual([]);
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
    expect(chat.markers.unread(channelKey('1'))).toBe(1);
    expect(chat.markers.unread(dmKey('Bob'))).toBe(1);
    expect(chat.markers.total).toBe(2);

    // The open channel's messages come by both streams: shown once, never counted.
    activity.push({ channelActivity: message('1', '2') });
    client.live('MessageAdded').push({ messageAdded: message('1', '2') });
    expect(chat.markers.unread(channelKey('2'))).toBe(0);
    expect(chat.conversation(channelKey('2')).messages.map((m) => m.id)).toEqual(['1']);

    chat.open(channelKey('1'));
    expect(chat.markers.unread(channelKey('1'))).toBe(0);
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
    expect(chat.markers.unread(channelKey('1'))).toBe(1);
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

  it('should mark a channel or a person the server does not know as missing', async () => {
    const { chat } = setUp({
      ChannelHistory: () => ({ data: { channel: null } }),
      DirectMessages: () => ({
        error: { graphQLErrors: [{ message: 'There is no user named "ghost".', extensions: { code: 'NOT_FOUND' } }] },
      }),
    });
    await chat.connected();
    chat.open(channelKey('99'));
    await settle();
    expect(chat.conversation(channelKey('99'))).toMatchObject({ missing: true, error: null });
    chat.open(chat.dmKeyFor('ghost'));
    await settle();
    expect(chat.conversation(dmKey('ghost'))).toMatchObject({ missing: true, error: null });
  });

  it('should drop the draft of a conversation when its message is sent', async () => {
    const { chat } = setUp({ SendMessage: () => ({ error: { networkError: new TypeError('Failed to fetch') } }) });
    await chat.connected();
    chat.drafts.set(channelKey('1'), 'almost');
    chat.send(channelKey('1'), 'almost');
    expect(chat.drafts.has(channelKey('1'))).toBe(false);
  });

  it('should keep a message written while reconnecting waiting, and send it once connected', async () => {
    const { client, chat } = setUp({
      SendMessage: (v) => ({ data: { sendMessage: message('60', '1', ada, { body: v.body, clientId: v.clientId }) } }),
    });
    await chat.connected();
    chat.open(channelKey('1'));
    await settle();
    chat.disconnected();
    chat.send(channelKey('1'), 'while away');
    expect(chat.conversation(channelKey('1')).messages.at(-1)).toMatchObject({ status: 'waiting' });
    expect(client.count('SendMessage')).toBe(0);
    await chat.connected();
    await settle();
    expect(client.count('SendMessage')).toBe(1);
    expect(chat.conversation(channelKey('1')).messages.at(-1)).toMatchObject({ id: '60', status: 'sent' });
  });

  it('should list a channel created while connected, in its place, and count its messages', async () => {
    const { client, chat, liveNames } = setUp();
    await chat.connected();
    client.live('ChannelAdded').push({ channelAdded: { id: '3', name: 'new' } });
    expect(chat.channelName('3')).toBe('new');
    expect(chat.channels.map((c) => c.name)).toEqual(['empty', 'general', 'new']);
    client.live('ChannelActivity').push({ channelActivity: message('1', '3') });
    expect(chat.markers.unread(channelKey('3'))).toBe(1);
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

describe('ChatState changing messages', () => {
  it("should show an own edit at once and keep the server's copy of it", async () => {
    let answer: (value: unknown) => void = () => {};
    const { client, chat, histories } = setUp({
      EditMessage: (v) =>
        new Promise((resolve) => (answer = resolve)).then(() => ({
          data: { editMessage: message(v.id as string, '1', ada, { body: v.body, editedAt: '2025-03-01T10:05:00.000Z', version: 2 }) },
        })),
    });
    histories['1'] = [message('40', '1', ada)];
    await chat.connected();
    const key = channelKey('1');
    chat.open(key);
    await settle();
    chat.changes.edit(key, '40', '  fixed  ');
    expect(chat.conversation(key).messages[0]).toMatchObject({ body: 'fixed', editedAt: expect.any(String), version: 1 });
    answer(undefined);
    await settle();
    await settle();
    expect(chat.conversation(key).messages[0]).toMatchObject({ body: 'fixed', editedAt: '2025-03-01T10:05:00.000Z', version: 2 });
    expect(client.calls.find((c) => c.name === 'EditMessage')!.variables).toEqual({ channelId: '1', id: '40', body: 'fixed' });
    // Someone else's message is not one's own to edit or delete.
    chat.changes.edit(key, '41', 'mine now');
    chat.changes.delete(key, '41');
    expect(client.count('EditMessage')).toBe(1);
    expect(client.count('DeleteMessage')).toBe(0);
  });

  it('should roll a refused reaction back, with a note that says why', async () => {
    const { chat } = setUp({
      React: () => ({
        error: { graphQLErrors: [{ message: 'At most 20 different emoji on one message.', extensions: { code: 'BAD_USER_INPUT' } }] },
      }),
    });
    await chat.connected();
    const key = channelKey('1');
    chat.open(key);
    await settle();
    chat.changes.react(key, '41', '🎉', true);
    expect(chat.conversation(key).messages[1]!.reactions).toEqual([{ emoji: '🎉', users: [ada] }]);
    await settle();
    expect(chat.conversation(key).messages[1]).toMatchObject({
      reactions: [],
      note: 'Reaction not saved: At most 20 different emoji on one message.',
    });
  });
});
