import type { GraphQLFormattedError } from 'graphql';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useChatServer } from '../support/chat-fixture.js';
import { errorCode, login, postGraphQL, type SignedIn } from '../support/http-client.js';
import { CHANNEL, ME, SEND_DIRECT, SEND_MESSAGE } from '../support/operations.js';
import { TestClock } from '../support/test-clock.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { MAX_OPERATIONS_PER_SOCKET } from '../../server/transport/limits.js';

const chat = useChatServer({ users: { ada: 'Ada' } });

/** A raw graphql-transport-ws socket, for what the graphql-ws client would never send. */
function rawSocket(): Promise<WebSocket> {
  const socket = new WebSocket(chat.server.wsUrl, 'graphql-transport-ws');
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}
const closeOf = (socket: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );

async function stillServing() {
  const health = await fetch(`${chat.server.url}/healthz`);
  expect(health.status).toBe(200);
  const socket = chat.open(chat.users.ada.token);
  expect((await socket.execute(ME)).data).toEqual({ me: { id: chat.users.ada.user.id, name: 'Ada' } });
}

// Introspection's `ofType` chains are the only way to nest deeply in a valid query.
const nested = (depth: number) => `{ __type(name: "Query") { fields { type ${'{ ofType '.repeat(depth)}{ name }${' }'.repeat(depth)} } } }`;
const aliased = (count: number) => `{ ${Array.from({ length: count }, (_, n) => `a${n}: me { id }`).join(' ')} }`;

describe('request size', () => {
  it('should answer 413 to a request body over 1 MB, and keep serving', async () => {
    const body = JSON.stringify({ query: SEND_MESSAGE, variables: { channelId: '1', body: 'x'.repeat(1024 * 1024) } });
    const response = await fetch(chat.server.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${chat.users.ada.token}` },
      body,
    });
    expect(response.status).toBe(413);
    const json = (await response.json()) as { errors: GraphQLFormattedError[] };
    expect(json.errors[0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(json.errors[0]!.message).toMatch(/larger than/);
    await stillServing();
  });

  it('should answer 413 to a chunked body that grows over 1 MB without announcing its length', async () => {
    const url = new URL(chat.server.httpUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json' } },
        (response) => {
          response.resume();
          resolve(response.statusCode!);
        },
      );
      outgoing.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      const write = (left: number) => {
        if (left === 0 || outgoing.destroyed) return outgoing.end();
        outgoing.write(chunk, () => write(left - 1));
      };
      write(20);
    });
    expect(status).toBe(413);
    await stillServing();
  });

  it('should accept a 4,000-character message that is mostly multi-byte characters', async () => {
    const response = await postGraphQL(
      chat.server.httpUrl,
      SEND_MESSAGE,
      { channelId: '1', body: '𝄞'.repeat(4000) },
      { token: chat.users.ada.token },
    );
    expect(response.errors).toBeUndefined();
  });

  it('should close a WebSocket that sends a frame over 64 KiB with 1009, and keep serving', async () => {
    const socket = chat.open(chat.users.ada.token);
    await socket.ready;
    const huge = socket.subscribe(SEND_MESSAGE, { channelId: '1', body: 'x'.repeat(70 * 1024) });
    expect((await socket.closed).code).toBe(1009);
    await huge.ended;
    await stillServing();
  });

  it('should accept a WebSocket frame just under the limit', async () => {
    const socket = chat.open(chat.users.ada.token);
    const result = await socket.execute(SEND_MESSAGE, { channelId: '1', body: `${'x'.repeat(4000)}${' '.repeat(50 * 1024)}` });
    expect(result.errors).toBeUndefined();
  });
});

describe('connection_init', () => {
  it('should close a socket that never sends connection_init with 4408 within 10 seconds', { timeout: 15_000 }, async () => {
    const socket = await rawSocket();
    const started = Date.now();
    const { code } = await closeOf(socket);
    expect(code).toBe(4408);
    expect(Date.now() - started).toBeLessThan(11_000);
  });

  it('should close a socket that sends something that is not graphql-transport-ws with 4400', async () => {
    const socket = await rawSocket();
    const closed = closeOf(socket);
    socket.send('hello, server');
    expect((await closed).code).toBe(4400);
    await stillServing();
  });

  it('should close a socket that sends two connection_init with 4429', async () => {
    const socket = await rawSocket();
    const closed = closeOf(socket);
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authToken: chat.users.ada.token } }));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authToken: chat.users.ada.token } }));
    expect((await closed).code).toBe(4429);
  });
});

describe('operations per connection', () => {
  it('should refuse one operation more than MAX_OPERATIONS_PER_SOCKET running at once on one socket, and keep the others', async () => {
    const socket = chat.open(chat.users.ada.token);
    const running = Array.from({ length: MAX_OPERATIONS_PER_SOCKET - 1 }, () => socket.subscribe(`subscription { channelAdded { id } }`));
    await socket.flush();
    running.push(socket.subscribe(`subscription { channelAdded { id } }`));
    const refused = await socket.subscribe(`subscription { channelAdded { id } }`).next();
    expect(refused.errors?.[0]?.message).toMatch(new RegExp(`at most ${MAX_OPERATIONS_PER_SOCKET} operations`));
    running[0]!.unsubscribe();
    await socket.flush();
    expect((await socket.execute(ME)).data.me.name).toBe('Ada');
  });
});

describe('query depth and aliases', () => {
  it('should refuse a query nested deeper than the limit over HTTP and over WebSocket', async () => {
    const http = await postGraphQL(chat.server.httpUrl, nested(12), {}, { token: chat.users.ada.token });
    expect(errorCode(http)).toBe('BAD_USER_INPUT');
    expect(http.errors![0]!.message).toMatch(/depth limit of 10 exceeded/);
    const socket = chat.open(chat.users.ada.token);
    const ws = await socket.execute(nested(12));
    expect(ws.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(ws.errors?.[0]?.message).toMatch(/depth limit of 10 exceeded/);
  });

  it('should run a query nested within the limit', async () => {
    const http = await postGraphQL(chat.server.httpUrl, nested(5), {}, { token: chat.users.ada.token });
    expect(http.errors).toBeUndefined();
    expect((await chat.open(chat.users.ada.token).execute(nested(5))).errors).toBeUndefined();
  });

  it('should refuse an operation with hundreds of aliases over HTTP and over WebSocket', async () => {
    const http = await postGraphQL(chat.server.httpUrl, aliased(300), {}, { token: chat.users.ada.token });
    expect(errorCode(http)).toBe('BAD_USER_INPUT');
    expect(http.errors![0]!.message).toMatch(/Aliases limit of 15 exceeded/);
    const socket = chat.open(chat.users.ada.token);
    const ws = await socket.execute(aliased(300));
    expect(ws.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(ws.errors?.[0]?.message).toMatch(/Aliases limit of 15 exceeded/);
    expect(errorCode(await postGraphQL(chat.server.httpUrl, aliased(16), {}, { token: chat.users.ada.token }))).toBe('BAD_USER_INPUT');
  });

  it('should run an operation with a few aliases', async () => {
    const response = await postGraphQL(chat.server.httpUrl, aliased(15), {}, { token: chat.users.ada.token });
    expect(response.errors).toBeUndefined();
    expect(response.data.a14).toEqual({ id: chat.users.ada.user.id });
  });

  it('should refuse a query too repetitive to check, with a message a person understands', async () => {
    const query = `{ me { ${'id '.repeat(50_000)}} }`;
    const http = await postGraphQL(chat.server.httpUrl, query, {}, { token: chat.users.ada.token });
    expect(errorCode(http)).toBe('BAD_USER_INPUT');
    expect(http.errors![0]!.message).toMatch(/too large or too repetitive/);
  });

  it('should refuse aliases hidden in fragments', async () => {
    const fragment = `fragment many on Query { ${Array.from({ length: 20 }, (_, n) => `f${n}: me { id }`).join(' ')} }`;
    const response = await postGraphQL(chat.server.httpUrl, `{ ...many } ${fragment}`, {}, { token: chat.users.ada.token });
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
  });
});

describe('rate limiting', () => {
  // Stands still until moved: the wait that lifts the limit is moved, not waited for.
  const clock = new TestClock();
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ SEND_RATE_PER_SECOND: '1', SEND_BURST: '3' }, undefined, { clock: clock.now });
  });
  afterAll(async () => {
    await limited?.dispose();
  });

  it('should answer RATE_LIMITED with retryAfterMs once a user sends faster than allowed', async () => {
    const fast = await login(limited.httpUrl, 'Speedy');
    const other = await login(limited.httpUrl, 'Calm');
    const send = (who: SignedIn, body: string) =>
      postGraphQL(limited.httpUrl, SEND_MESSAGE, { channelId: '1', body }, { token: who.token });
    for (let n = 0; n < 3; n++) expect((await send(fast, `burst ${n}`)).errors).toBeUndefined();
    const refused = await send(fast, 'one too many');
    expect(errorCode(refused)).toBe('RATE_LIMITED');
    expect(refused.errors![0]!.message).toMatch(/too fast/);
    const retryAfterMs = refused.errors![0]!.extensions!.retryAfterMs as number;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(1000);

    const dm = await postGraphQL(limited.httpUrl, SEND_DIRECT, { to: 'Calm', body: 'dm too' }, { token: fast.token });
    expect(errorCode(dm)).toBe('RATE_LIMITED');
    expect((await send(other, 'someone else may')).errors).toBeUndefined();

    clock.advance(retryAfterMs - 1);
    expect(errorCode(await send(fast, 'just too early')), 'a millisecond before retryAfterMs').toBe('RATE_LIMITED');
    clock.advance(1);
    expect((await send(fast, 'after waiting')).errors).toBeUndefined();
    const stored = await postGraphQL(limited.httpUrl, CHANNEL, { id: '1' }, { token: other.token });
    expect(stored.data.channel.messages.map((message: { body: string }) => message.body)).not.toContain('one too many');
  });
});
