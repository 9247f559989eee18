import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, postGraphQL, type SignedIn } from '../support/http-client.js';
import { CREATE_CHANNEL, SEND_MESSAGE } from '../support/operations.js';
import { CHANNEL_WITH_COUNTS, MARK_READ, READ_MARKER_MOVED } from '../support/read-marker-operations.js';
import type { TestServer } from '../support/test-server.js';
import { openSocket, type TestSocket } from '../support/ws-client.js';
import { servicesAvailable } from '../store/test-services.js';
import { createCluster, type Cluster } from './scale-fixtures.js';

const available = await servicesAvailable('The scale-out tests of read markers', { postgres: true, redis: true });

describe.skipIf(!available)('read markers across two instances on one PostgreSQL and one Redis', () => {
  let cluster: Cluster;
  let a: TestServer;
  let b: TestServer;
  const sockets: TestSocket[] = [];
  const open = (server: TestServer, who: SignedIn) => {
    const socket = openSocket(server.wsUrl, { authToken: who.token });
    sockets.push(socket);
    return socket;
  };
  const call = async (server: TestServer, who: SignedIn, query: string, variables: Record<string, unknown>) => {
    const response = await postGraphQL(server.httpUrl, query, variables, { token: who.token });
    if (!response.data) throw new Error(JSON.stringify(response.errors));
    return response.data;
  };

  beforeAll(async () => {
    cluster = await createCluster();
    [a, b] = [await cluster.start(), await cluster.start()];
  });
  afterAll(async () => {
    await Promise.allSettled(sockets.map((socket) => socket.dispose()));
    await cluster?.dispose();
  });

  it("should tell the user's session on the other instance that a marker moved, and agree on the counts there", async () => {
    const [ada, bob] = [await login(a.httpUrl, 'Ada'), await login(b.httpUrl, 'Bob')];
    const channelId = (await call(a, bob, CREATE_CHANNEL, { name: 'read across' })).createChannel.id;
    await call(a, bob, SEND_MESSAGE, { channelId, body: 'one' });
    const second = (await call(b, bob, SEND_MESSAGE, { channelId, body: 'two @Ada' })).sendMessage;
    const onB = open(b, ada).subscribe(READ_MARKER_MOVED);
    await cluster.waitForSubscribers(`READ_MARKER_MOVED:${ada.user.id}`, 1);

    expect((await call(b, ada, CHANNEL_WITH_COUNTS, { id: channelId })).channel).toMatchObject({ unreadCount: 2, mentionCount: 1 });
    await call(a, ada, MARK_READ, { channelId, messageId: second.id });
    expect((await onB.next()).data!.readMarkerMoved).toEqual({
      channelId,
      with: null,
      lastReadId: second.id,
      unreadCount: 0,
      mentionCount: 0,
    });
    expect((await call(b, ada, CHANNEL_WITH_COUNTS, { id: channelId })).channel).toEqual({
      id: channelId,
      lastReadId: second.id,
      unreadCount: 0,
      mentionCount: 0,
    });
  });

  it("should announce a send's marker move to the sender's session on the other instance", async () => {
    const cy = await login(a.httpUrl, 'Cy');
    const channelId = (await call(a, cy, CREATE_CHANNEL, { name: 'sent across' })).createChannel.id;
    const onB = open(b, cy).subscribe(READ_MARKER_MOVED);
    await cluster.waitForSubscribers(`READ_MARKER_MOVED:${cy.user.id}`, 1);
    const sent = (await call(a, cy, SEND_MESSAGE, { channelId, body: 'from A' })).sendMessage;
    expect((await onB.next()).data!.readMarkerMoved).toMatchObject({ channelId, lastReadId: sent.id, unreadCount: 0 });
  });
});
