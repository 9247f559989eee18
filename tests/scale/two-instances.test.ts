import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, postGraphQL, type SignedIn } from '../support/http-client.js';
import {
  CHANNEL,
  CHANNEL_ACTIVITY,
  CREATE_CHANNEL,
  DIRECT_ADDED,
  LOGOUT,
  ME,
  MESSAGE_ADDED,
  ONLINE_USERS,
  PRESENCE_CHANGED,
  SEND_DIRECT,
  SEND_MESSAGE,
} from '../support/operations.js';
import type { TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';
import { openSocket, type TestSocket } from '../support/ws-client.js';
import { servicesAvailable } from '../store/test-services.js';
import { createCluster, type Cluster } from './scale-fixtures.js';

const available = await servicesAvailable('The scale-out tests', { postgres: true, redis: true });
const MESSAGE_LIMIT = 20;

describe.skipIf(!available)('two instances on one PostgreSQL and one Redis', () => {
  let cluster: Cluster;
  let a: TestServer;
  let b: TestServer;
  const sockets: TestSocket[] = [];
  const open = (server: TestServer, who: SignedIn) => {
    const socket = openSocket(server.wsUrl, { authToken: who.token });
    sockets.push(socket);
    return socket;
  };
  let names = 0;
  const signIn = (server: TestServer, name: string) => login(server.httpUrl, `${name}${++names}`);
  const newChannel = async (server: TestServer, who: SignedIn) =>
    (await postGraphQL(server.httpUrl, CREATE_CHANNEL, { name: `room ${++names}` }, { token: who.token })).data.createChannel.id as string;
  const send = async (server: TestServer, who: SignedIn, channelId: string, body: string) => {
    const response = await postGraphQL(server.httpUrl, SEND_MESSAGE, { channelId, body }, { token: who.token });
    if (!response.data?.sendMessage) throw new Error(`send failed: ${JSON.stringify(response.errors)}`);
    return response.data.sendMessage as { id: string; body: string };
  };

  beforeAll(async () => {
    cluster = await createCluster();
    a = await cluster.start({ MESSAGE_LIMIT: String(MESSAGE_LIMIT) });
    b = await cluster.start({ MESSAGE_LIMIT: String(MESSAGE_LIMIT) });
  });
  afterAll(async () => {
    await Promise.allSettled(sockets.map((socket) => socket.dispose()));
    await cluster?.dispose();
  });

  it('should report both instances healthy', async () => {
    for (const server of [a, b]) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('should accept on one instance a session opened on the other', async () => {
    const ada = await signIn(a, 'Ada');
    const me = await postGraphQL(b.httpUrl, ME, {}, { token: ada.token });
    expect(me.data.me).toEqual(ada.user);
  });

  it('should refuse on one instance a name held by a session opened on the other', async () => {
    const ada = await signIn(a, 'Ada');
    const again = await postGraphQL(b.httpUrl, `mutation ($name: String!) { login(name: $name) { token } }`, { name: ada.user.name });
    expect(again.errors?.[0]?.extensions?.code).toBe('USERNAME_TAKEN');
  });

  it('should deliver channel messages across instances, both ways', async () => {
    const [ada, bob] = [await signIn(a, 'Ada'), await signIn(b, 'Bob')];
    const channelId = await newChannel(a, ada);
    const onA = open(a, ada).subscribe(MESSAGE_ADDED, { channelId });
    const onB = open(b, bob).subscribe(MESSAGE_ADDED, { channelId });
    await cluster.waitForSubscribers(`MESSAGE_ADDED:${channelId}`, 2);

    const fromA = await send(a, ada, channelId, 'from A');
    const fromB = await send(b, bob, channelId, 'from B');
    for (const stream of [onA, onB]) {
      expect((await stream.next()).data.messageAdded).toMatchObject({ id: fromA.id, body: 'from A', author: ada.user });
      expect((await stream.next()).data.messageAdded).toMatchObject({ id: fromB.id, body: 'from B', author: bob.user });
    }
    // Each once, on either instance: the next message is the next one sent.
    const sentinel = await send(a, ada, channelId, 'sentinel');
    for (const stream of [onA, onB]) expect((await stream.next()).data.messageAdded).toMatchObject(sentinel);
  });

  it('should deliver the activity of every channel across instances, in the order sent', async () => {
    const [ada, bob] = [await signIn(a, 'Ada'), await signIn(b, 'Bob')];
    const [first, second] = [await newChannel(a, ada), await newChannel(a, ada)];
    const socket = open(b, bob);
    const onB = socket.subscribe(CHANNEL_ACTIVITY);
    // Every instance listens to this channel from its start (typing follows the sends), so Redis says
    // nothing of this subscription: it is live once the socket has answered a later operation.
    await cluster.waitForSubscribers('CHANNEL_ACTIVITY', 1);
    await socket.flush();

    const sent = [await send(a, ada, first, 'one'), await send(b, bob, second, 'two'), await send(a, ada, second, 'three')];
    for (const message of sent) expect((await onB.next()).data.channelActivity).toMatchObject(message);
  });

  it('should deliver a direct message sent on one instance to the recipient on the other', async () => {
    const [ada, bob] = [await signIn(a, 'Ada'), await signIn(b, 'Bob')];
    const inbox = open(b, bob).subscribe(DIRECT_ADDED);
    await cluster.waitForSubscribers(`DIRECT_MESSAGE_ADDED:${bob.user.id}`, 1);
    const sent = await postGraphQL(a.httpUrl, SEND_DIRECT, { to: bob.user.name, body: 'psst' }, { token: ada.token });
    expect((await inbox.next()).data.directMessageAdded).toMatchObject({
      id: sent.data.sendDirectMessage.id,
      body: 'psst',
      from: ada.user,
      to: bob.user,
    });
  });

  it('should show a user connected to either instance online on both, and announce each change once', async () => {
    const [cy, dee, sentry] = [await signIn(b, 'Cy'), await signIn(a, 'Dee'), await signIn(a, 'Sentry')];
    const watcher = open(b, cy);
    const changes = watcher.subscribe(PRESENCE_CHANGED);
    await watcher.flush();
    const onlineOn = async (server: TestServer) =>
      ((await postGraphQL(server.httpUrl, ONLINE_USERS, {}, { token: cy.token })).data.onlineUsers as { name: string }[]).some(
        (user) => user.name === dee.user.name,
      );
    // Dee's changes, and those of Sentry, whose coming and going shows that Dee's announced nothing meanwhile.
    const next = async () => {
      for (;;) {
        const change = (await changes.next()).data.presenceChanged;
        if (change.name === dee.user.name || change.name === sentry.user.name) return change;
      }
    };

    const first = open(a, dee);
    await first.ready;
    expect(await next()).toEqual({ id: dee.user.id, name: dee.user.name, online: true });
    await waitFor(() => onlineOn(b), 'Dee online on B');
    expect(await onlineOn(a)).toBe(true);

    const second = open(b, dee);
    await second.ready;
    // Sentry's socket on A closes after Dee's first tab there: its going offline must be the next change.
    const sentinel = open(a, sentry);
    await sentinel.ready;
    expect(await next()).toEqual({ id: sentry.user.id, name: sentry.user.name, online: true });
    await first.dispose();
    await first.closed;
    await sentinel.dispose();
    expect(await next()).toEqual({ id: sentry.user.id, name: sentry.user.name, online: false });
    expect(await onlineOn(a)).toBe(true);

    await second.dispose();
    expect(await next()).toEqual({ id: dee.user.id, name: dee.user.name, online: false });
    await waitFor(async () => !(await onlineOn(a)), 'Dee offline on A');
    await waitFor(async () => !(await onlineOn(b)), 'Dee offline on B');
    // Once, by whichever instance: the next change is Sentry's coming back.
    const again = open(b, sentry);
    await again.ready;
    expect(await next()).toEqual({ id: sentry.user.id, name: sentry.user.name, online: true });
    await again.dispose();
  });

  it("should close a session's sockets on the other instance when it logs out", async () => {
    const eve = await signIn(a, 'Eve');
    const elsewhere = open(b, eve);
    await elsewhere.ready;
    const out = await postGraphQL(a.httpUrl, LOGOUT, {}, { token: eve.token });
    expect(out.errors).toBeUndefined();
    expect((await elsewhere.closed).code).toBe(4401);
  });

  it('should let a client that lost its connection to one instance resume on the other without missing a message', async () => {
    const [fay, gil] = [await signIn(a, 'Fay'), await signIn(b, 'Gil')];
    const channelId = await newChannel(a, fay);
    const firstSocket = open(a, fay);
    const live = firstSocket.subscribe(MESSAGE_ADDED, { channelId });
    await cluster.waitForSubscribers(`MESSAGE_ADDED:${channelId}`, 1);
    const seen = await send(b, gil, channelId, 'before the drop');
    expect((await live.next()).data.messageAdded.id).toBe(seen.id);

    await firstSocket.dispose();
    const missed = [await send(b, gil, channelId, 'missed 1'), await send(a, gil, channelId, 'missed 2')];

    const resumed = open(b, fay).subscribe(MESSAGE_ADDED, { channelId, after: seen.id });
    for (const message of missed) expect((await resumed.next()).data.messageAdded).toMatchObject(message);
    await cluster.waitForSubscribers(`MESSAGE_ADDED:${channelId}`, 1);
    const after = await send(a, gil, channelId, 'after the resume');
    expect((await resumed.next()).data.messageAdded).toMatchObject(after);
    const sentinel = await send(b, gil, channelId, 'sentinel');
    expect((await resumed.next()).data.messageAdded).toMatchObject(sentinel);
  });

  it('should keep ids strictly increasing, for subscribers and in the store, when both instances send to one channel at once', async () => {
    const [hal, ivy] = [await signIn(a, 'Hal'), await signIn(b, 'Ivy')];
    const channelId = await newChannel(a, hal);
    const streams = [open(a, hal).subscribe(MESSAGE_ADDED, { channelId }), open(b, ivy).subscribe(MESSAGE_ADDED, { channelId })];
    await cluster.waitForSubscribers(`MESSAGE_ADDED:${channelId}`, 2);

    const count = 30;
    const sent = await Promise.all(
      Array.from({ length: count * 2 }, (_, i) => (i % 2 ? send(a, hal, channelId, `a${i}`) : send(b, ivy, channelId, `b${i}`))),
    );
    const sentIds = sent.map((message) => Number(message.id)).sort((x, y) => x - y);
    for (const stream of streams) {
      const received: number[] = [];
      for (let i = 0; i < count * 2; i++) received.push(Number((await stream.next()).data.messageAdded.id));
      expect(received).toEqual(sentIds);
    }

    const kept = await postGraphQL(b.httpUrl, CHANNEL, { id: channelId, last: 1000 }, { token: ivy.token });
    const keptIds = (kept.data.channel.messages as { id: string }[]).map((message) => Number(message.id));
    expect(keptIds).toEqual(sentIds.slice(-MESSAGE_LIMIT));
  });
});
