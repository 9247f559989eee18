import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { unavailable } from '../../server/domain/errors.js';
import { useChatServer } from '../support/chat-fixture.js';
import { login } from '../support/http-client.js';
import { CHANNELS, LOGIN, ME, MESSAGE_ADDED } from '../support/operations.js';
import type { TestSocket } from '../support/ws-client.js';

const TRUSTED = 'https://chat.example.com';

const chat = useChatServer({ env: { ALLOWED_ORIGINS: TRUSTED }, users: { ada: 'Ada' } });

const whoAmI = async (socket: TestSocket) => (await socket.execute(ME)).data?.me?.name;

describe('authentication over WebSocket', () => {
  it('should accept the token in connection_init', async () => {
    const socket = chat.open(chat.users.ada.token);
    await socket.ready;
    expect(await whoAmI(socket)).toBe('Ada');
  });

  it('should accept the session cookie sent with the upgrade', async () => {
    const socket = chat.open({ headers: { cookie: chat.users.ada.cookie } });
    await socket.ready;
    expect(await whoAmI(socket)).toBe('Ada');
  });

  // Behaviour change: a refused token closes with 4401, which graphql-ws clients do not retry (it was 4403).
  it('should refuse an invalid authToken with 4401', async () => {
    for (const authToken of ['x'.repeat(43), 'not a token', chat.users.ada.token.slice(1)]) {
      const socket = chat.open(authToken);
      expect((await socket.closed).code).toBe(4401);
      await expect(socket.ready).rejects.toThrow();
    }
  });

  it('should refuse an authToken that is not a string with 4401', async () => {
    const socket = chat.open({ clientOptions: { connectionParams: { authToken: 42 } } });
    expect((await socket.closed).code).toBe(4401);
  });

  it('should refuse the token of a session that ended', async () => {
    const gone = await login(chat.server.httpUrl, 'gone');
    await fetch(chat.server.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gone.token}` },
      body: JSON.stringify({ query: 'mutation { logout }' }),
    });
    const socket = chat.open(gone.token);
    expect((await socket.closed).code).toBe(4401);
  });
});

describe('cross-site WebSocket hijacking', () => {
  it('should refuse a cookie-authenticated upgrade from a foreign origin with 4403', async () => {
    const socket = chat.open({ headers: { cookie: chat.users.ada.cookie, origin: 'https://evil.example' } });
    expect((await socket.closed).code).toBe(4403);
  });

  it("should refuse a cookie from a look-alike of the server's own origin", async () => {
    const socket = chat.open({
      headers: { cookie: chat.users.ada.cookie, origin: `http://127.0.0.1.evil.example:${chat.server.port}` },
    });
    expect((await socket.closed).code).toBe(4403);
  });

  it('should refuse a cookie from an opaque origin (sandboxed frame, file page)', async () => {
    const socket = chat.open({ headers: { cookie: chat.users.ada.cookie, origin: 'null' } });
    expect((await socket.closed).code).toBe(4403);
  });

  it("should accept the cookie from the server's own origin", async () => {
    const socket = chat.open({ headers: { cookie: chat.users.ada.cookie, origin: chat.server.url } });
    await socket.ready;
    expect(await whoAmI(socket)).toBe('Ada');
  });

  it('should accept the cookie from an origin in ALLOWED_ORIGINS', async () => {
    const socket = chat.open({ headers: { cookie: chat.users.ada.cookie, origin: TRUSTED } });
    await socket.ready;
    expect(await whoAmI(socket)).toBe('Ada');
  });

  it('should accept a token from any origin', async () => {
    const socket = chat.open({ authToken: chat.users.ada.token, headers: { origin: 'https://evil.example' } });
    await socket.ready;
    expect(await whoAmI(socket)).toBe('Ada');
  });
});

describe('anonymous connections', () => {
  it('should allow an anonymous socket to log in and nothing else', async () => {
    const socket = chat.open();
    await socket.ready;
    expect((await socket.execute(ME)).data).toEqual({ me: null });
    expect((await socket.execute(CHANNELS)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const subscription = socket.subscribe(MESSAGE_ADDED, { channelId: '1' });
    const refused = await subscription.next();
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(refused.errors?.[0]?.message).toMatch(/Sign in/);
    const signedIn = await socket.execute(LOGIN, { name: 'over-the-socket' });
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data.login.token).toHaveLength(43);
  });

  it('should not count an anonymous socket as a user online', async () => {
    const socket = chat.open();
    await socket.ready;
    const watcher = chat.open(chat.users.ada.token);
    await watcher.ready;
    const online = await watcher.execute(`{ onlineUsers { name } }`);
    expect(online.data.onlineUsers.map((user: { name: string }) => user.name)).toEqual(['Ada']);
  });
});

describe('the upgrade path', () => {
  it('should refuse a WebSocket upgrade anywhere but /graphql', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${chat.server.port}/elsewhere`, 'graphql-transport-ws');
    const outcome = await new Promise<string>((resolve) => {
      socket.on('unexpected-response', (_request, response) =>
        resolve(`HTTP ${response.statusCode} ${response.headers['x-content-type-options']} ${response.headers['x-frame-options']}`),
      );
      socket.on('error', (error) => resolve(`error ${error.message}`));
      socket.on('open', () => resolve('open'));
    });
    expect(outcome).toBe('HTTP 404 nosniff DENY');
    socket.terminate();
  });
});

describe('a failure while a socket connects', () => {
  it('should close with 4500 and a fixed reason when authentication fails inside the server, logging the cause in full', async () => {
    const { store, log } = chat.server.server;
    const findSession = store.findSession;
    const secret = 'connect ECONNREFUSED 10.1.2.3:5432 (database "chat_internal" of user "svc_chat")';
    store.findSession = async () => {
      throw new Error(secret);
    };
    const logged = vi.spyOn(log, 'error');
    try {
      const socket = chat.open(chat.users.ada.token);
      const closed = await socket.closed;
      expect(closed).toEqual({ code: 4500, reason: 'Internal server error' });
      const entry = logged.mock.calls.find(([fields]) => (fields as { err?: Error })?.err?.message === secret);
      expect(entry, 'the cause, logged with its message and stack').toBeDefined();
    } finally {
      store.findSession = findSession;
      logged.mockRestore();
    }
    // Nothing of it stays: the next socket is served.
    const next = chat.open(chat.users.ada.token);
    await next.ready;
    expect(await whoAmI(next)).toBe('Ada');
  });

  it('should close with 1013, which graphql-ws clients retry, when the database is away while a socket authenticates', async () => {
    const { store } = chat.server.server;
    const findSession = store.findSession;
    store.findSession = async () => {
      throw unavailable(5000);
    };
    try {
      const closed = await chat.open(chat.users.ada.token).closed;
      expect(closed).toEqual({ code: 1013, reason: 'The server cannot reach its database right now. Reconnect in a moment.' });
    } finally {
      store.findSession = findSession;
    }
    const next = chat.open(chat.users.ada.token);
    await next.ready;
    expect(await whoAmI(next)).toBe('Ada');
  });
});
