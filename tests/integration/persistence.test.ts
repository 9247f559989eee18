import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { errorCode, login, postGraphQL } from '../support/http-client.js';
import { CHANNEL, CHANNELS, CREATE_CHANNEL, DIRECT_MESSAGES, LOGIN, ME, SEND_DIRECT, SEND_MESSAGE } from '../support/operations.js';
import { SEARCH_MESSAGES } from '../support/typing-search-operations.js';
import { makeTempDir, removeTempDir, startTestServer } from '../support/test-server.js';
import { openSocket } from '../support/ws-client.js';

const dirs: string[] = [];
const children: ChildServer[] = [];
const tempDir = () => {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
};
const child = async (env: Record<string, string>) => {
  const started = await startChildServer(env);
  children.push(started);
  return started;
};
afterAll(async () => {
  await Promise.all(children.map((server) => server.kill()));
  for (const dir of dirs) removeTempDir(dir);
});

describe('a restart', () => {
  it('should keep users, sessions, channels, messages and direct messages', async () => {
    const dir = tempDir();
    const first = await startTestServer({}, dir);
    const ada = await login(first.httpUrl, 'Ada');
    await login(first.httpUrl, 'Bob');
    const channel = await postGraphQL(first.httpUrl, CREATE_CHANNEL, { name: 'kept' }, { token: ada.token });
    const channelId = channel.data.createChannel.id;
    const message = await postGraphQL(
      first.httpUrl,
      SEND_MESSAGE,
      { channelId, body: 'still here', clientId: 'k-1' },
      { token: ada.token },
    );
    await postGraphQL(first.httpUrl, SEND_DIRECT, { to: 'Bob', body: 'psst' }, { token: ada.token });
    await first.stop();

    const second = await startTestServer({}, dir);
    try {
      expect((await postGraphQL(second.httpUrl, ME, {}, { token: ada.token })).data.me).toEqual({ id: ada.user.id, name: 'Ada' });
      expect(errorCode(await postGraphQL(second.httpUrl, LOGIN, { name: 'ada' }))).toBe('USERNAME_TAKEN');
      const names = (await postGraphQL(second.httpUrl, CHANNELS, {}, { token: ada.token })).data.channels.map(
        (c: { name: string }) => c.name,
      );
      expect(names).toEqual(['general', 'kept']);
      const history = await postGraphQL(second.httpUrl, CHANNEL, { id: channelId }, { token: ada.token });
      expect(history.data.channel.messages).toEqual([
        { id: message.data.sendMessage.id, body: 'still here', clientId: 'k-1', author: { id: ada.user.id, name: 'Ada' } },
      ]);
      const resend = await postGraphQL(second.httpUrl, SEND_MESSAGE, { channelId, body: 'again', clientId: 'k-1' }, { token: ada.token });
      expect(resend.data.sendMessage.id).toBe(message.data.sendMessage.id);
      const next = await postGraphQL(second.httpUrl, SEND_MESSAGE, { channelId, body: 'after restart' }, { token: ada.token });
      expect(Number(next.data.sendMessage.id)).toBeGreaterThan(Number(message.data.sendMessage.id));
      const dms = await postGraphQL(second.httpUrl, DIRECT_MESSAGES, { with: 'Bob' }, { token: ada.token });
      expect(dms.data.directMessages.map((dm: { body: string }) => dm.body)).toEqual(['psst']);
      expect(
        (await postGraphQL(second.httpUrl, CHANNELS, {}, { token: ada.token })).data.channels.filter(
          (c: { name: string }) => c.name === 'general',
        ),
      ).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});

describe('the server process', () => {
  it('should keep a message whose send returned when the server is killed with SIGKILL', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const env = { DATABASE_URL: join(dir, 'chat.db'), WEB_BUILD_DIR: join(dir, 'no-web') };
    const first = await child(env);
    const ada = await login(first.httpUrl, 'Ada');
    const sent = await postGraphQL(
      first.httpUrl,
      SEND_MESSAGE,
      { channelId: '1', body: 'committed before the crash' },
      { token: ada.token },
    );
    expect(sent.errors).toBeUndefined();
    first.process.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = await child(env);
    const history = await postGraphQL(second.httpUrl, CHANNEL, { id: '1' }, { token: ada.token });
    expect(history.data.channel.messages.map((message: { id: string; body: string }) => [message.id, message.body])).toEqual([
      [sent.data.sendMessage.id, 'committed before the crash'],
    ]);
    await second.kill();
  });

  /**
   * 32 sends at once over one socket (they share commits: the SQLite store's
   * group commit), each body `body(i)`, all acknowledged; then the server is
   * SIGKILLed and started again on the same file.
   */
  async function sendThenKill(body: (i: number) => string) {
    const dir = tempDir();
    const env = { DATABASE_URL: join(dir, 'chat.db'), WEB_BUILD_DIR: join(dir, 'no-web'), SEND_RATE_PER_SECOND: '0' };
    const first = await child(env);
    const ada = await login(first.httpUrl, 'Ada');
    const socket = openSocket(first.wsUrl, { authToken: ada.token });
    await socket.ready;
    const sent = await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        socket.execute<{ sendMessage: { id: string } }>(SEND_MESSAGE, { channelId: '1', body: body(i) }),
      ),
    );
    first.process.kill('SIGKILL');
    await first.exited;
    await socket.dispose();
    return { ada, sentIds: sent.map((result) => result.data!.sendMessage.id), second: await child(env) };
  }

  it('should keep every message of sends in flight together, acknowledged just before a SIGKILL', { timeout: 60_000 }, async () => {
    const { ada, sentIds, second } = await sendThenKill((i) => `m${i}`);
    const history = await postGraphQL(second.httpUrl, CHANNEL, { id: '1' }, { token: ada.token });
    const stored = history.data.channel.messages.map((message: { id: string; body: string }) => [message.id, message.body]);
    expect(stored).toEqual(sentIds.map((id, i) => [id, `m${i}`]));
    await second.kill();
  });

  it(
    'should find in a search the messages acknowledged just before a SIGKILL, before the index caught up',
    { timeout: 60_000 },
    async () => {
      // Killed well within the moment the full-text index waits before it catches up with sends.
      const { ada, sentIds, second } = await sendThenKill((i) => `unindexed ${i}`);
      const found = await postGraphQL(second.httpUrl, SEARCH_MESSAGES, { text: 'unindexed', first: 50 }, { token: ada.token });
      expect(found.data.searchMessages.map((message: { id: string }) => message.id)).toEqual([...sentIds].reverse());
      await second.kill();
    },
  );

  it('should close its WebSockets and exit with 0 promptly on SIGTERM', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const server = await child({ DATABASE_URL: join(dir, 'chat.db'), WEB_BUILD_DIR: join(dir, 'no-web') });
    const ada = await login(server.httpUrl, 'Ada');
    const sockets = [openSocket(server.wsUrl, { authToken: ada.token }), openSocket(server.wsUrl)];
    await Promise.all(sockets.map((socket) => socket.ready));
    const stream = sockets[0]!.subscribe(`subscription { messageAdded(channelId: "1") { id } }`);
    await sockets[0]!.flush();

    const signalledAt = Date.now();
    server.process.kill('SIGTERM');
    for (const socket of sockets) expect((await socket.closed).code).toBe(1001);
    await stream.ended;
    const { code } = await server.exited;
    expect(code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    await Promise.all(sockets.map((socket) => socket.dispose()));
  });
});
