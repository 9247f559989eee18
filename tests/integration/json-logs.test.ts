import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { errorCode, postGraphQL } from '../support/http-client.js';
import { LOGIN, ME, SEND_MESSAGE } from '../support/operations.js';
import { makeTempDir, removeTempDir } from '../support/test-server.js';
import { openSocket } from '../support/ws-client.js';

const WEB_BUILD_DIR = resolve('web/build');
const LOGIN_WITH_PASSWORD = `mutation ($name: String!, $password: String) { login(name: $name, password: $password) { token } }`;
const SET_PASSWORD = `mutation ($password: String!, $currentPassword: String) { setPassword(password: $password, currentPassword: $currentPassword) { id } }`;

/**
 * The server as an operator runs it (`server/main.ts` in a process of its
 * own, logging at debug), taken through requests that make it log: 404s, bad
 * JSON, missing and false sessions, passwords right and wrong, WebSockets
 * with bad tokens and one whose authentication fails inside the server.
 */
describe('the log on stdout', () => {
  let dir: string;
  let server: ChildServer;
  const origin = () => server.httpUrl.replace(/\/graphql$/, '');
  /** Every value sent that must never be written down. */
  const secrets: string[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    server = await startChildServer({
      DATABASE_URL: join(dir, 'chat.db'),
      LOG_LEVEL: 'debug',
      // The web app when built, so that SvelteKit's own output is part of the run.
      WEB_BUILD_DIR: existsSync(join(WEB_BUILD_DIR, 'handler.js')) ? WEB_BUILD_DIR : join(dir, 'no-web-build'),
    });

    for (const path of ['/no-such-page', '/favicon.ico', '/_app/immutable/missing.js', '/%', '/c/%ZZ', '/c/1', '/login'])
      await fetch(`${origin()}${path}`);
    await fetch(server.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    await fetch(server.httpUrl, { method: 'DELETE' });
    expect(errorCode(await postGraphQL(server.httpUrl, SEND_MESSAGE, { channelId: '1', body: 'nobody' }))).toBe('UNAUTHENTICATED');

    const first = await postGraphQL(server.httpUrl, LOGIN, { name: 'Logged' });
    const token = first.data.login.token as string;
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
    const password = 'correct horse battery staple';
    const wrongPassword = 'Tr0ub4dor&3-not-it';
    const falseToken = 'A'.repeat(43);
    secrets.push(token, cookie.split('=')[1]!, password, wrongPassword, falseToken);
    expect((await postGraphQL(server.httpUrl, SET_PASSWORD, { password }, { token })).errors).toBeUndefined();
    expect(errorCode(await postGraphQL(server.httpUrl, LOGIN_WITH_PASSWORD, { name: 'Logged', password: wrongPassword }))).toBe(
      'WRONG_PASSWORD',
    );
    const again = await postGraphQL(server.httpUrl, LOGIN_WITH_PASSWORD, { name: 'Logged', password }, { cookie });
    const secondToken = again.data.login.token as string;
    secrets.push(secondToken);
    await postGraphQL(server.httpUrl, ME, {}, { token: falseToken, cookie });
    await fetch(`${server.httpUrl}?query=${encodeURIComponent(ME)}&variables=${encodeURIComponent(JSON.stringify({ password }))}`, {
      headers: { authorization: `Bearer ${secondToken}` },
    });

    const refused = openSocket(server.wsUrl, { authToken: falseToken });
    expect((await refused.closed).code).toBe(4401);
    const served = openSocket(server.wsUrl, { authToken: secondToken });
    await served.ready;
    await served.dispose();

    // The store fails under the server: its sessions table is gone.
    const database = new Database(join(dir, 'chat.db'));
    database.exec('ALTER TABLE sessions RENAME TO sessions_elsewhere');
    database.close();
    const failing = openSocket(server.wsUrl, { authToken: secondToken });
    expect(await failing.closed).toEqual({ code: 4500, reason: 'Internal server error' });
    await postGraphQL(server.httpUrl, ME, {}, { token: secondToken });

    server.process.kill('SIGTERM');
    await server.exited;
  }, 60_000);

  afterAll(async () => {
    await server?.kill();
    if (dir) removeTempDir(dir);
  });

  it('should hold nothing but JSON log entries, one a line', () => {
    const lines = server.stdoutLines().filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(15);
    const notJson = lines.filter((line) => {
      try {
        const entry = JSON.parse(line) as unknown;
        return typeof entry !== 'object' || entry === null || !('level' in entry) || !('msg' in entry);
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
  });

  it('should never hold a token, a session cookie or a password that was sent', () => {
    const output = server.stdoutLines().join('\n') + server.stderr();
    for (const secret of secrets) expect(output, `a secret sent to the server (${secret.slice(0, 4)}…)`).not.toContain(secret);
  });

  it('should log each request at debug, by path without its query string and with the client address', () => {
    const requests = server
      .stdoutLines()
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'request');
    expect(requests).toContainEqual(
      expect.objectContaining({
        level: 20,
        method: 'POST',
        path: '/graphql',
        status: 200,
        client: '127.0.0.1',
        durationMs: expect.any(Number),
      }),
    );
    expect(requests).toContainEqual(expect.objectContaining({ method: 'GET', path: '/no-such-page', status: 404 }));
    expect(requests.filter((entry) => String(entry.path).includes('?'))).toEqual([]);
  });

  it('should log the cause of a failure inside the server in full, and shut down cleanly', async () => {
    const entries = server.stdoutLines().map((line) => JSON.parse(line) as { msg: string; err?: { message: string; stack: string } });
    const failure = entries.find((entry) => entry.err?.message.includes('sessions'));
    expect(failure?.err?.stack).toMatch(/\n\s+at /);
    expect(entries.at(-1)?.msg).toBe('Flask-Chat stopped');
    expect((await server.exited).code).toBe(0);
  });
});
