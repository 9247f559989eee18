import { describe, expect, it } from 'vitest';
import { useChatServer } from '../support/chat-fixture.js';
import { errorCode, login, postGraphQL } from '../support/http-client.js';
import { ME } from '../support/operations.js';
import { TestClock } from '../support/test-clock.js';
import { startTestServer } from '../support/test-server.js';
import type { TestSocket } from '../support/ws-client.js';

const STUDIO = 'https://studio.example';

const chat = useChatServer({ env: { CORS_ORIGINS: `${STUDIO},http://localhost:3000` }, users: { ada: 'Ada', bob: 'Bob' } });

const getQuery = (query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) => {
  const search = new URLSearchParams({ query });
  if (variables) search.set('variables', JSON.stringify(variables));
  return fetch(`${chat.server.httpUrl}?${search}`, { headers });
};

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('GET /graphql', () => {
  it('should run a query sent by GET with a Bearer token', async () => {
    const response = await getQuery(ME, bearer(chat.users.ada.token));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { me: { id: chat.users.ada.user.id, name: 'Ada' } } });
  });

  it("should run a query sent by GET with one of Apollo's preflight headers", async () => {
    const response = await getQuery('{ __typename }', { 'apollo-require-preflight': 'true' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('should refuse a GET that carries the session cookie alone, as a possible cross-site request', async () => {
    const response = await getQuery(ME, { cookie: chat.users.ada.cookie });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/CSRF/);
  });

  it('should never run a mutation sent by GET, token or not', async () => {
    const response = await getQuery('mutation { logout }', bearer(chat.users.bob.token));
    expect(response.status).toBe(405);
    const me = await postGraphQL(chat.server.httpUrl, ME, {}, { token: chat.users.bob.token });
    expect(me.data.me.name).toBe('Bob');
  });
});

describe('batching', () => {
  it('should refuse a batch of operations in one request with 400 and say so', async () => {
    const response = await fetch(chat.server.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(chat.users.ada.token) },
      body: JSON.stringify([{ query: ME }, { query: ME }]),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ message: 'Operation batching disabled.', extensions: { code: 'BAD_USER_INPUT' } }],
    });
  });
});

describe('an invalid Bearer token over HTTP', () => {
  it('should answer 401 with WWW-Authenticate and UNAUTHENTICATED, by POST and by GET', async () => {
    for (const token of ['x'.repeat(43), chat.users.ada.token.slice(1)]) {
      const posted = await postGraphQL(chat.server.httpUrl, ME, {}, { token });
      expect(posted.status).toBe(401);
      expect(posted.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      expect(errorCode(posted)).toBe('UNAUTHENTICATED');
      expect(posted.errors![0]!.message).toMatch(/unknown or has expired/);
      expect(posted.data).toBeUndefined();
      expect(JSON.stringify(posted.errors)).not.toContain(token);

      const got = await getQuery(ME, bearer(token));
      expect(got.status).toBe(401);
      expect(got.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    }
  });

  it('should refuse the token of a session that ended, even beside a valid cookie', async () => {
    const gone = await postGraphQL(chat.server.httpUrl, `mutation { login(name: "leaves") { token } }`);
    const token = gone.data.login.token as string;
    await postGraphQL(chat.server.httpUrl, 'mutation { logout }', {}, { token });
    const response = await postGraphQL(chat.server.httpUrl, ME, {}, { token, cookie: chat.users.ada.cookie });
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
  });

  it('should refuse a token that expired, unused for SESSION_TTL_DAYS, with 401', async () => {
    const clock = new TestClock();
    const idle = await startTestServer({ SESSION_TTL_DAYS: '1' }, undefined, { clock: clock.now });
    try {
      const sleeper = await login(idle.httpUrl, 'sleeper');
      expect((await postGraphQL(idle.httpUrl, ME, {}, { token: sleeper.token })).status).toBe(200);
      clock.advance(idle.config.sessionTtlDays * 24 * 60 * 60 * 1000 + 1);
      const expired = await postGraphQL(idle.httpUrl, ME, {}, { token: sleeper.token });
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      expect(errorCode(expired)).toBe('UNAUTHENTICATED');
    } finally {
      await idle.dispose();
    }
  });

  it('should leave a request without a token as it was: 200 and me null', async () => {
    const response = await postGraphQL(chat.server.httpUrl, ME);
    expect(response.status).toBe(200);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(response.data).toEqual({ me: null });
  });
});

describe('CORS', () => {
  const preflight = (origin: string, method = 'POST') =>
    fetch(chat.server.httpUrl, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type' },
    });

  it('should answer the preflight of an origin in CORS_ORIGINS, without credentials', async () => {
    const response = await preflight(STUDIO);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(STUDIO);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });

  it('should let a page of an allowed origin call with its Bearer token and read the answer', async () => {
    const response = await postGraphQL(chat.server.httpUrl, ME, {}, { token: chat.users.ada.token, headers: { origin: STUDIO } });
    expect(response.data.me.name).toBe('Ada');
    expect(response.headers.get('access-control-allow-origin')).toBe(STUDIO);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    const got = await getQuery(ME, { ...bearer(chat.users.ada.token), origin: 'http://localhost:3000' });
    expect(got.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(((await got.json()) as any).data.me.name).toBe('Ada');
  });

  it('should let a page of an allowed origin read a refusal of its token, WWW-Authenticate included', async () => {
    const response = await postGraphQL(chat.server.httpUrl, ME, {}, { token: 'y'.repeat(43), headers: { origin: STUDIO } });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(STUDIO);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/WWW-Authenticate/i);
  });

  it("should never let an allowed origin's page ride on the session cookie", async () => {
    const response = await postGraphQL(chat.server.httpUrl, ME, {}, { cookie: chat.users.ada.cookie, headers: { origin: STUDIO } });
    expect(response.data).toEqual({ me: null });
  });

  it('should refuse the preflight of any other origin, with no CORS headers', async () => {
    for (const origin of ['https://evil.example', 'https://studio.example.evil.example', 'null']) {
      const response = await preflight(origin);
      expect(response.status, origin).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
    }
  });

  it('should give no CORS headers to the requests of other origins', async () => {
    const response = await postGraphQL(
      chat.server.httpUrl,
      ME,
      {},
      { token: chat.users.ada.token, headers: { origin: 'https://evil.example' } },
    );
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('should keep refusing OPTIONS that is not a preflight with 405', async () => {
    const response = await fetch(chat.server.httpUrl, { method: 'OPTIONS' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });
});

describe('connection_init', () => {
  const whoAmI = async (socket: TestSocket) => {
    await socket.ready;
    return (await socket.execute(ME)).data?.me?.name;
  };
  const withParams = (connectionParams: Record<string, unknown>) => chat.open({ clientOptions: { connectionParams } });

  it('should authenticate every shape of the token clients send', async () => {
    const token = chat.users.ada.token;
    for (const params of [
      { authToken: token },
      { authToken: `Bearer ${token}` },
      { Authorization: `Bearer ${token}` },
      { authorization: `bearer ${token}` },
      { AUTHORIZATION: token },
      { headers: { Authorization: `Bearer ${token}` } },
    ]) {
      const socket = withParams(params);
      expect(await whoAmI(socket), JSON.stringify(Object.keys(params))).toBe('Ada');
      await socket.dispose();
    }
  });

  it('should make an anonymous connection when connection_init carries no token', async () => {
    for (const params of [{}, { somethingElse: 1 }]) {
      const socket = withParams(params);
      expect(await whoAmI(socket)).toBeUndefined();
      await socket.dispose();
    }
  });

  it('should close with 4401, which graphql-ws does not retry, and a reason that never echoes the token', async () => {
    const unknown = 'z'.repeat(43);
    for (const [params, reason] of [
      [{ authToken: unknown }, 'Unknown or expired token: sign in again'],
      [{ Authorization: `Bearer ${unknown}` }, 'Unknown or expired token: sign in again'],
      [{ authorization: 'Bearer ' }, 'authorization is empty'],
      [{ authToken: 42 }, 'authToken must be a string'],
      [{ Authorization: `Bearer ${unknown} extra` }, 'Authorization must be one token, optionally after "Bearer "'],
    ] as const) {
      // graphql-ws's own rules decide: retries are allowed, and it must give up at once rather than wait to retry.
      let outcome!: (what: string) => void;
      const decided = new Promise<string>((resolve) => (outcome = resolve));
      const socket = chat.open({
        clientOptions: {
          connectionParams: params,
          retryAttempts: 5,
          retryWait: () => {
            outcome('retries');
            return new Promise<void>(() => {});
          },
          onNonLazyError: () => outcome('gives up'),
        },
      });
      const closed = await socket.closed;
      expect(closed).toEqual({ code: 4401, reason });
      expect(closed.reason).not.toContain(unknown);
      expect(await decided).toBe('gives up');
    }
  });

  it('should keep refusing a cookie from a foreign page with 4403', async () => {
    const socket = chat.open({ headers: { cookie: chat.users.ada.cookie, origin: 'https://evil.example' } });
    expect(await socket.closed).toEqual({ code: 4403, reason: 'Forbidden' });
  });
});
