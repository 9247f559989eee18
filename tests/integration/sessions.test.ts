import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, login, postGraphQL } from '../support/http-client.js';
import { LOGIN, LOGOUT, ME } from '../support/operations.js';
import { TestClock } from '../support/test-clock.js';
import { makeTempDir, startTestServer, type TestServer } from '../support/test-server.js';
import { openSocket } from '../support/ws-client.js';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  dir = makeTempDir();
  server = await startTestServer({}, dir);
});
afterAll(async () => {
  await server.dispose();
});

const DAY_MS = 24 * 60 * 60 * 1000;

const loginAs = (name: string, options: Parameters<typeof postGraphQL>[3] = {}) => postGraphQL(server.httpUrl, LOGIN, { name }, options);

describe('login', () => {
  it('should sign in with a new name and return the user and a token', async () => {
    const response = await loginAs('  Ada   Lovelace ');
    expect(response.errors).toBeUndefined();
    expect(response.data.login.user).toMatchObject({ name: 'Ada Lovelace', online: false });
    expect(response.data.login.user.id).toMatch(/^\d+$/);
    const me = await postGraphQL(server.httpUrl, ME, {}, { token: response.data.login.token });
    expect(me.data.me).toEqual({ id: response.data.login.user.id, name: 'Ada Lovelace' });
  });

  it('should answer me with null without a session', async () => {
    const me = await postGraphQL(server.httpUrl, ME);
    expect(me.errors).toBeUndefined();
    expect(me.data.me).toBeNull();
  });

  it('should refuse a name held by another session', async () => {
    await login(server.httpUrl, 'grace');
    const again = await loginAs('grace');
    expect(errorCode(again)).toBe('USERNAME_TAKEN');
    expect(again.errors![0]!.message).toMatch(/in use/);
    expect(again.data?.login).toBeUndefined();
  });

  it('should compare names case-insensitively, Unicode included', async () => {
    await login(server.httpUrl, 'émile');
    for (const name of ['ÉMILE', 'Émile', 'E\u0301mile', ' émile ']) expect(errorCode(await loginAs(name))).toBe('USERNAME_TAKEN');
    await login(server.httpUrl, 'straße');
    expect(errorCode(await loginAs('STRASSE'))).toBe('USERNAME_TAKEN');
  });

  it('should give a contested name to exactly one of several simultaneous logins', async () => {
    const attempts = await Promise.all(['racer', 'RACER', 'Racer', 'racer', 'rAcEr'].map((name) => loginAs(name)));
    expect(attempts.filter((attempt) => attempt.data?.login).length).toBe(1);
    expect(attempts.filter((attempt) => errorCode(attempt) === 'USERNAME_TAKEN').length).toBe(4);
  });

  it('should issue a 256-bit token that differs at every login', async () => {
    const first = await login(server.httpUrl, 'token-one');
    const second = await login(server.httpUrl, 'token-two');
    for (const { token } of [first, second]) expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(first.token).not.toBe(second.token);
  });

  it('should store only a hash of the token', async () => {
    const { token } = await login(server.httpUrl, 'hashed');
    const db = new Database(join(dir, 'chat.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT * FROM sessions').all() as Record<string, unknown>[];
      const values = rows.flatMap((row) => Object.values(row).map(String));
      expect(values).not.toContain(token);
      expect(values).toContain(createHash('sha256').update(token).digest('base64url'));
    } finally {
      db.close();
    }
    for (const file of readdirSync(dir).filter((name) => name.startsWith('chat.db')))
      expect(readFileSync(join(dir, file)).includes(token)).toBe(false);
  });

  it('should set an HttpOnly, SameSite=Lax session cookie for the whole site', async () => {
    const response = await loginAs('cookie-jar');
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`^flask_chat_session=${response.data.login.token};`));
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\/(;|$)/);
    expect(cookie).toMatch(/; Max-Age=\d+/);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it('should not mark the cookie Secure when a client it does not trust as a proxy says X-Forwarded-Proto: https', async () => {
    const response = await loginAs('claims-https', { headers: { 'x-forwarded-proto': 'https' } });
    expect(response.data.login.token).toBeTruthy();
    expect(response.headers.get('set-cookie')).not.toMatch(/; Secure/i);
  });

  it('should mark the cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const proxied = await startTestServer({ TRUST_PROXY: 'loopback' });
    try {
      const response = await postGraphQL(proxied.httpUrl, LOGIN, { name: 'behind-proxy' }, { headers: { 'x-forwarded-proto': 'https' } });
      expect(response.headers.get('set-cookie')).toMatch(/; Secure/i);
    } finally {
      await proxied.dispose();
    }
  });

  it('should authenticate HTTP requests by the session cookie', async () => {
    const { cookie, user } = await login(server.httpUrl, 'crumb');
    const me = await postGraphQL(server.httpUrl, ME, {}, { cookie });
    expect(me.data.me).toEqual({ id: user.id, name: 'crumb' });
    const channels = await postGraphQL(server.httpUrl, `{ channels { name } }`, {}, { cookie });
    expect(channels.errors).toBeUndefined();
  });

  it("should end the browser's previous session when it signs in again", async () => {
    const first = await login(server.httpUrl, 'switcher');
    const again = await loginAs('Switcher', { cookie: first.cookie });
    expect(again.errors).toBeUndefined();
    expect(again.data.login.user).toEqual({ id: first.user.id, name: 'Switcher', online: false });
    // Behaviour change: an ended session's Bearer token is refused with 401, not taken for no token.
    expect(errorCode(await postGraphQL(server.httpUrl, ME, {}, { token: first.token }))).toBe('UNAUTHENTICATED');
    expect((await postGraphQL(server.httpUrl, ME, {}, { token: again.data.login.token })).data.me.name).toBe('Switcher');
  });
});

describe('logout', () => {
  it('should revoke the token at once and free the name', async () => {
    const ada = await login(server.httpUrl, 'leaving');
    const out = await postGraphQL(server.httpUrl, LOGOUT, {}, { token: ada.token });
    expect(out.data).toEqual({ logout: true });
    expect(out.headers.get('set-cookie')).toMatch(/^flask_chat_session=; Max-Age=0/);
    const after = await postGraphQL(server.httpUrl, `{ channels { id } }`, {}, { token: ada.token });
    expect(errorCode(after)).toBe('UNAUTHENTICATED');
    const back = await loginAs('LEAVING');
    expect(back.errors).toBeUndefined();
    // Behaviour change: the next holder of a name without a password is a new user.
    expect(back.data.login.user.id).not.toBe(ada.user.id);
  });

  it("should close the session's open WebSocket connections with 4401", async () => {
    const ada = await login(server.httpUrl, 'two-tabs');
    const tabs = [openSocket(server.wsUrl, { authToken: ada.token }), openSocket(server.wsUrl, { headers: { cookie: ada.cookie } })];
    await Promise.all(tabs.map((tab) => tab.ready));
    const other = await login(server.httpUrl, 'stays');
    const bystander = openSocket(server.wsUrl, { authToken: other.token });
    await bystander.ready;

    await postGraphQL(server.httpUrl, LOGOUT, {}, { token: ada.token });
    for (const tab of tabs) expect((await tab.closed).code).toBe(4401);
    const result = await bystander.execute(ME);
    expect(result.data).toEqual({ me: { id: other.user.id, name: 'stays' } });
    await Promise.all([...tabs, bystander].map((socket) => socket.dispose()));
  });

  it('should answer a logout sent over WebSocket before closing that socket with 4401', async () => {
    const ada = await login(server.httpUrl, 'socket-leaver');
    const socket = openSocket(server.wsUrl, { authToken: ada.token });
    expect(await socket.execute(LOGOUT)).toEqual({ data: { logout: true } });
    expect((await socket.closed).code).toBe(4401);
    expect(errorCode(await postGraphQL(server.httpUrl, ME, {}, { token: ada.token }))).toBe('UNAUTHENTICATED');
    await socket.dispose();
  });

  it("should close the sockets of a browser's previous session when it signs in again", async () => {
    const first = await login(server.httpUrl, 'renamer');
    const socket = openSocket(server.wsUrl, { headers: { cookie: first.cookie } });
    await socket.ready;
    const again = await loginAs('renamed', { cookie: first.cookie });
    expect(again.errors).toBeUndefined();
    expect((await socket.closed).code).toBe(4401);
    expect((await loginAs('renamer')).errors).toBeUndefined();
    await socket.dispose();
  });

  it('should refuse logout without a session', async () => {
    expect(errorCode(await postGraphQL(server.httpUrl, LOGOUT))).toBe('UNAUTHENTICATED');
  });
});

describe('idle sessions', () => {
  // The server's clock stands still until a test moves it: nothing here waits for a session to go idle.
  const clock = new TestClock();
  let idle: TestServer;
  let idleLimitMs: number;
  beforeAll(async () => {
    // A day: the keeper of connected sessions then runs hourly, a couple of dozen rounds per idle limit.
    idle = await startTestServer({ SESSION_TTL_DAYS: '1' }, undefined, { clock: clock.now });
    idleLimitMs = idle.config.sessionTtlDays * DAY_MS;
  });
  afterAll(async () => {
    await idle?.dispose();
  });

  /** Lets `ms` pass with the tabs that are open staying open: the keeper of connected sessions runs at each of its rounds, as its timer would. */
  async function passWithTabsOpen(ms: number, eachRound: () => Promise<unknown> = async () => {}) {
    const { intervalMs, keepAllAlive } = idle.server.connectedSessions;
    expect(intervalMs).toBeLessThan(idleLimitMs);
    for (let passed = 0; passed < ms; passed += intervalMs) {
      await eachRound();
      clock.advance(intervalMs);
      await keepAllAlive();
    }
  }

  it('should free the name of a session unused for SESSION_TTL_DAYS', async () => {
    const first = await login(idle.httpUrl, 'sleepy');
    const writer = await login(idle.httpUrl, 'writer');
    const dm = `mutation { sendDirectMessage(to: "sleepy", body: "for the first sleepy only") { id } }`;
    expect((await postGraphQL(idle.httpUrl, dm, {}, { token: writer.token })).errors).toBeUndefined();
    expect(errorCode(await postGraphQL(idle.httpUrl, LOGIN, { name: 'sleepy' }))).toBe('USERNAME_TAKEN');
    clock.advance(idleLimitMs - 1);
    expect(errorCode(await postGraphQL(idle.httpUrl, LOGIN, { name: 'sleepy' })), 'just before the idle limit').toBe('USERNAME_TAKEN');
    clock.advance(2);
    expect(errorCode(await postGraphQL(idle.httpUrl, `{ channels { id } }`, {}, { token: first.token }))).toBe('UNAUTHENTICATED');
    const second = await postGraphQL(idle.httpUrl, LOGIN, { name: 'Sleepy' });
    expect(second.errors).toBeUndefined();
    // Behaviour change: the expired user ended with its session; "Sleepy" is someone new,
    // who cannot read what was written to the one before.
    expect(second.data.login.user.id).not.toBe(first.user.id);
    const read = await postGraphQL(idle.httpUrl, `{ directMessages(with: "writer") { id } }`, {}, { token: second.data.login.token });
    expect(read.data.directMessages).toEqual([]);
  });

  it('should keep the name of a session whose tab stays open without a word past SESSION_TTL_DAYS', async () => {
    const reader = await login(idle.httpUrl, 'quiet-reader');
    const socket = openSocket(idle.wsUrl, { authToken: reader.token });
    await socket.ready;
    await passWithTabsOpen(2 * idleLimitMs);
    expect(errorCode(await postGraphQL(idle.httpUrl, LOGIN, { name: 'QUIET-READER' }))).toBe('USERNAME_TAKEN');
    expect((await postGraphQL(idle.httpUrl, ME, {}, { token: reader.token })).data.me.name).toBe('quiet-reader');
    await socket.dispose();
    clock.advance(idleLimitMs + 1);
    const claimed = await postGraphQL(idle.httpUrl, LOGIN, { name: 'QUIET-READER' });
    expect(claimed.errors).toBeUndefined();
  });

  it('should keep a session in use over HTTP or WebSocket past SESSION_TTL_DAYS', async () => {
    const overHttp = await login(idle.httpUrl, 'busy-http');
    const overWs = await login(idle.httpUrl, 'busy-ws');
    const socket = openSocket(idle.wsUrl, { authToken: overWs.token });
    await socket.ready;
    await passWithTabsOpen(2 * idleLimitMs, async () => {
      await postGraphQL(idle.httpUrl, ME, {}, { token: overHttp.token });
      await socket.execute(ME);
    });
    expect((await postGraphQL(idle.httpUrl, ME, {}, { token: overHttp.token })).data.me.name).toBe('busy-http');
    expect((await postGraphQL(idle.httpUrl, ME, {}, { token: overWs.token })).data.me.name).toBe('busy-ws');
    for (const name of ['busy-http', 'busy-ws']) expect(errorCode(await postGraphQL(idle.httpUrl, LOGIN, { name }))).toBe('USERNAME_TAKEN');
    await socket.dispose();
  });
});
