import { afterAll, beforeAll } from 'vitest';
import { login, type SignedIn } from './http-client.js';
import type { ServerOptions } from '../../server/index.js';
import { makeTempDir, removeTempDir, startTestServer, type TestServer } from './test-server.js';
import { openSocket, type TestSocket, type TestSocketOptions } from './ws-client.js';

export interface ChatServerFixture<UserKey extends string> {
  readonly server: TestServer;
  /** The users signed in before the first test, by the keys they were given. */
  readonly users: Readonly<Record<UserKey, SignedIn>>;
  /** The folder of the server's SQLite file, `chat.db`, for tests that read the rows themselves. */
  readonly tempDir: string;
  /** Opens a socket to the server, with a session token or full options; it is disposed after the file's tests. */
  open(authToken: string): TestSocket;
  open(options?: TestSocketOptions): TestSocket;
}

/**
 * Most integration files need the same thing: one real server for the whole
 * file, a few users signed in, and every socket a test opens disposed at the
 * end. This registers those `beforeAll`/`afterAll` hooks, so each file states
 * only what differs (settings, users), and a forgotten socket cannot keep a
 * run alive.
 *
 * Call it at the top level of a test file. The getters work inside tests and
 * hooks that run after the server started, and throw before then.
 *
 * `serverOptions` reach startServer as they are (a TestClock's `now`, say).
 * `users` maps a key to a login name, e.g. `{ ada: 'Ada' }` gives
 * `fixture.users.ada`; they sign in one after another, in that order.
 */
export function useChatServer<UserKey extends string = never>(
  options: { env?: Record<string, string>; users?: Record<UserKey, string>; serverOptions?: ServerOptions } = {},
): ChatServerFixture<UserKey> {
  let server: TestServer | undefined;
  let tempDir: string | undefined;
  const users = {} as Record<UserKey, SignedIn>;
  const sockets: TestSocket[] = [];
  const startedServer = () => {
    if (!server) throw new Error('the chat server is not started yet: use the fixture inside a test or a later hook');
    return server;
  };

  beforeAll(async () => {
    tempDir = makeTempDir();
    server = await startTestServer(options.env, tempDir, options.serverOptions);
    for (const [key, name] of Object.entries(options.users ?? {}) as [UserKey, string][]) {
      users[key] = await login(server.httpUrl, name);
    }
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    if (server) await server.dispose();
    else if (tempDir) removeTempDir(tempDir);
  });

  return {
    get server() {
      return startedServer();
    },
    get users() {
      startedServer();
      return users;
    },
    get tempDir() {
      startedServer();
      return tempDir!;
    },
    open(tokenOrOptions?: string | TestSocketOptions) {
      const socketOptions = typeof tokenOrOptions === 'string' ? { authToken: tokenOrOptions } : tokenOrOptions;
      const socket = openSocket(startedServer().wsUrl, socketOptions);
      sockets.push(socket);
      return socket;
    },
  };
}
