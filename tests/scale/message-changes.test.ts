import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, postGraphQL, type SignedIn } from '../support/http-client.js';
import {
  DIRECT_UPDATED,
  EDIT_DIRECT,
  EDIT_MESSAGE,
  MESSAGE_UPDATED,
  REACT,
  SEND_DIRECT_TRACKED,
  SEND_TRACKED,
} from '../support/message-change-operations.js';
import { CREATE_CHANNEL } from '../support/operations.js';
import type { TestServer } from '../support/test-server.js';
import { openSocket, type TestSocket } from '../support/ws-client.js';
import { servicesAvailable } from '../store/test-services.js';
import { createCluster, type Cluster } from './scale-fixtures.js';

const available = await servicesAvailable('The scale-out tests of message changes', { postgres: true, redis: true });

describe.skipIf(!available)('message changes across two instances on one PostgreSQL and one Redis', () => {
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

  it('should deliver an edit and a reaction made on one instance to a subscriber on the other, in order', async () => {
    const [ada, bob] = [await login(a.httpUrl, 'Ada'), await login(b.httpUrl, 'Bob')];
    const channelId = (await call(a, ada, CREATE_CHANNEL, { name: 'across' })).createChannel.id;
    const sent = (await call(a, ada, SEND_TRACKED, { channelId, body: 'hello' })).sendMessage;
    const onB = open(b, bob).subscribe(MESSAGE_UPDATED, { channelId });
    await cluster.waitForSubscribers(`MESSAGE_UPDATED:${channelId}`, 1);

    const edited = (await call(a, ada, EDIT_MESSAGE, { channelId, id: sent.id, body: 'hello, B' })).editMessage;
    const reacted = (await call(a, ada, REACT, { channelId, messageId: sent.id, emoji: '👋', on: true })).react;
    expect((await onB.next()).data!.messageUpdated).toEqual(edited);
    expect((await onB.next()).data!.messageUpdated).toEqual(reacted);
    expect(reacted.version).toBe(3);
  });

  it('should deliver a direct message’s edit to its recipient on the other instance', async () => {
    const [cy, dee] = [await login(a.httpUrl, 'Cy'), await login(b.httpUrl, 'Dee')];
    const onB = open(b, dee).subscribe(DIRECT_UPDATED);
    await cluster.waitForSubscribers(`DIRECT_MESSAGE_UPDATED:${dee.user.id}`, 1);
    const sent = (await call(a, cy, SEND_DIRECT_TRACKED, { to: 'Dee', body: 'hi' })).sendDirectMessage;
    const edited = (await call(a, cy, EDIT_DIRECT, { id: sent.id, body: 'hi Dee' })).editDirectMessage;
    expect((await onB.next()).data!.directMessageUpdated).toEqual(edited);
  });
});
