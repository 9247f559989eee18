import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useChatServer } from '../support/chat-fixture.js';
import { errorCode, login, postGraphQL, type SignedIn } from '../support/http-client.js';
import { CHANNEL, CREATE_CHANNEL, MESSAGE_ADDED, SEND_MESSAGE } from '../support/operations.js';

const LIMIT = 5;

// These tests create more channels per user than a person would in an hour.
const chat = useChatServer({
  env: { MESSAGE_LIMIT: String(LIMIT), USER_CHANNEL_BURST: '1000' },
  users: { ada: 'Ada', bob: 'Bob', cy: 'Cy' },
});

let channelCount = 0;
async function newChannel(): Promise<string> {
  const response = await postGraphQL(
    chat.server.httpUrl,
    CREATE_CHANNEL,
    { name: `room ${++channelCount}` },
    { token: chat.users.ada.token },
  );
  return response.data.createChannel.id;
}
const send = (channelId: string, body: unknown, options: { clientId?: string; as?: SignedIn } = {}) =>
  postGraphQL(
    chat.server.httpUrl,
    SEND_MESSAGE,
    { channelId, body, clientId: options.clientId },
    { token: (options.as ?? chat.users.ada).token },
  );
async function history(channelId: string, last?: number) {
  const response = await postGraphQL(chat.server.httpUrl, CHANNEL, { id: channelId, last }, { token: chat.users.bob.token });
  return response.data.channel.messages as { id: string; body: string; clientId: string | null }[];
}
const storedRows = (channelId: string) => {
  const db = new Database(join(chat.tempDir, 'chat.db'), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM messages WHERE channel_id = ?').get(channelId) as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('sending messages', () => {
  it('should store a message and return it with its author and time', async () => {
    const channelId = await newChannel();
    const response = await send(channelId, 'Hello, world');
    expect(response.errors).toBeUndefined();
    expect(response.data.sendMessage).toMatchObject({
      channelId,
      body: 'Hello, world',
      clientId: null,
      author: { id: chat.users.ada.user.id, name: 'Ada' },
    });
    expect(Date.now() - Date.parse(response.data.sendMessage.createdAt)).toBeLessThan(60_000);
    expect(await history(channelId)).toEqual([expect.objectContaining({ id: response.data.sendMessage.id, body: 'Hello, world' })]);
  });

  it('should need a session to send', async () => {
    const response = await postGraphQL(chat.server.httpUrl, SEND_MESSAGE, { channelId: '1', body: 'anonymous' });
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
  });

  it('should trim the body and keep its inner line breaks and tabs', async () => {
    const channelId = await newChannel();
    const { data } = await send(channelId, '  \n first line\r\nsecond\tline\n\nlast  \n ');
    expect(data.sendMessage.body).toBe('first line\nsecond\tline\n\nlast');
  });

  it('should keep any Unicode intact', async () => {
    const channelId = await newChannel();
    const body = 'Grüße, 世界! 👩🏽‍💻 ← עברית, مرحبا, e\u0301';
    expect((await send(channelId, body)).data.sendMessage.body).toBe(body);
    expect((await history(channelId))[0]!.body).toBe(body);
  });

  it('should accept bodies up to 4,000 characters, counted by code points', async () => {
    const channelId = await newChannel();
    expect((await send(channelId, 'a'.repeat(4000))).errors).toBeUndefined();
    expect((await send(channelId, '😀'.repeat(4000))).errors).toBeUndefined();
    expect((await send(channelId, `  ${'b'.repeat(4000)}  `)).errors).toBeUndefined();
  });

  it('should refuse empty, over-long and control-character bodies with BAD_USER_INPUT', async () => {
    const channelId = await newChannel();
    for (const body of [
      '',
      '   ',
      '\n\t\n',
      'a'.repeat(4001),
      '😀'.repeat(4001),
      'ring\u0007',
      'nul\u0000byte',
      'esc\u001b[31m',
      'del\u007f',
    ]) {
      const response = await send(channelId, body);
      expect(errorCode(response), JSON.stringify(body.slice(0, 20))).toBe('BAD_USER_INPUT');
      expect(response.errors![0]!.extensions!.field).toBe('body');
      expect(response.errors![0]!.message).toMatch(/message/i);
    }
    expect(await history(channelId)).toEqual([]);
  });

  it('should answer NOT_FOUND for an unknown channel and BAD_USER_INPUT for a malformed id', async () => {
    expect(errorCode(await send('999999', 'hello?'))).toBe('NOT_FOUND');
    for (const channelId of ['abc', '0', '-1', '1.5', ' 1', '99999999999999999999', ''])
      expect(errorCode(await send(channelId, 'hello?')), channelId).toBe('BAD_USER_INPUT');
  });

  it('should give messages ids that increase within a channel', async () => {
    const channelId = await newChannel();
    const ids: number[] = [];
    const { ada, bob, cy } = chat.users;
    for (const [index, who] of [ada, bob, cy, ada].entries())
      ids.push(Number((await send(channelId, `n${index}`, { as: who })).data.sendMessage.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect((await history(channelId)).map((message) => Number(message.id))).toEqual(ids);
  });
});

describe('the message cap', () => {
  it(`should keep only the newest MESSAGE_LIMIT messages of a channel`, async () => {
    const channelId = await newChannel();
    const other = await newChannel();
    await send(other, 'in another room');
    const sent: string[] = [];
    for (let index = 1; index <= LIMIT + 3; index++) sent.push((await send(channelId, `message ${index}`)).data.sendMessage.id);
    const kept = await history(channelId);
    expect(kept.map((message) => message.body)).toEqual([4, 5, 6, 7, 8].map((n) => `message ${n}`));
    expect(kept.map((message) => message.id)).toEqual(sent.slice(-LIMIT));
    expect(storedRows(channelId)).toBe(LIMIT);
    expect(await history(other)).toHaveLength(1);
  });

  it('should resume with only the retained messages when the ones after `after` were removed', async () => {
    const channelId = await newChannel();
    const first = (await send(channelId, 'first')).data.sendMessage.id;
    const sent: string[] = [];
    for (let index = 1; index <= LIMIT + 2; index++) sent.push((await send(channelId, `later ${index}`)).data.sendMessage.id);
    const socket = chat.open(chat.users.bob.token);
    const stream = socket.subscribe(MESSAGE_ADDED, { channelId, after: first });
    const replayed = [];
    for (let n = 0; n < LIMIT; n++) replayed.push((await stream.next()).data.messageAdded.id);
    expect(replayed).toEqual(sent.slice(-LIMIT));
    // Nothing of what was removed comes after them: the next message is the next one sent.
    const sentinel = (await send(channelId, 'sentinel')).data.sendMessage.id;
    expect((await stream.next()).data.messageAdded.id).toBe(sentinel);
  });

  it('should return the newest `last` messages, oldest first', async () => {
    const channelId = await newChannel();
    for (let index = 1; index <= 4; index++) await send(channelId, `m${index}`);
    expect((await history(channelId, 2)).map((message) => message.body)).toEqual(['m3', 'm4']);
    expect(await history(channelId, 0)).toEqual([]);
    expect((await history(channelId, 1000)).map((message) => message.body)).toEqual(['m1', 'm2', 'm3', 'm4']);
    const negative = await postGraphQL(chat.server.httpUrl, CHANNEL, { id: channelId, last: -1 }, { token: chat.users.ada.token });
    expect(errorCode(negative)).toBe('BAD_USER_INPUT');
  });
});

describe('idempotent sends', () => {
  it('should return the first message when the author resends a clientId, and store and deliver it once', async () => {
    const channelId = await newChannel();
    const watcher = chat.open(chat.users.bob.token);
    const stream = watcher.subscribe(MESSAGE_ADDED, { channelId });
    await watcher.flush();

    const first = await send(channelId, 'only once', { clientId: 'c-1' });
    const again = await send(channelId, 'only once (retry)', { clientId: 'c-1' });
    expect(again.errors).toBeUndefined();
    expect(again.data.sendMessage).toEqual(first.data.sendMessage);
    expect(first.data.sendMessage.clientId).toBe('c-1');
    expect((await stream.next()).data.messageAdded.id).toBe(first.data.sendMessage.id);
    // The resend was not delivered again: the next message is the next one sent.
    const sentinel = await send(channelId, 'sentinel', { clientId: 'c-2' });
    expect((await stream.next()).data.messageAdded.id).toBe(sentinel.data.sendMessage.id);
    expect((await history(channelId)).map((message) => message.id)).toEqual([first.data.sendMessage.id, sentinel.data.sendMessage.id]);
  });

  it('should treat the same clientId from another author or in another channel as a new message', async () => {
    const channelId = await newChannel();
    const otherChannel = await newChannel();
    const mine = await send(channelId, 'mine', { clientId: 'shared' });
    const theirs = await send(channelId, 'theirs', { clientId: 'shared', as: chat.users.bob });
    const elsewhere = await send(otherChannel, 'elsewhere', { clientId: 'shared' });
    expect(new Set([mine, theirs, elsewhere].map((response) => response.data.sendMessage.id)).size).toBe(3);
    expect((await history(channelId)).map((message) => message.body)).toEqual(['mine', 'theirs']);
  });

  it('should dedupe resends that race each other', async () => {
    const channelId = await newChannel();
    const responses = await Promise.all(Array.from({ length: 5 }, () => send(channelId, 'racing', { clientId: 'race-1' })));
    expect(new Set(responses.map((response) => response.data.sendMessage.id)).size).toBe(1);
    expect(await history(channelId)).toHaveLength(1);
  });

  it('should refuse a malformed clientId', async () => {
    const channelId = await newChannel();
    for (const clientId of ['', 'with space', 'x'.repeat(65), 'ctl\u0001'])
      expect(errorCode(await send(channelId, 'hello', { clientId })), JSON.stringify(clientId)).toBe('BAD_USER_INPUT');
  });
});

describe('live delivery', () => {
  it('should deliver each message to two and three subscribers, in order, once', async () => {
    const channelId = await newChannel();
    const watchers = [chat.open(chat.users.ada.token), chat.open(chat.users.bob.token), chat.open(chat.users.cy.token)];
    const streams = watchers.map((socket) => socket.subscribe(MESSAGE_ADDED, { channelId }));
    await Promise.all(watchers.map((socket) => socket.flush()));

    const sent = [];
    const { ada, bob, cy } = chat.users;
    for (const [index, who] of [ada, bob, cy, bob].entries())
      sent.push((await send(channelId, `hi ${index}`, { as: who })).data.sendMessage);
    // Once each: after them, every stream's next message is the next one sent.
    const sentinel = (await send(channelId, 'sentinel')).data.sendMessage;
    for (const stream of streams) {
      for (const message of sent) expect((await stream.next()).data.messageAdded).toEqual(message);
      expect((await stream.next()).data.messageAdded).toEqual(sentinel);
    }
  });

  it('should give every subscriber the same order when three clients post at once', async () => {
    const channelId = await newChannel();
    const watchers = [chat.open(chat.users.ada.token), chat.open(chat.users.bob.token)];
    const streams = watchers.map((socket) => socket.subscribe(MESSAGE_ADDED, { channelId }));
    await Promise.all(watchers.map((socket) => socket.flush()));

    const posters = [chat.users.ada, chat.users.bob, chat.users.cy].map((who) => chat.open(who.token));
    await Promise.all(
      posters.map((socket, poster) =>
        Promise.all(Array.from({ length: 4 }, (_, n) => socket.execute(SEND_MESSAGE, { channelId, body: `p${poster}-${n}` }))),
      ),
    );
    const seen = await Promise.all(
      streams.map(async (stream) => {
        const ids: number[] = [];
        for (let n = 0; n < 12; n++) ids.push(Number((await stream.next()).data.messageAdded.id));
        return ids;
      }),
    );
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0]).toEqual([...seen[0]!].sort((a, b) => a - b));
    expect(new Set(seen[0]).size).toBe(12);
  });

  it('should not deliver messages of other channels', async () => {
    const channelId = await newChannel();
    const other = await newChannel();
    const watcher = chat.open(chat.users.bob.token);
    const stream = watcher.subscribe(MESSAGE_ADDED, { channelId });
    await watcher.flush();
    await send(other, 'not for you');
    // Sent after it, a message of the channel itself must be the first to arrive.
    const sentinel = (await send(channelId, 'for you')).data.sendMessage;
    expect((await stream.next()).data.messageAdded).toEqual(sentinel);
  });

  it('should refuse to subscribe to an unknown or malformed channel', async () => {
    const watcher = chat.open(chat.users.bob.token);
    expect((await watcher.subscribe(MESSAGE_ADDED, { channelId: '999999' }).next()).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await watcher.subscribe(MESSAGE_ADDED, { channelId: 'x' }).next()).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('should show whether the author is online', async () => {
    const channelId = await newChannel();
    const watcher = chat.open(chat.users.bob.token);
    await watcher.ready;
    await send(channelId, 'from bob', { as: chat.users.bob });
    // Dee never opens a socket.
    await send(channelId, 'from dee', { as: await login(chat.server.httpUrl, 'Dee') });
    const response = await postGraphQL(
      chat.server.httpUrl,
      `query ($id: ID!) { channel(id: $id) { messages { author { name online } } } }`,
      { id: channelId },
      { token: chat.users.ada.token },
    );
    const authors = response.data.channel.messages.map((message: { author: unknown }) => message.author);
    expect(authors).toEqual([
      { name: 'Bob', online: true },
      { name: 'Dee', online: false },
    ]);
  });

  it('should send messages over WebSocket too', async () => {
    const channelId = await newChannel();
    const socket = chat.open(chat.users.cy.token);
    const result = await socket.execute(SEND_MESSAGE, { channelId, body: 'via socket', clientId: 'ws-1' });
    expect(result.data.sendMessage).toMatchObject({ body: 'via socket', clientId: 'ws-1', author: { name: 'Cy' } });
    expect((await socket.execute(SEND_MESSAGE, { channelId, body: ' ' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
