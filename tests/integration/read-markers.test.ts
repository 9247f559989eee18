import { describe, expect, it } from 'vitest';
import { Topic } from '../../server/domain/ports/events.port.js';
import { useChatServer } from '../support/chat-fixture.js';
import { errorCode, postGraphQL, type SignedIn } from '../support/http-client.js';
import { CHANNEL_ACTIVITY, CREATE_CHANNEL, SEND_DIRECT, SEND_MESSAGE } from '../support/operations.js';
import {
  CHANNEL_ADDED_WITH_COUNTS,
  CHANNELS_WITH_COUNTS,
  CHANNEL_WITH_COUNTS,
  DIRECT_CONVERSATIONS,
  MARK_DIRECT_READ,
  MARK_READ,
  READ_MARKER_MOVED,
} from '../support/read-marker-operations.js';

const chat = useChatServer({ users: { ada: 'Ada', bob: 'Bob', carol: 'Carol' } });

const as = async (user: SignedIn, query: string, variables: Record<string, unknown> = {}) => {
  const response = await postGraphQL(chat.server.httpUrl, query, variables, { token: user.token });
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data;
};
let channels = 0;
const newChannel = async (creator: SignedIn) =>
  (await as(creator, CREATE_CHANNEL, { name: `marks ${++channels}` })).createChannel.id as string;
const send = async (author: SignedIn, channelId: string, body: string) => (await as(author, SEND_MESSAGE, { channelId, body })).sendMessage;
const countsOf = async (user: SignedIn, id: string) => (await as(user, CHANNEL_WITH_COUNTS, { id })).channel;

describe('unread counts and read markers', () => {
  it('should count for each user what others wrote after their marker, and the mentions of them', async () => {
    const { ada, bob, carol } = chat.users;
    const channelId = await newChannel(bob);
    const first = await send(ada, channelId, 'hello');
    await send(bob, channelId, 'hi @Ada');
    const last = await send(carol, channelId, 'hi all');

    const listed = (await as(ada, CHANNELS_WITH_COUNTS)).channels.find((channel: { id: string }) => channel.id === channelId);
    expect(listed).toMatchObject({ lastReadId: first.id, unreadCount: 2, mentionCount: 1 });
    expect(await countsOf(bob, channelId)).toEqual({ id: channelId, lastReadId: expect.any(String), unreadCount: 1, mentionCount: 0 });
    expect(await countsOf(carol, channelId)).toEqual({ id: channelId, lastReadId: last.id, unreadCount: 0, mentionCount: 0 });

    expect((await as(ada, MARK_READ, { channelId, messageId: last.id })).markRead).toEqual({
      id: channelId,
      lastReadId: last.id,
      unreadCount: 0,
      mentionCount: 0,
    });
    // Back is no move: the marker stays at the newest it reached.
    expect((await as(ada, MARK_READ, { channelId, messageId: first.id })).markRead.lastReadId).toBe(last.id);
    expect((await countsOf(bob, channelId)).unreadCount).toBe(1);
  });

  it('should answer the counts of many channels in one answer, each channel its own', async () => {
    const { ada, bob } = chat.users;
    const ids = [await newChannel(ada), await newChannel(ada), await newChannel(ada)];
    for (const [i, id] of ids.entries()) for (let n = 0; n < i; n++) await send(bob, id, `m${n} @Ada`);
    const listed = (await as(ada, CHANNELS_WITH_COUNTS)).channels as { id: string; unreadCount: number; mentionCount: number }[];
    expect(ids.map((id) => listed.find((channel) => channel.id === id))).toMatchObject([
      { unreadCount: 0, mentionCount: 0 },
      { unreadCount: 1, mentionCount: 1 },
      { unreadCount: 2, mentionCount: 2 },
    ]);
  });

  it('should refuse a marker above the newest message, in a channel that does not exist, or at a message of another channel', async () => {
    const { ada, bob } = chat.users;
    const channelId = await newChannel(bob);
    const otherId = await newChannel(bob);
    await send(bob, channelId, 'one');
    const elsewhere = await send(bob, otherId, 'elsewhere');
    const newest = await send(bob, channelId, 'two');
    const mark = (variables: Record<string, unknown>) => postGraphQL(chat.server.httpUrl, MARK_READ, variables, { token: ada.token });
    expect(errorCode(await mark({ channelId, messageId: String(Number(newest.id) + 100) }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await mark({ channelId: '987654', messageId: newest.id }))).toBe('NOT_FOUND');
    expect(errorCode(await mark({ channelId, messageId: elsewhere.id }))).toBe('NOT_FOUND');
    expect(errorCode(await mark({ channelId, messageId: 'nope' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await postGraphQL(chat.server.httpUrl, MARK_READ, { channelId, messageId: newest.id }))).toBe('UNAUTHENTICATED');
  });

  it("should list a user's direct conversations, most recently active first, and mark them read", async () => {
    const { ada, bob, carol } = chat.users;
    const dm = async (from: SignedIn, to: string, body: string) => (await as(from, SEND_DIRECT, { to, body })).sendDirectMessage;
    await dm(bob, 'Ada', 'from bob');
    const fromCarol = await dm(carol, 'Ada', 'from carol');
    const late = await dm(bob, 'Ada', 'bob again');
    const listed = (await as(ada, DIRECT_CONVERSATIONS)).directConversations;
    expect(listed.slice(0, 2)).toEqual([
      { with: { id: bob.user.id, name: 'Bob' }, lastMessage: { id: late.id, body: 'bob again' }, lastReadId: null, unreadCount: 2 },
      {
        with: { id: carol.user.id, name: 'Carol' },
        lastMessage: { id: fromCarol.id, body: 'from carol' },
        lastReadId: null,
        unreadCount: 1,
      },
    ]);
    expect((await as(ada, MARK_DIRECT_READ, { with: 'bob', messageId: late.id })).markDirectRead).toEqual({
      with: { id: bob.user.id, name: 'Bob' },
      lastMessage: { id: late.id, body: 'bob again' },
      lastReadId: late.id,
      unreadCount: 0,
    });
    // Bob's own messages are never unread to him.
    const bobs = (await as(bob, DIRECT_CONVERSATIONS)).directConversations;
    expect(bobs.find((conversation: { with: { id: string } }) => conversation.with.id === ada.user.id)).toMatchObject({
      lastReadId: late.id,
      unreadCount: 0,
    });
    const tooFar = await postGraphQL(
      chat.server.httpUrl,
      MARK_DIRECT_READ,
      { with: 'bob', messageId: String(Number(late.id) + 1) },
      {
        token: ada.token,
      },
    );
    expect(errorCode(tooFar)).toBe('BAD_USER_INPUT');
  });
});

describe('readMarkerMoved', () => {
  it("should tell the user's other sockets where a marker moved, and nobody else", async () => {
    const { ada, bob } = chat.users;
    const channelId = await newChannel(bob);
    await send(bob, channelId, 'one');
    const second = await send(bob, channelId, 'two @Ada');
    const [tab, otherTab, bobs] = [chat.open(ada.token), chat.open(ada.token), chat.open(bob.token)];
    const streams = [tab, otherTab, bobs].map((socket) => socket.subscribe(READ_MARKER_MOVED));
    await Promise.all([tab, otherTab, bobs].map((socket) => socket.flush()));

    await as(ada, MARK_READ, { channelId, messageId: second.id });
    const moved = { channelId, with: null, lastReadId: second.id, unreadCount: 0, mentionCount: 0 };
    expect((await streams[0]!.next()).data.readMarkerMoved).toEqual(moved);
    expect((await streams[1]!.next()).data.readMarkerMoved).toEqual(moved);
    // Bob's first event is his own send, the sentinel: nothing of Ada's came before it.
    const sentinel = await send(bob, channelId, 'sentinel');
    expect((await streams[2]!.next()).data.readMarkerMoved).toEqual({ ...moved, lastReadId: sentinel.id });
  });

  it("should announce the sender's marker moving to their message, in a channel and in a conversation", async () => {
    const { ada, bob } = chat.users;
    const channelId = await newChannel(ada);
    const otherTab = chat.open(ada.token);
    const stream = otherTab.subscribe(READ_MARKER_MOVED);
    await otherTab.flush();
    const sent = await send(ada, channelId, 'mine');
    const direct = (await as(ada, SEND_DIRECT, { to: 'Bob', body: 'psst' })).sendDirectMessage;
    expect((await stream.next()).data.readMarkerMoved).toEqual({
      channelId,
      with: null,
      lastReadId: sent.id,
      unreadCount: 0,
      mentionCount: 0,
    });
    expect((await stream.next()).data.readMarkerMoved).toEqual({
      channelId: null,
      with: { id: bob.user.id, name: 'Bob' },
      lastReadId: direct.id,
      unreadCount: 0,
      mentionCount: 0,
    });
  });
});

describe('viewer-dependent fields under shared subscriptions', () => {
  it("should give each subscriber of channelAdded their own counts, never another user's", async () => {
    const { ada, bob, carol } = chat.users;
    const channelId = await newChannel(carol);
    const adasOwn = await send(ada, channelId, 'from ada');
    const bobsOwn = await send(bob, channelId, 'hi @Ada');
    await send(carol, channelId, 'hey @Bob');
    const [adaSocket, bobSocket] = [chat.open(ada.token), chat.open(bob.token)];
    const [toAda, toBob] = [adaSocket.subscribe(CHANNEL_ADDED_WITH_COUNTS), bobSocket.subscribe(CHANNEL_ADDED_WITH_COUNTS)];
    // Activity with the same selection for both, shared, keeps working beside it.
    const [activityAda, activityBob] = [adaSocket.subscribe(CHANNEL_ACTIVITY), bobSocket.subscribe(CHANNEL_ACTIVITY)];
    await Promise.all([adaSocket.flush(), bobSocket.flush()]);

    // One event object for both subscribers, for a channel in which their counts differ.
    await chat.server.server.bus.publish(Topic.ChannelAdded, { id: channelId, name: 'shared event', createdAt: new Date().toISOString() });
    expect((await toAda.next()).data.channelAdded).toEqual({
      id: channelId,
      name: 'shared event',
      lastReadId: adasOwn.id,
      unreadCount: 2,
      mentionCount: 1,
    });
    expect((await toBob.next()).data.channelAdded).toEqual({
      id: channelId,
      name: 'shared event',
      lastReadId: bobsOwn.id,
      unreadCount: 1,
      mentionCount: 1,
    });

    const sentinel = await send(bob, channelId, 'activity');
    expect((await activityAda.next()).data.channelActivity.id).toBe(sentinel.id);
    expect((await activityBob.next()).data.channelActivity.id).toBe(sentinel.id);
  });

  it('should give counts under channelAdded to every subscriber of a newly created channel', async () => {
    const { ada, bob } = chat.users;
    const [adaSocket, bobSocket] = [chat.open(ada.token), chat.open(bob.token)];
    const [toAda, toBob] = [adaSocket.subscribe(CHANNEL_ADDED_WITH_COUNTS), bobSocket.subscribe(CHANNEL_ADDED_WITH_COUNTS)];
    await Promise.all([adaSocket.flush(), bobSocket.flush()]);
    const channelId = await newChannel(ada);
    for (const stream of [toAda, toBob])
      expect((await stream.next()).data.channelAdded).toMatchObject({ id: channelId, lastReadId: null, unreadCount: 0, mentionCount: 0 });
  });
});
