import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait.js';
import { login, postGraphQL } from '../support/http-client.js';
import { CREATE_CHANNEL, DIRECT_ADDED, MESSAGE_ADDED, SEND_DIRECT, SEND_MESSAGE } from '../support/operations.js';
import { openSocket, type TestSocket } from '../support/ws-client.js';
import { servicesAvailable } from '../store/test-services.js';
import { createCluster, startRedisProxy, type Cluster, type CuttableProxy } from './scale-fixtures.js';
import type { TestServer } from '../support/test-server.js';

const available = await servicesAvailable('The delivery-after-commit tests', { postgres: true, redis: true });

describe.skipIf(!available)('messages acknowledged while the sending instance has lost Redis', () => {
  let cluster: Cluster;
  let proxy: CuttableProxy;
  let sender: TestServer;
  let reader: TestServer;
  const sockets: TestSocket[] = [];

  const pendingInOutbox = async () => {
    const client = new pg.Client({ connectionString: cluster.database.url });
    await client.connect();
    try {
      return Number((await client.query('SELECT count(*) AS n FROM event_outbox')).rows[0].n);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    cluster = await createCluster();
    proxy = await startRedisProxy();
    // The sender reaches Redis through a proxy the test cuts; the reader's instance keeps Redis.
    sender = await cluster.start({ REDIS_URL: proxy.url });
    reader = await cluster.start();
  });
  afterAll(async () => {
    await Promise.allSettled(sockets.map((socket) => socket.dispose()));
    await proxy?.close();
    await cluster?.dispose();
  });

  it(
    'should acknowledge every send, then deliver each one live on the other instance once Redis is back, in order and once',
    { timeout: 60_000 },
    async () => {
      const ada = await login(sender.httpUrl, 'Ada');
      const bob = await login(reader.httpUrl, 'Bob');
      const channelId = (await postGraphQL(sender.httpUrl, CREATE_CHANNEL, { name: 'outage' }, { token: ada.token })).data.createChannel.id;
      const socket = openSocket(reader.wsUrl, { authToken: bob.token });
      sockets.push(socket);
      const channel = socket.subscribe(MESSAGE_ADDED, { channelId });
      const direct = socket.subscribe(DIRECT_ADDED);
      await cluster.waitForSubscribers(`MESSAGE_ADDED:${channelId}`, 1);
      await cluster.waitForSubscribers(`DIRECT_MESSAGE_ADDED:${bob.user.id}`, 1);

      await proxy.cut();
      const sent = [];
      for (const body of ['one', 'two', 'three']) {
        const response = await postGraphQL(sender.httpUrl, SEND_MESSAGE, { channelId, body, clientId: body }, { token: ada.token });
        expect(response.errors, body).toBeUndefined();
        sent.push(response.data.sendMessage.id);
      }
      const dm = await postGraphQL(sender.httpUrl, SEND_DIRECT, { to: 'Bob', body: 'private, during the outage' }, { token: ada.token });
      expect(dm.errors).toBeUndefined();
      // A resend with the same clientId is acknowledged with the first message, as ever.
      const again = await postGraphQL(sender.httpUrl, SEND_MESSAGE, { channelId, body: 'one', clientId: 'one' }, { token: ada.token });
      expect(again.data.sendMessage.id).toBe(sent[0]);

      await proxy.restore();
      for (const id of sent) expect((await channel.next(20_000)).data.messageAdded.id).toBe(id);
      expect((await direct.next(20_000)).data.directMessageAdded.id).toBe(dm.data.sendDirectMessage.id);
      // Nothing twice: the next event is the one sent after everything else.
      const sentinel = await postGraphQL(reader.httpUrl, SEND_MESSAGE, { channelId, body: 'after' }, { token: bob.token });
      expect((await channel.next(10_000)).data.messageAdded.id).toBe(sentinel.data.sendMessage.id);
    },
  );

  it('should deliver once a publish that Redis took but did not confirm in time is published again', { timeout: 60_000 }, async () => {
    const cy = await login(sender.httpUrl, 'Cy');
    const dee = await login(reader.httpUrl, 'Dee');
    const channelId = (await postGraphQL(sender.httpUrl, CREATE_CHANNEL, { name: 'slow redis' }, { token: cy.token })).data.createChannel
      .id;
    const socket = openSocket(reader.wsUrl, { authToken: dee.token });
    sockets.push(socket);
    const channel = socket.subscribe(MESSAGE_ADDED, { channelId });
    await cluster.waitForSubscribers(`MESSAGE_ADDED:${channelId}`, 1);

    // Redis receives the sender's commands but its answers are held back, as when it is paused: publishes time out.
    proxy.hold();
    const sent = [];
    for (const body of ['late one', 'late two']) {
      const response = await postGraphQL(sender.httpUrl, SEND_MESSAGE, { channelId, body }, { token: cy.token });
      expect(response.errors, body).toBeUndefined();
      sent.push(response.data.sendMessage.id);
    }
    proxy.release();
    for (const id of sent) expect((await channel.next(20_000)).data.messageAdded.id).toBe(id);
    // Published again by the outbox, each still reaches the reader once: once the outbox is empty, the next event is the sentinel.
    await waitFor(async () => (await pendingInOutbox()) === 0, 'the outbox to be empty', 20_000);
    const sentinel = await postGraphQL(reader.httpUrl, SEND_MESSAGE, { channelId, body: 'sentinel' }, { token: dee.token });
    expect((await channel.next(10_000)).data.messageAdded.id).toBe(sentinel.data.sendMessage.id);
  });
});
