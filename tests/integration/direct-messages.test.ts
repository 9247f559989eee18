import { describe, expect, it } from 'vitest';
import { useChatServer } from '../support/chat-fixture.js';
import { errorCode, login, postGraphQL, type SignedIn } from '../support/http-client.js';
import { DIRECT_ADDED, DIRECT_MESSAGES, SEND_DIRECT } from '../support/operations.js';

const LIMIT = 5;

const chat = useChatServer({ env: { MESSAGE_LIMIT: String(LIMIT) }, users: { ada: 'Ada', bob: 'Bob', cy: 'Cy' } });

const sendDirect = (from: SignedIn, to: unknown, body: unknown, clientId?: string) =>
  postGraphQL(chat.server.httpUrl, SEND_DIRECT, { to, body, clientId }, { token: from.token });
async function conversation(of: SignedIn, withName: string, last?: number) {
  const response = await postGraphQL(chat.server.httpUrl, DIRECT_MESSAGES, { with: withName, last }, { token: of.token });
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.directMessages as { id: string; body: string; from: { name: string }; to: { name: string } }[];
}

describe('direct messages', () => {
  it('should deliver a direct message live to both users and list it for both', async () => {
    const adaSocket = chat.open(chat.users.ada.token);
    const bobSocket = chat.open(chat.users.bob.token);
    const cySocket = chat.open(chat.users.cy.token);
    const streams = [adaSocket, bobSocket, cySocket].map((socket) => socket.subscribe(DIRECT_ADDED));
    await Promise.all([adaSocket, bobSocket, cySocket].map((socket) => socket.flush()));

    const sent = await sendDirect(chat.users.ada, 'bob', '  Hi Bob \n ');
    expect(sent.errors).toBeUndefined();
    expect(sent.data.sendDirectMessage).toMatchObject({
      body: 'Hi Bob',
      from: { id: chat.users.ada.user.id, name: 'Ada' },
      to: { id: chat.users.bob.user.id, name: 'Bob' },
    });
    for (const stream of streams.slice(0, 2)) expect((await stream.next()).data.directMessageAdded).toEqual(sent.data.sendDirectMessage);
    // Cy saw nothing of it: the first message Cy's stream carries is the next one written to Cy.
    const sentinel = await sendDirect(chat.users.bob, 'Cy', 'sentinel');
    expect((await streams[2]!.next()).data.directMessageAdded.id).toBe(sentinel.data.sendDirectMessage.id);
    expect(await conversation(chat.users.ada, 'Bob')).toEqual([sent.data.sendDirectMessage]);
    expect(await conversation(chat.users.bob, 'ADA')).toEqual([sent.data.sendDirectMessage]);
    expect(await conversation(chat.users.cy, 'Ada')).toEqual([]);
  });

  it('should deliver to a user who is offline, who finds it in the conversation later', async () => {
    // Behaviour change: a name without a password ends its user at logout, so
    // only a protected name's user is still there to come back.
    const offline = await login(chat.server.httpUrl, 'Offline Olga');
    const protect = `mutation { setPassword(password: "olga's secret") { protected } }`;
    expect((await postGraphQL(chat.server.httpUrl, protect, {}, { token: offline.token })).data).toEqual({
      setPassword: { protected: true },
    });
    await postGraphQL(chat.server.httpUrl, `mutation { logout }`, {}, { token: offline.token });
    const sent = await sendDirect(chat.users.cy, 'offline olga', 'see you later');
    expect(sent.errors).toBeUndefined();
    const back = await postGraphQL(chat.server.httpUrl, `mutation { login(name: "Offline Olga", password: "olga's secret") { token } }`);
    expect((await conversation({ ...offline, token: back.data.login.token }, 'Cy')).map((message) => message.body)).toEqual([
      'see you later',
    ]);
  });

  it('should refuse to write to a name whose user signed out without a password', async () => {
    const gone = await login(chat.server.httpUrl, 'Gone Gus');
    expect((await sendDirect(chat.users.cy, 'Gone Gus', 'before')).errors).toBeUndefined();
    await postGraphQL(chat.server.httpUrl, `mutation { logout }`, {}, { token: gone.token });
    const after = await sendDirect(chat.users.cy, 'gone gus', 'after');
    expect(errorCode(after)).toBe('NOT_FOUND');
    expect(after.errors![0]!.message).toMatch(/signed out/);
    // Cy still reads the conversation with the user who was there.
    expect((await conversation(chat.users.cy, 'Gone Gus')).map((message) => message.body)).toEqual(['before']);
  });

  it('should answer NOT_FOUND for a name nobody ever used', async () => {
    const response = await sendDirect(chat.users.ada, 'nobody-here', 'hello?');
    expect(errorCode(response)).toBe('NOT_FOUND');
    expect(response.errors![0]!.message).toMatch(/no user named "nobody-here"/);
    const read = await postGraphQL(chat.server.httpUrl, DIRECT_MESSAGES, { with: 'nobody-here' }, { token: chat.users.ada.token });
    expect(errorCode(read)).toBe('NOT_FOUND');
  });

  it('should refuse bad bodies and an empty recipient with BAD_USER_INPUT', async () => {
    for (const body of ['', '  ', 'x'.repeat(4001), 'bell\u0007'])
      expect(errorCode(await sendDirect(chat.users.ada, 'Bob', body)), JSON.stringify(body.slice(0, 10))).toBe('BAD_USER_INPUT');
    expect(errorCode(await sendDirect(chat.users.ada, '   ', 'hello'))).toBe('BAD_USER_INPUT');
  });

  it('should need a session to send, read or subscribe', async () => {
    expect(errorCode(await postGraphQL(chat.server.httpUrl, SEND_DIRECT, { to: 'Bob', body: 'hi' }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await postGraphQL(chat.server.httpUrl, DIRECT_MESSAGES, { with: 'Bob' }))).toBe('UNAUTHENTICATED');
    const anonymous = chat.open();
    expect((await anonymous.subscribe(DIRECT_ADDED).next()).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('should make a resend with the same clientId idempotent', async () => {
    const bobSocket = chat.open(chat.users.bob.token);
    const stream = bobSocket.subscribe(DIRECT_ADDED);
    await bobSocket.flush();
    const first = await sendDirect(chat.users.cy, 'Bob', 'once', 'dm-1');
    const again = await sendDirect(chat.users.cy, 'Bob', 'twice', 'dm-1');
    expect(again.data.sendDirectMessage).toEqual(first.data.sendDirectMessage);
    expect((await stream.next()).data.directMessageAdded.id).toBe(first.data.sendDirectMessage.id);
    // The resend was not delivered again: the next message Bob receives is the next one sent.
    const sentinel = await sendDirect(chat.users.cy, 'Bob', 'sentinel', 'dm-2');
    expect((await stream.next()).data.directMessageAdded.id).toBe(sentinel.data.sendDirectMessage.id);
    expect((await conversation(chat.users.bob, 'Cy')).filter((message) => message.body === 'once')).toHaveLength(1);
  });

  it(`should keep only the newest MESSAGE_LIMIT messages of a conversation, and \`last\` of them on request`, async () => {
    const dee = await login(chat.server.httpUrl, 'Dee');
    const eve = await login(chat.server.httpUrl, 'Eve');
    await sendDirect(dee, 'Ada', 'another conversation');
    for (let n = 1; n <= LIMIT + 2; n++) await sendDirect(n % 2 ? dee : eve, n % 2 ? 'Eve' : 'Dee', `dm ${n}`);
    const kept = await conversation(eve, 'Dee');
    expect(kept.map((message) => message.body)).toEqual(['dm 3', 'dm 4', 'dm 5', 'dm 6', 'dm 7']);
    const ids = kept.map((message) => Number(message.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect((await conversation(dee, 'Eve', 2)).map((message) => message.body)).toEqual(['dm 6', 'dm 7']);
    expect(await conversation(dee, 'Eve', 0)).toEqual([]);
    expect((await conversation(chat.users.ada, 'Dee')).map((message) => message.body)).toEqual(['another conversation']);
  });

  it('should list the conversations of a user, most recent first', async () => {
    const fay = await login(chat.server.httpUrl, 'Fay');
    await sendDirect(fay, 'Ada', 'first');
    await sendDirect(fay, 'Bob', 'second');
    await sendDirect(chat.users.ada, 'Fay', 'third');
    const response = await postGraphQL(chat.server.httpUrl, `{ conversations { name } }`, {}, { token: fay.token });
    expect(response.data.conversations).toEqual([{ name: 'Ada' }, { name: 'Bob' }]);
  });

  it('should deliver a message to oneself once', async () => {
    const socket = chat.open(chat.users.cy.token);
    const stream = socket.subscribe(DIRECT_ADDED);
    await socket.flush();
    const sent = await sendDirect(chat.users.cy, 'cy', 'note to self');
    expect(sent.errors).toBeUndefined();
    expect((await stream.next()).data.directMessageAdded.id).toBe(sent.data.sendDirectMessage.id);
    // Not a second time as its recipient: the next one is the next note.
    const sentinel = await sendDirect(chat.users.cy, 'cy', 'another note');
    expect((await stream.next()).data.directMessageAdded.id).toBe(sentinel.data.sendDirectMessage.id);
  });

  it('should send direct messages over WebSocket too', async () => {
    const socket = chat.open(chat.users.bob.token);
    const result = await socket.execute(SEND_DIRECT, { to: 'Ada', body: 'from a socket' });
    expect(result.data.sendDirectMessage).toMatchObject({ body: 'from a socket', from: { name: 'Bob' }, to: { name: 'Ada' } });
  });
});
