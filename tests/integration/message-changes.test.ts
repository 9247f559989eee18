import { describe, expect, it } from 'vitest';
import { useChatServer } from '../support/chat-fixture.js';
import { errorCode, login, postGraphQL, type SignedIn } from '../support/http-client.js';
import { CREATE_CHANNEL } from '../support/operations.js';
import { DELETE_MESSAGE, EDIT_MESSAGE, HISTORY, MESSAGE_UPDATED, REACT, SEND_TRACKED } from '../support/message-change-operations.js';

const LIMIT = 3;
const chat = useChatServer({
  env: { MESSAGE_LIMIT: String(LIMIT), USER_CHANNEL_BURST: '1000' },
  users: { ada: 'Ada', bob: 'Bob', cy: 'Cy' },
});

interface WireMessage {
  id: string;
  body: string;
  version: number;
  deleted: boolean;
  editedAt: string | null;
  reactions: { emoji: string; users: { id: string; name: string }[] }[];
  mentions: { id: string; name: string }[];
}

let channelCount = 0;
async function newChannel(): Promise<string> {
  const response = await postGraphQL(
    chat.server.httpUrl,
    CREATE_CHANNEL,
    { name: `changes ${++channelCount}` },
    { token: chat.users.ada.token },
  );
  return response.data.createChannel.id;
}
const call = (query: string, variables: Record<string, unknown>, as: SignedIn = chat.users.ada) =>
  postGraphQL(chat.server.httpUrl, query, variables, { token: as.token });
async function send(channelId: string, body: string, as: SignedIn = chat.users.ada): Promise<WireMessage> {
  const response = await call(SEND_TRACKED, { channelId, body }, as);
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.sendMessage;
}
async function history(channelId: string): Promise<WireMessage[]> {
  return (await call(HISTORY, { id: channelId }, chat.users.bob)).data.channel.messages;
}
const edit = (channelId: string, id: string, body: unknown, as?: SignedIn) => call(EDIT_MESSAGE, { channelId, id, body }, as);
const remove = (channelId: string, id: string, as?: SignedIn) => call(DELETE_MESSAGE, { channelId, id }, as);
const react = (channelId: string, messageId: string, emoji: string, on: boolean, as?: SignedIn) =>
  call(REACT, { channelId, messageId, emoji, on }, as);
const user = (key: 'ada' | 'bob' | 'cy') => ({ id: chat.users[key].user.id, name: chat.users[key].user.name });

describe('editing a message', () => {
  it('should replace the body, set editedAt, add one to the version, and keep it in the history', async () => {
    const channelId = await newChannel();
    const sent = await send(channelId, 'helo');
    expect(sent).toMatchObject({ version: 1, editedAt: null, deleted: false, reactions: [], mentions: [] });
    const response = await edit(channelId, sent.id, ' hello \r\n');
    expect(response.errors).toBeUndefined();
    const edited = response.data.editMessage;
    expect(edited).toEqual({ ...sent, body: 'hello', version: 2, editedAt: expect.any(String) });
    expect(Date.parse(edited.editedAt)).toBeGreaterThanOrEqual(Date.parse(edited.createdAt));
    expect(await history(channelId)).toEqual([edited]);
  });

  it('should keep the version when the same body is sent again', async () => {
    const channelId = await newChannel();
    const sent = await send(channelId, 'same');
    expect((await edit(channelId, sent.id, 'same ')).data.editMessage).toEqual(sent);
    expect(await history(channelId)).toEqual([sent]);
  });

  it('should refuse another user with FORBIDDEN, an empty body with BAD_USER_INPUT and an unknown or removed id with NOT_FOUND', async () => {
    const channelId = await newChannel();
    const sent = await send(channelId, 'mine');
    const forbidden = await edit(channelId, sent.id, 'yours', chat.users.bob);
    expect(errorCode(forbidden)).toBe('FORBIDDEN');
    expect(forbidden.errors![0]!.message).toBe('Only the author of a message may edit it.');
    expect(errorCode(await edit(channelId, sent.id, '   '))).toBe('BAD_USER_INPUT');
    expect(errorCode(await edit(channelId, 'abc', 'x'))).toBe('BAD_USER_INPUT');
    expect(errorCode(await edit(channelId, '999999', 'x'))).toBe('NOT_FOUND');
    expect(errorCode(await edit(await newChannel(), sent.id, 'x'))).toBe('NOT_FOUND');
    for (let n = 0; n < LIMIT; n++) await send(channelId, `newer ${n}`);
    expect(errorCode(await edit(channelId, sent.id, 'too late'))).toBe('NOT_FOUND');
  });

  it('should refuse to edit a deleted message with BAD_USER_INPUT', async () => {
    const channelId = await newChannel();
    const sent = await send(channelId, 'gone soon');
    await remove(channelId, sent.id);
    expect(errorCode(await edit(channelId, sent.id, 'back'))).toBe('BAD_USER_INPUT');
  });

  it('should refuse without a session with UNAUTHENTICATED', async () => {
    const channelId = await newChannel();
    const sent = await send(channelId, 'mine');
    expect(errorCode(await postGraphQL(chat.server.httpUrl, EDIT_MESSAGE, { channelId, id: sent.id, body: 'x' }))).toBe('UNAUTHENTICATED');
  });
});

describe('deleting a message', () => {
  it('should keep its id and place with an empty body and no reactions, and be no error the second time', async () => {
    const channelId = await newChannel();
    const [before, doomed, after] = [await send(channelId, 'one'), await send(channelId, 'two'), await send(channelId, 'three')];
    await react(channelId, doomed.id, '👍', true, chat.users.bob);
    const first = await remove(channelId, doomed.id);
    expect(first.errors).toBeUndefined();
    expect(first.data.deleteMessage).toEqual({ ...doomed, body: '', deleted: true, reactions: [], version: 3 });
    const second = await remove(channelId, doomed.id);
    expect(second.data.deleteMessage).toEqual(first.data.deleteMessage);
    expect((await history(channelId)).map((m) => [m.id, m.body])).toEqual([
      [before.id, 'one'],
      [doomed.id, ''],
      [after.id, 'three'],
    ]);
  });

  it('should refuse another user with FORBIDDEN', async () => {
    const channelId = await newChannel();
    const sent = await send(channelId, 'mine');
    expect(errorCode(await remove(channelId, sent.id, chat.users.bob))).toBe('FORBIDDEN');
    expect((await history(channelId))[0]!.deleted).toBe(false);
  });
});

describe('reactions', () => {
  it('should add and remove each user’s emoji, twice changing nothing', async () => {
    const channelId = await newChannel();
    const sent = await send(channelId, 'react to me');
    await react(channelId, sent.id, '👍', true, chat.users.bob);
    const both = (await react(channelId, sent.id, '👍', true, chat.users.cy)).data.react;
    expect(both).toMatchObject({ version: 3, reactions: [{ emoji: '👍', users: [user('bob'), user('cy')] }] });
    expect((await react(channelId, sent.id, '👍', true, chat.users.cy)).data.react).toEqual(both);
    const party = (await react(channelId, sent.id, '🎉', true)).data.react;
    expect(party.reactions.map((r: { emoji: string }) => r.emoji)).toEqual(['👍', '🎉']);
    const off = (await react(channelId, sent.id, '👍', false, chat.users.bob)).data.react;
    expect(off).toMatchObject({ version: 5 });
    // Each emoji keeps its place while anyone has it on.
    expect(off.reactions).toEqual([
      { emoji: '👍', users: [user('cy')] },
      { emoji: '🎉', users: [user('ada')] },
    ]);
    expect((await react(channelId, sent.id, '👍', false, chat.users.bob)).data.react).toEqual(off);
    expect((await history(channelId))[0]).toEqual(off);
  });

  it('should refuse what is not one emoji and a reaction to a deleted message with BAD_USER_INPUT, an unknown message with NOT_FOUND', async () => {
    const channelId = await newChannel();
    const sent = await send(channelId, 'react to me');
    for (const emoji of ['1', '#', '*', 'ok', '👍👍', ''])
      expect(errorCode(await react(channelId, sent.id, emoji, true, chat.users.bob)), emoji).toBe('BAD_USER_INPUT');
    expect(errorCode(await react(channelId, '999999', '👍', true))).toBe('NOT_FOUND');
    await remove(channelId, sent.id);
    const refused = await react(channelId, sent.id, '👍', true, chat.users.bob);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0]!.message).toMatch(/deleted/);
  });

  it('should take at most 20 different emoji on one message', async () => {
    const channelId = await newChannel();
    const sent = await send(channelId, 'so many');
    const emoji = [...'😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗🤩'];
    for (const e of emoji.slice(0, 20)) expect((await react(channelId, sent.id, e, true, chat.users.bob)).errors).toBeUndefined();
    expect(errorCode(await react(channelId, sent.id, emoji[20]!, true, chat.users.bob))).toBe('BAD_USER_INPUT');
    expect((await react(channelId, sent.id, emoji[0]!, true, chat.users.cy)).errors).toBeUndefined();
  });
});

describe('mentions', () => {
  it('should resolve @names whatever their case or look-alike letters, braced names with spaces, and leave unknown names as text', async () => {
    const lovelace = await login(chat.server.httpUrl, 'Ada Lovelace');
    const channelId = await newChannel();
    // "Bоb" has a Cyrillic о: the name Bob as names are compared.
    const sent = await send(channelId, 'hi @ADA, @Bоb and @{ada lovelace}; not @nobody or mail@cy.org', chat.users.cy);
    expect(sent.mentions).toEqual([user('ada'), user('bob'), { id: lovelace.user.id, name: 'Ada Lovelace' }]);
    const edited = (await edit(channelId, sent.id, 'only @cy now', chat.users.cy)).data.editMessage;
    expect(edited.mentions).toEqual([user('cy')]);
    expect((await history(channelId))[0]!.mentions).toEqual([user('cy')]);
    expect((await remove(channelId, sent.id, chat.users.cy)).data.deleteMessage.mentions).toEqual([]);
  });
});

describe('messageUpdated', () => {
  it('should deliver every change, in order, to each subscriber of the channel and to none of another channel', async () => {
    const [channelId, otherId] = [await newChannel(), await newChannel()];
    const sent = await send(channelId, 'watch me');
    const [bobSocket, cySocket, adaSocket] = [
      chat.open(chat.users.bob.token),
      chat.open(chat.users.cy.token),
      chat.open(chat.users.ada.token),
    ];
    const bobStream = bobSocket.subscribe(MESSAGE_UPDATED, { channelId });
    const cyStream = cySocket.subscribe(MESSAGE_UPDATED, { channelId });
    const elsewhere = adaSocket.subscribe(MESSAGE_UPDATED, { channelId: otherId });
    await Promise.all([bobSocket, cySocket, adaSocket].map((socket) => socket.flush()));

    const changes = [
      (await edit(channelId, sent.id, 'watch me now')).data.editMessage,
      (await react(channelId, sent.id, '👀', true, chat.users.bob)).data.react,
      (await remove(channelId, sent.id)).data.deleteMessage,
    ];
    expect(changes.map((m: WireMessage) => m.version)).toEqual([2, 3, 4]);
    for (const stream of [bobStream, cyStream])
      for (const change of changes) expect((await stream.next()).data!.messageUpdated).toEqual(change);

    // The other channel's subscriber gets its own channel's sentinel first, and nothing else.
    const sentinel = await send(otherId, 'sentinel');
    const sentinelChange = (await edit(otherId, sentinel.id, 'sentinel!')).data.editMessage;
    expect((await elsewhere.next()).data!.messageUpdated).toEqual(sentinelChange);
  });

  it('should refuse an unknown channel with NOT_FOUND', async () => {
    const socket = chat.open(chat.users.bob.token);
    const result = await socket.subscribe(MESSAGE_UPDATED, { channelId: '424242' }).next();
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('should catch up on changes missed while disconnected: subscribe first, then query, and keep the larger version', async () => {
    const channelId = await newChannel();
    const [a, b] = [await send(channelId, 'first'), await send(channelId, 'second')];
    const known = new Map<string, WireMessage>();
    const keepNewer = (message: WireMessage) => {
      const held = known.get(message.id);
      if (!held || held.version < message.version) known.set(message.id, message);
    };
    for (const message of await history(channelId)) keepNewer(message);

    const first = chat.open(chat.users.bob.token);
    const live = first.subscribe(MESSAGE_UPDATED, { channelId });
    await first.flush();
    await edit(channelId, a.id, 'first, edited');
    keepNewer((await live.next()).data!.messageUpdated);
    await first.dispose();

    // While Bob is away: a reaction and a deletion he must not miss.
    await react(channelId, a.id, '✅', true, chat.users.cy);
    await remove(channelId, b.id);

    const again = chat.open(chat.users.bob.token);
    const resumed = again.subscribe(MESSAGE_UPDATED, { channelId });
    await again.flush();
    // A change between the subscription and the query reaches both: the larger version wins either way.
    const racing = (await react(channelId, a.id, '✅', false, chat.users.cy)).data.react;
    for (const message of await history(channelId)) keepNewer(message);
    keepNewer((await resumed.next()).data!.messageUpdated);

    expect([...known.values()]).toEqual(await history(channelId));
    expect(known.get(a.id)).toEqual(racing);
    expect(known.get(b.id)).toMatchObject({ deleted: true, body: '', version: 2 });
  });
});
