import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, postGraphQL, type SignedIn } from '../support/http-client.js';
import { CREATE_CHANNEL, SEND_DIRECT, SEND_MESSAGE } from '../support/operations.js';
import type { TestServer } from '../support/test-server.js';
import { TYPING, TYPING_CHANGED } from '../support/typing-search-operations.js';
import { openSocket, type ResultStream, type TestSocket } from '../support/ws-client.js';
import { servicesAvailable } from '../store/test-services.js';
import { createCluster, type Cluster } from './scale-fixtures.js';

const available = await servicesAvailable('The scale-out tests of typing', { postgres: true, redis: true });

/** Short, so that the lapse is seen on real time: these instances run on the wall clock. */
const LAPSE_MS = 400;

describe.skipIf(!available)('typing across two instances on one PostgreSQL and one Redis', () => {
  let cluster: Cluster;
  let a: TestServer;
  let b: TestServer;
  const sockets: TestSocket[] = [];
  const watch = async (server: TestServer, who: SignedIn, routingKey: string, channelId?: string): Promise<ResultStream<any>> => {
    const socket = openSocket(server.wsUrl, { authToken: who.token });
    sockets.push(socket);
    const stream = socket.subscribe(TYPING_CHANGED, channelId === undefined ? {} : { channelId });
    await cluster.waitForSubscribers(routingKey, 1);
    return stream;
  };
  const call = async (server: TestServer, who: SignedIn, query: string, variables: Record<string, unknown>) => {
    const response = await postGraphQL(server.httpUrl, query, variables, { token: who.token });
    if (!response.data) throw new Error(JSON.stringify(response.errors));
    return response.data;
  };
  const event = async (stream: ResultStream<any>) => {
    const { user, channelId, typing } = (await stream.next(5000)).data.typingChanged;
    return { user: user.name, channelId, typing };
  };

  beforeAll(async () => {
    cluster = await createCluster();
    const env = { TYPING_LAPSE_MS: String(LAPSE_MS) };
    [a, b] = [await cluster.start(env), await cluster.start(env)];
  });
  afterAll(async () => {
    await Promise.allSettled(sockets.map((socket) => socket.dispose()));
    await cluster?.dispose();
  });

  it('should announce typing on one instance, and its lapse, to a channel subscriber on the other', async () => {
    const [ada, bob] = [await login(a.httpUrl, 'Ada'), await login(b.httpUrl, 'Bob')];
    const channelId = (await call(a, ada, CREATE_CHANNEL, { name: 'typing across' })).createChannel.id;
    const onB = await watch(b, bob, `CHANNEL_TYPING:${channelId}`, channelId);
    const startedAt = Date.now();
    await call(a, ada, TYPING, { channelId });
    await call(a, ada, TYPING, { channelId });
    expect(await event(onB)).toEqual({ user: 'Ada', channelId, typing: true });
    expect(await event(onB)).toEqual({ user: 'Ada', channelId, typing: false });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(LAPSE_MS - 50);
    // Typing again after the lapse is a new start, and a send there ends it at once.
    await call(a, ada, TYPING, { channelId });
    await call(a, ada, SEND_MESSAGE, { channelId, body: 'sent from A' });
    expect(await event(onB)).toEqual({ user: 'Ada', channelId, typing: true });
    expect(await event(onB)).toEqual({ user: 'Ada', channelId, typing: false });
  });

  it('should stop at once when the typist sends through another instance than the one that holds the typing', async () => {
    // The typing lives where its calls arrived: on an instance with the real 5 s lapse, which the stop must not wait for.
    const c = await cluster.start();
    const [fay, gus] = [await login(c.httpUrl, 'Fay'), await login(b.httpUrl, 'Gus')];
    const channelId = (await call(c, fay, CREATE_CHANNEL, { name: 'typing here, sending there' })).createChannel.id;
    const onB = await watch(b, gus, `CHANNEL_TYPING:${channelId}`, channelId);
    await call(c, fay, TYPING, { channelId });
    expect(await event(onB)).toEqual({ user: 'Fay', channelId, typing: true });
    const sentAt = Date.now();
    await call(b, fay, SEND_MESSAGE, { channelId, body: 'sent through B' });
    expect(await event(onB)).toEqual({ user: 'Fay', channelId, typing: false });
    expect(Date.now() - sentAt).toBeLessThan(2500);

    // The same for a direct message: the instance holding the typing follows the typist's own direct messages.
    const toGus = await watch(b, gus, `DIRECT_TYPING:${gus.user.id}`);
    await call(c, fay, TYPING, { to: 'Gus' });
    expect(await event(toGus)).toEqual({ user: 'Fay', channelId: null, typing: true });
    await cluster.waitForSubscribers(`DIRECT_MESSAGE_ADDED:${fay.user.id}`, 1);
    const directAt = Date.now();
    await call(b, fay, SEND_DIRECT, { to: 'Gus', body: 'sent through B' });
    expect(await event(toGus)).toEqual({ user: 'Fay', channelId: null, typing: false });
    expect(Date.now() - directAt).toBeLessThan(2500);
  });

  it('should tell a direct message’s recipient on the other instance, and nobody else', async () => {
    const [cy, dee, eve] = [await login(a.httpUrl, 'Cy'), await login(b.httpUrl, 'Dee'), await login(b.httpUrl, 'Eve')];
    const toDee = await watch(b, dee, `DIRECT_TYPING:${dee.user.id}`);
    const toEve = await watch(b, eve, `DIRECT_TYPING:${eve.user.id}`);
    await call(a, cy, TYPING, { to: 'Dee' });
    expect(await event(toDee)).toEqual({ user: 'Cy', channelId: null, typing: true });
    // The sentinel: typing to Eve is the first thing Eve hears of.
    await call(a, dee, TYPING, { to: 'Eve' });
    expect(await event(toEve)).toEqual({ user: 'Dee', channelId: null, typing: true });
    expect(await event(toDee)).toEqual({ user: 'Cy', channelId: null, typing: false });
  });
});
