import { describe, expect, it } from 'vitest';
import { useChatServer } from '../support/chat-fixture.js';
import { postGraphQL } from '../support/http-client.js';
import { CREATE_CHANNEL, DIRECT_ADDED, MESSAGE_ADDED, SEND_DIRECT, SEND_MESSAGE } from '../support/operations.js';
import type { ResultStream } from '../support/ws-client.js';

const chat = useChatServer({ users: { ada: 'Ada', bob: 'Bob' } });

let channelCount = 0;
async function newChannel(): Promise<string> {
  const response = await postGraphQL(
    chat.server.httpUrl,
    CREATE_CHANNEL,
    { name: `resume ${++channelCount}` },
    { token: chat.users.ada.token },
  );
  return response.data.createChannel.id;
}
async function send(channelId: string, body: string): Promise<string> {
  const response = await postGraphQL(chat.server.httpUrl, SEND_MESSAGE, { channelId, body }, { token: chat.users.ada.token });
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.sendMessage.id;
}
async function take(stream: ResultStream<any>, count: number, field = 'messageAdded'): Promise<{ id: string; body: string }[]> {
  const items = [];
  for (let n = 0; n < count; n++) {
    const result = await stream.next();
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    items.push(result.data[field]);
  }
  return items;
}

describe('resuming a channel with `after`', () => {
  it('should deliver exactly the messages missed while disconnected, then live ones', async () => {
    const channelId = await newChannel();
    const first = chat.open(chat.users.bob.token);
    const stream = first.subscribe(MESSAGE_ADDED, { channelId });
    await first.flush();
    await send(channelId, 'seen 1');
    const lastSeen = await send(channelId, 'seen 2');
    expect((await take(stream, 2)).map((message) => message.body)).toEqual(['seen 1', 'seen 2']);

    await first.dispose();
    await first.closed;
    const missed = [await send(channelId, 'missed 1'), await send(channelId, 'missed 2'), await send(channelId, 'missed 3')];

    const second = chat.open(chat.users.bob.token);
    const resumed = second.subscribe(MESSAGE_ADDED, { channelId, after: lastSeen });
    const replayed = await take(resumed, 3);
    expect(replayed.map((message) => message.id)).toEqual(missed);
    expect(replayed.map((message) => message.body)).toEqual(['missed 1', 'missed 2', 'missed 3']);
    await second.flush();
    const live = await send(channelId, 'live');
    expect((await take(resumed, 1))[0]!.id).toBe(live);
    // Nothing replayed twice, nothing live delivered twice: the next message is the next one sent.
    const sentinel = await send(channelId, 'sentinel');
    expect((await take(resumed, 1))[0]!.id).toBe(sentinel);
  });

  it('should replay every retained message with after: 0', async () => {
    const channelId = await newChannel();
    const ids = [await send(channelId, 'a'), await send(channelId, 'b')];
    const socket = chat.open(chat.users.bob.token);
    const stream = socket.subscribe(MESSAGE_ADDED, { channelId, after: '0' });
    expect((await take(stream, 2)).map((message) => message.id)).toEqual(ids);
    await socket.flush();
    // The replay ends there: the next message is the next one sent.
    const sentinel = await send(channelId, 'sentinel');
    expect((await take(stream, 1))[0]!.id).toBe(sentinel);
  });

  it('should replay nothing when the client is up to date', async () => {
    const channelId = await newChannel();
    const latest = await send(channelId, 'latest');
    const socket = chat.open(chat.users.bob.token);
    const stream = socket.subscribe(MESSAGE_ADDED, { channelId, after: latest });
    await socket.flush();
    // A replay would come before anything live: the first message is the next one sent.
    const next = await send(channelId, 'next');
    expect((await take(stream, 1))[0]!.id).toBe(next);
  });

  it('should lose nothing and repeat nothing when messages are posted while the replay runs', async () => {
    const channelId = await newChannel();
    const before = [];
    for (let n = 0; n < 10; n++) before.push(await send(channelId, `before ${n}`));
    const after = before[4]!;

    const posted: string[] = [];
    let posting = true;
    const poster = (async () => {
      for (let n = 0; posting && n < 60; n++) posted.push(await send(channelId, `during ${n}`));
    })();
    // Subscribe while the poster is in full flight.
    while (posted.length < 5) await new Promise((resolve) => setTimeout(resolve, 1));
    const socket = chat.open(chat.users.bob.token);
    const stream = socket.subscribe(MESSAGE_ADDED, { channelId, after });
    while (posted.length < 30) await new Promise((resolve) => setTimeout(resolve, 1));
    posting = false;
    await poster;

    const expected = [...before, ...posted].filter((id) => Number(id) > Number(after));
    const received = (await take(stream, expected.length)).map((message) => message.id);
    expect(received).toEqual(expected);
    // Nothing repeated after them either: the next message is the next one sent.
    const sentinel = await send(channelId, 'sentinel');
    expect((await take(stream, 1))[0]!.id).toBe(sentinel);
  });

  it('should refuse a malformed `after` with BAD_USER_INPUT', async () => {
    const socket = chat.open(chat.users.bob.token);
    for (const after of ['abc', '-5', '1e3']) {
      const result = await socket.subscribe(MESSAGE_ADDED, { channelId: '1', after }).next();
      expect(result.errors?.[0]?.extensions?.code, after).toBe('BAD_USER_INPUT');
    }
  });

  it('should end a subscription when the client unsubscribes, and keep the others', async () => {
    const channelId = await newChannel();
    const socket = chat.open(chat.users.bob.token);
    const kept = socket.subscribe(MESSAGE_ADDED, { channelId });
    const dropped = socket.subscribe(MESSAGE_ADDED, { channelId });
    await socket.flush();
    dropped.unsubscribe();
    await socket.flush();
    const since = socket.received.length;
    const id = await send(channelId, 'after unsubscribe');
    expect((await take(kept, 1))[0]!.id).toBe(id);
    // graphql-ws's client drops what comes for an operation it let go of, so
    // the socket's own record is read. Both subscriptions would get each
    // message in the same round: once the sentinel reached the one kept,
    // anything for the one dropped would have arrived too.
    const sentinel = await send(channelId, 'sentinel');
    expect((await take(kept, 1))[0]!.id).toBe(sentinel);
    const nexts = socket.received.slice(since).filter((message) => message.type === 'next');
    expect(nexts).toHaveLength(2);
    expect(new Set(nexts.map((message) => message.id)).size).toBe(1);
  });
});

describe('resuming direct messages with `after`', () => {
  it('should deliver exactly the direct messages missed while disconnected, then live ones', async () => {
    const sendDirect = async (body: string) =>
      (await postGraphQL(chat.server.httpUrl, SEND_DIRECT, { to: 'Bob', body }, { token: chat.users.ada.token })).data.sendDirectMessage
        .id as string;
    const first = chat.open(chat.users.bob.token);
    const stream = first.subscribe(DIRECT_ADDED);
    await first.flush();
    const seen = await sendDirect('seen');
    expect((await take(stream, 1, 'directMessageAdded'))[0]!.id).toBe(seen);
    await first.dispose();

    const missed = [await sendDirect('missed 1'), await sendDirect('missed 2')];
    const second = chat.open(chat.users.bob.token);
    const resumed = second.subscribe(DIRECT_ADDED, { after: seen });
    expect((await take(resumed, 2, 'directMessageAdded')).map((message) => message.id)).toEqual(missed);
    await second.flush();
    const live = await sendDirect('live');
    expect((await take(resumed, 1, 'directMessageAdded'))[0]!.id).toBe(live);
    const sentinel = await sendDirect('sentinel');
    expect((await take(resumed, 1, 'directMessageAdded'))[0]!.id).toBe(sentinel);
  });

  it('should refuse a malformed `after` on direct messages', async () => {
    const socket = chat.open(chat.users.bob.token);
    expect((await socket.subscribe(DIRECT_ADDED, { after: 'x' }).next()).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
