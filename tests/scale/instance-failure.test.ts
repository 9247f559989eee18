import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, postGraphQL } from '../support/http-client.js';
import { startChildServer, spawnServerProcess, type ChildServer } from '../support/child-server.js';
import { CHANNELS, MESSAGE_ADDED, PRESENCE_CHANGED, SEND_MESSAGE } from '../support/operations.js';
import { waitFor } from '../support/wait.js';
import { openSocket, type TestSocket } from '../support/ws-client.js';
import { servicesAvailable } from '../store/test-services.js';
import { createCluster, startRedisProxy, type Cluster } from './scale-fixtures.js';

const available = await servicesAvailable('The instance failure tests', { postgres: true, redis: true });

/** Runs the server as `npm run dev` would and waits for it to exit. */
async function runUntilExit(env: Record<string, string>) {
  const child = spawnServerProcess(env);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  return { code, output };
}

describe.skipIf(!available)('instances that fail', () => {
  let cluster: Cluster;
  const sockets: TestSocket[] = [];
  const children: ChildServer[] = [];

  beforeAll(async () => {
    cluster = await createCluster();
  });
  afterAll(async () => {
    await Promise.allSettled(sockets.map((socket) => socket.dispose()));
    await Promise.allSettled(children.map((child) => child.kill()));
    await cluster?.dispose();
  });

  it('should take the users of an instance killed with -9 offline on the others within 30 seconds', { timeout: 90_000 }, async () => {
    const doomed = await startChildServer(cluster.env);
    children.push(doomed);
    const survivor = await cluster.start();
    const [ada, bob] = [await login(survivor.httpUrl, 'Ada'), await login(survivor.httpUrl, 'Bob')];
    const watcher = openSocket(survivor.wsUrl, { authToken: bob.token });
    sockets.push(watcher);
    const presence = watcher.subscribe(PRESENCE_CHANGED);
    await watcher.flush();
    // The watcher's own arrival is announced through Redis and may reach it after the subscription is live.
    const changes = {
      async next(timeoutMs?: number) {
        for (;;) {
          const change = await presence.next(timeoutMs);
          if (change.data.presenceChanged.name !== 'Bob') return change;
        }
      },
    };

    const onDoomed = openSocket(doomed.wsUrl, { authToken: ada.token });
    sockets.push(onDoomed);
    await onDoomed.ready;
    expect((await changes.next()).data.presenceChanged).toEqual({ ...ada.user, online: true });

    doomed.process.kill('SIGKILL');
    await doomed.exited;
    expect((await changes.next(30_000)).data.presenceChanged).toEqual({ ...ada.user, online: false });
    const online = await postGraphQL(survivor.httpUrl, `{ onlineUsers { name } }`, {}, { token: bob.token });
    expect(online.data.onlineUsers).toEqual([{ name: 'Bob' }]);
    // Announced once: the next change is that of someone who signs in after.
    const sentinel = await login(survivor.httpUrl, 'Sentinel');
    const sentinelSocket = openSocket(survivor.wsUrl, { authToken: sentinel.token });
    sockets.push(sentinelSocket);
    await sentinelSocket.ready;
    expect((await changes.next()).data.presenceChanged).toEqual({ ...sentinel.user, online: true });
  });

  it('should stop with a clear message and a non-zero exit when PostgreSQL is unreachable at start-up', async () => {
    const { code, output } = await runUntilExit({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1\/nowhere .*Check DATABASE_URL/);
  });

  it('should stop with a clear message and a non-zero exit when Redis is unreachable at start-up', async () => {
    const { code, output } = await runUntilExit({ ...cluster.env, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/Cannot reach Redis at 127\.0\.0\.1:1 .*Check REDIS_URL/);
  });

  it(
    'should report itself unhealthy while Redis is away, keep answering queries, and recover by itself, asking clients to resume',
    { timeout: 60_000 },
    async () => {
      const proxy = await startRedisProxy();
      try {
        const server = await cluster.start({ REDIS_URL: proxy.url });
        const health = async () => (await fetch(`${server.url}/healthz`)).status;
        expect(await health()).toBe(200);
        const cy = await login(server.httpUrl, 'Cy');
        const beforeOutage = openSocket(server.wsUrl, { authToken: cy.token });
        sockets.push(beforeOutage);
        await beforeOutage.ready;

        await proxy.cut();
        await waitFor(async () => (await health()) === 503, '/healthz to answer 503');
        const channels = await postGraphQL(server.httpUrl, CHANNELS, {}, { token: cy.token });
        expect(channels.data.channels.map((channel: { name: string }) => channel.name)).toContain('general');
        expect((await login(server.httpUrl, 'Dee')).user.name).toBe('Dee');

        await proxy.restore();
        await waitFor(async () => (await health()) === 200, '/healthz to answer 200 again', 15_000);
        // Whatever was published meanwhile never reached this instance: its clients are told to reconnect and resume.
        expect((await beforeOutage.closed).code).toBe(1012);
        const socket = openSocket(server.wsUrl, { authToken: cy.token });
        sockets.push(socket);
        const live = socket.subscribe(MESSAGE_ADDED, { channelId: '1' });
        await cluster.waitForSubscribers('MESSAGE_ADDED:1', 1);
        const sent = await postGraphQL(server.httpUrl, SEND_MESSAGE, { channelId: '1', body: 'back' }, { token: cy.token });
        expect((await live.next()).data.messageAdded.id).toBe(sent.data.sendMessage.id);
      } finally {
        await proxy.close();
      }
    },
  );
});
