import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { errorCode, login, postGraphQL, type SignedIn } from '../support/http-client.js';
import { DIRECT_ADDED, MESSAGE_ADDED, ME, SEND_DIRECT, SEND_MESSAGE } from '../support/operations.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';
import { openSocket, type TestSocket } from '../support/ws-client.js';

/** A server for one group of tests, and the sockets its tests open, disposed afterwards. */
function serverWith(env: Record<string, string>) {
  const state: { server?: TestServer; ada?: SignedIn; bob?: SignedIn; sockets: TestSocket[] } = { sockets: [] };
  beforeAll(async () => {
    state.server = await startTestServer(env);
    state.ada = await login(state.server.httpUrl, 'Ada');
    state.bob = await login(state.server.httpUrl, 'Bob');
  });
  afterAll(async () => {
    await Promise.all(state.sockets.map((socket) => socket.dispose()));
    await state.server?.dispose();
  });
  return {
    get server() {
      return state.server!;
    },
    get ada() {
      return state.ada!;
    },
    get bob() {
      return state.bob!;
    },
    open(token: string) {
      const socket = openSocket(state.server!.wsUrl, { authToken: token });
      state.sockets.push(socket);
      return socket;
    },
  };
}

const TOO_LARGE = 'The answer would be larger than 2 KiB: ask for fewer messages or fields.';
const LAST_MESSAGE = `{ channel(id: "1") { messages(last: 1) { body } } }`;
const amplified = `{ ${Array.from({ length: 15 }, (_, n) => `a${n}: channels { messages(last: 100) { id body createdAt author { name } } }`).join(' ')} }`;
const byVariable = `query ($n: Int) { channels { messages(last: $n) { id body } } }`;

describe('query cost', () => {
  const chat = serverWith({});

  it('should refuse the fifteen-alias amplification query over HTTP with BAD_USER_INPUT, before running it', async () => {
    const response = await postGraphQL(chat.server.httpUrl, amplified, {}, { token: chat.ada.token });
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.message).toMatch(/would cost \d+, more than the limit of 10000/);
    expect(response.data).toBeUndefined();
  });

  it('should refuse it over WebSocket too', async () => {
    const result = await chat.open(chat.ada.token).execute(amplified);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/would cost/);
    expect(result.data).toBeUndefined();
  });

  it('should weigh a list by the value of its variable', async () => {
    const socket = chat.open(chat.ada.token);
    expect((await socket.execute(byVariable, { n: 100 })).errors?.[0]?.message).toMatch(/would cost 10051/);
    expect((await socket.execute(byVariable, { n: 10 })).errors).toBeUndefined();
    expect(errorCode(await postGraphQL(chat.server.httpUrl, byVariable, { n: 100 }, { token: chat.ada.token }))).toBe('BAD_USER_INPUT');
    expect((await postGraphQL(chat.server.httpUrl, byVariable, { n: 10 }, { token: chat.ada.token })).errors).toBeUndefined();
  });
});

describe('answer size', () => {
  const chat = serverWith({ MAX_RESPONSE_BYTES: '2048' });
  const big = 'b'.repeat(3000);

  it('should answer an HTTP query whose answer passes MAX_RESPONSE_BYTES with an error, never a truncated answer', async () => {
    await postGraphQL(chat.server.httpUrl, SEND_MESSAGE, { channelId: '1', body: big }, { token: chat.ada.token });
    const response = await postGraphQL(chat.server.httpUrl, LAST_MESSAGE, {}, { token: chat.ada.token });
    expect(response.errors).toEqual([{ message: TOO_LARGE, extensions: { code: 'BAD_USER_INPUT', maxBytes: 2048 } }]);
    expect(response.data).toBeUndefined();
    expect((await postGraphQL(chat.server.httpUrl, ME, {}, { token: chat.ada.token })).data.me.name).toBe('Ada');
  });

  it('should do the same over WebSocket, and keep the socket', async () => {
    const socket = chat.open(chat.ada.token);
    const result = await socket.execute(LAST_MESSAGE);
    expect(result.errors?.[0]).toMatchObject({ message: TOO_LARGE, extensions: { code: 'BAD_USER_INPUT' } });
    expect(result.data).toBeUndefined();
    expect((await socket.execute(ME)).data.me.name).toBe('Ada');
  });

  it('should replace a shared subscription event over the cap by an error, and deliver the next event', async () => {
    const socket = chat.open(chat.bob.token);
    const live = socket.subscribe(MESSAGE_ADDED, { channelId: '1' });
    await socket.flush();
    await postGraphQL(chat.server.httpUrl, SEND_MESSAGE, { channelId: '1', body: big }, { token: chat.ada.token });
    await postGraphQL(chat.server.httpUrl, SEND_MESSAGE, { channelId: '1', body: 'small' }, { token: chat.ada.token });
    const first = await live.next();
    expect(first.errors?.[0]).toMatchObject({ message: TOO_LARGE, extensions: { code: 'BAD_USER_INPUT' } });
    expect(first.data).toBeUndefined();
    expect((await live.next()).data.messageAdded.body).toBe('small');
  });

  it('should do the same for a subscription that runs per subscriber', async () => {
    const socket = chat.open(chat.bob.token);
    const live = socket.subscribe(DIRECT_ADDED);
    await socket.flush();
    await postGraphQL(chat.server.httpUrl, SEND_DIRECT, { to: 'Bob', body: big }, { token: chat.ada.token });
    await postGraphQL(chat.server.httpUrl, SEND_DIRECT, { to: 'Bob', body: 'small' }, { token: chat.ada.token });
    expect((await live.next()).errors?.[0]?.message).toBe(TOO_LARGE);
    expect((await live.next()).data.directMessageAdded.body).toBe('small');
  });
});

describe('a WebSocket that stops reading', () => {
  const chat = serverWith({ WS_MAX_BUFFERED_BYTES: String(64 * 1024) });
  const connections = () =>
    new Promise<number>((resolve, reject) =>
      chat.server.server.httpServer.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );

  it(
    'should be cut off once the server holds more than WS_MAX_BUFFERED_BYTES for it, and the server keeps serving',
    { timeout: 30_000 },
    async () => {
      // A channel whose last 100 messages make an answer of about 400 KB.
      for (let n = 0; n < 100; n++)
        await postGraphQL(
          chat.server.httpUrl,
          SEND_MESSAGE,
          { channelId: '1', body: `${n} ${'x'.repeat(3990)}` },
          { token: chat.ada.token },
        );
      const before = await connections();

      const socket = new WebSocket(chat.server.wsUrl, 'graphql-transport-ws');
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      await new Promise((resolve) => socket.once('open', resolve));
      const acked = new Promise((resolve) => socket.once('message', resolve));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authToken: chat.ada.token } }));
      await acked;
      expect(await connections()).toBe(before + 1);

      // Stop reading, then ask for far more than the network buffers hold.
      (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
      for (let n = 0; n < 45; n++)
        socket.send(JSON.stringify({ id: String(n), type: 'subscribe', payload: { query: `{ channel(id: "1") { messages { body } } }` } }));

      await waitFor(async () => (await connections()) <= before, 'the server to let go of the socket', 20_000);
      (socket as unknown as { _socket: { resume(): void } })._socket.resume();
      expect(await closed).toBe(1006);
      expect((await chat.open(chat.ada.token).execute(ME)).data.me.name).toBe('Ada');
    },
  );
});
