import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, postGraphQL, type SignedIn } from '../support/http-client.js';
import { EDIT_MESSAGE, MESSAGE_UPDATED } from '../support/message-change-operations.js';
import { CHANNEL_ACTIVITY, CREATE_CHANNEL, MESSAGE_ADDED, SEND_MESSAGE } from '../support/operations.js';
import type { TestServer } from '../support/test-server.js';
import { TYPING, TYPING_CHANGED } from '../support/typing-search-operations.js';
import { waitFor } from '../support/wait.js';
import { openSocket, type TestSocket } from '../support/ws-client.js';
import { REDIS_URL, servicesAvailable } from '../store/test-services.js';
import { createCluster, type Cluster } from './scale-fixtures.js';

const available = await servicesAvailable('The per-channel event tests', { postgres: true, redis: true });

describe.skipIf(!available)('events of a channel on Redis channels of their own, followed only where a client follows them', () => {
  let cluster: Cluster;
  let a: TestServer;
  let b: TestServer;
  let inspector: Redis;
  /** Sees everything published under the prefix, by pattern: which leaves PUBSUB NUMSUB to the instances. */
  let spy: Redis;
  const published: { channel: string; payload: any }[] = [];
  const sockets: TestSocket[] = [];
  let prefix: string;

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
  /** How many instances listen on a topic's Redis channel. */
  const listeners = async (routingKey: string) => ((await inspector.pubsub('NUMSUB', `${prefix}${routingKey}`)) as [string, number])[1];
  const seen = (routingKey: string, matches: (payload: any) => boolean) =>
    waitFor(
      () => published.some((event) => event.channel === `${prefix}${routingKey}` && matches(event.payload)),
      `a publish on ${routingKey}`,
    );

  beforeAll(async () => {
    cluster = await createCluster();
    prefix = cluster.env.REDIS_PREFIX;
    [a, b] = [await cluster.start(), await cluster.start()];
    inspector = new Redis(REDIS_URL);
    spy = new Redis(REDIS_URL);
    spy.on('pmessage', (_pattern: string, channel: string, message: string) => published.push({ channel, payload: JSON.parse(message) }));
    await spy.psubscribe(`${prefix}*`);
  });
  afterAll(async () => {
    await Promise.allSettled(sockets.map((socket) => socket.dispose()));
    spy?.disconnect();
    inspector?.disconnect();
    await cluster?.dispose();
  });

  it('should publish channel B on its own Redis channels, which no instance follows while none of its clients follows B', async () => {
    const [ada, bob] = [await login(a.httpUrl, 'Ada'), await login(b.httpUrl, 'Bob')];
    const channelA = (await call(a, ada, CREATE_CHANNEL, { name: 'room A' })).createChannel.id as string;
    const channelB = (await call(b, bob, CREATE_CHANNEL, { name: 'room B' })).createChannel.id as string;

    // Ada, on instance a, has channel A open, as the web app does: its messages, their changes, its typing, and every channel's activity.
    const adaSocket = open(a, ada);
    const onA = adaSocket.subscribe(MESSAGE_ADDED, { channelId: channelA });
    adaSocket.subscribe(MESSAGE_UPDATED, { channelId: channelA });
    adaSocket.subscribe(TYPING_CHANGED, { channelId: channelA });
    const adaActivity = adaSocket.subscribe(CHANNEL_ACTIVITY);
    // Bob, on instance b, follows no channel yet: the activity of all of them only.
    open(b, bob).subscribe(CHANNEL_ACTIVITY);
    for (const topic of ['MESSAGE_ADDED', 'MESSAGE_UPDATED', 'CHANNEL_TYPING']) await cluster.waitForSubscribers(`${topic}:${channelA}`, 1);
    await cluster.waitForSubscribers('CHANNEL_ACTIVITY', 2);

    const sent = (await call(b, bob, SEND_MESSAGE, { channelId: channelB, body: 'in B' })).sendMessage;
    await call(b, bob, EDIT_MESSAGE, { channelId: channelB, id: sent.id, body: 'in B, edited' });
    await call(b, bob, TYPING, { channelId: channelB });
    await seen(`MESSAGE_ADDED:${channelB}`, (message) => message.id === sent.id);
    await seen(`MESSAGE_UPDATED:${channelB}`, (message) => message.id === sent.id && message.body === 'in B, edited');
    await seen(`CHANNEL_TYPING:${channelB}`, (event) => event.user.id === bob.user.id && event.typing === true);

    // Published per channel, and listened to by no instance: neither receives a Redis message for channel B's own topics.
    for (const topic of ['MESSAGE_ADDED', 'MESSAGE_UPDATED', 'CHANNEL_TYPING']) expect(await listeners(`${topic}:${channelB}`)).toBe(0);
    for (const topic of ['MESSAGE_ADDED', 'MESSAGE_UPDATED', 'CHANNEL_TYPING']) expect(await listeners(`${topic}:${channelA}`)).toBe(1);
    // What stays global, by design (docs/scaling.md): every channel's activity, for the sidebar's unread badges, on both instances.
    expect(await listeners('CHANNEL_ACTIVITY')).toBe(2);
    expect((await adaActivity.next()).data.channelActivity).toMatchObject({ id: sent.id, channelId: channelB });
    // Nothing of channel B reached Ada's channel A.
    expect(onA.pending).toBe(0);
  });

  it('should follow a channel on an instance once, while any of its clients does, deliver across instances, and stop after the last', async () => {
    const [cy, dee] = [await login(a.httpUrl, 'Cy'), await login(b.httpUrl, 'Dee')];
    const channelA = (await call(a, cy, CREATE_CHANNEL, { name: 'room A2' })).createChannel.id as string;
    const channelB = (await call(b, dee, CREATE_CHANNEL, { name: 'room B2' })).createChannel.id as string;
    const onA = open(a, cy).subscribe(MESSAGE_ADDED, { channelId: channelA });
    const [first, second] = [
      open(b, dee).subscribe(MESSAGE_ADDED, { channelId: channelB }),
      open(b, dee).subscribe(MESSAGE_ADDED, { channelId: channelB }),
    ];
    await cluster.waitForSubscribers(`MESSAGE_ADDED:${channelA}`, 1);
    await cluster.waitForSubscribers(`MESSAGE_ADDED:${channelB}`, 1);
    // Two subscriptions on instance b, one Redis subscription; none on instance a, whose client follows only channel A.
    expect(await listeners(`MESSAGE_ADDED:${channelB}`)).toBe(1);

    // Both ways across instances, in order.
    const toB = [];
    for (const body of ['one', 'two', 'three']) toB.push((await call(a, cy, SEND_MESSAGE, { channelId: channelB, body })).sendMessage);
    const toA = (await call(b, dee, SEND_MESSAGE, { channelId: channelA, body: 'to A' })).sendMessage;
    for (const stream of [first, second])
      for (const message of toB) expect((await stream.next()).data.messageAdded).toMatchObject({ id: message.id, body: message.body });
    expect((await onA.next()).data.messageAdded).toMatchObject({ id: toA.id, body: 'to A' });

    first.unsubscribe();
    await first.ended;
    // The other subscription still needs it.
    expect(await listeners(`MESSAGE_ADDED:${channelB}`)).toBe(1);
    const four = (await call(a, cy, SEND_MESSAGE, { channelId: channelB, body: 'four' })).sendMessage;
    expect((await second.next()).data.messageAdded).toMatchObject({ id: four.id });

    second.unsubscribe();
    await waitFor(async () => (await listeners(`MESSAGE_ADDED:${channelB}`)) === 0, 'instance b to unsubscribe from channel B');
    expect(await listeners(`MESSAGE_ADDED:${channelA}`)).toBe(1);
  });
});
