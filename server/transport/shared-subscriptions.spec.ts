import {
  GraphQLError,
  GraphQLInt,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  type ExecutionArgs,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { AsyncQueue } from '../events/async-queue.js';
import { SharedSubscriptions, VIEWER_INDEPENDENT_SUBSCRIPTIONS } from './shared-subscriptions.js';

/** One topic: every subscriber's queue receives the same event object. */
class Hub {
  readonly queues = new Set<AsyncQueue<object>>();
  subscribe(): AsyncQueue<object> {
    const queue: AsyncQueue<object> = new AsyncQueue(() => this.queues.delete(queue));
    this.queues.add(queue);
    return queue;
  }
  publish(event: object): void {
    for (const queue of this.queues) queue.push(event);
  }
  end(): void {
    for (const queue of [...this.queues]) void queue.return();
  }
}

type Context = { allowed: boolean; viewer: string };

function buildSchema(hub: Hub, calls: { label: number }) {
  const Tick = new GraphQLObjectType({
    name: 'Tick',
    fields: {
      n: { type: GraphQLInt },
      label: {
        type: GraphQLString,
        args: { room: { type: GraphQLString } },
        resolve: (tick: { n: number }, args: { room?: string }) => {
          calls.label++;
          return `${args.room ?? 'none'}:${tick.n}`;
        },
      },
      mine: {
        type: GraphQLString,
        // As type-graphql's @Extensions(VIEWER_DEPENDENT) marks a field: its value differs from viewer to viewer.
        extensions: { viewerDependent: true },
        resolve: (tick: { n: number }, _args: unknown, context: Context) => {
          calls.label++;
          return `${context.viewer}:${tick.n}`;
        },
      },
      // Computed asynchronously, slowly for the first tick only: a later event's result is ready before an earlier one's.
      slow: {
        type: GraphQLInt,
        resolve: (tick: { n: number }) =>
          tick.n === 1 ? new Promise((resolve) => setTimeout(() => resolve(tick.n), 30)) : Promise.resolve(tick.n),
      },
      fails: {
        type: GraphQLString,
        resolve: () => {
          throw new Error('internal detail');
        },
      },
    },
  });
  const subscribe = (_root: unknown, _args: unknown, context: Context) => {
    if (!context.allowed) throw new GraphQLError('Not allowed here.', { extensions: { code: 'FORBIDDEN' } });
    return hub.subscribe();
  };
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString, resolve: () => 'ok' } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        ticked: {
          type: new GraphQLNonNull(Tick),
          args: { room: { type: GraphQLString } },
          subscribe,
          resolve: (tick: unknown) => tick,
        },
        tickedPrivately: { type: new GraphQLNonNull(Tick), subscribe, resolve: (tick: unknown) => tick },
      },
    }),
  });
}

const formatErrors = (errors: readonly GraphQLError[]) =>
  errors.map((error) => ({ message: `mapped: ${error.message}`, path: error.path, extensions: { code: 'MAPPED' } }));

/** A graphql-ws server over a real socket, with or without shared delivery. */
async function startServer(shared: boolean) {
  const hub = new Hub();
  const calls = { label: 0 };
  const schema = buildSchema(hub, calls);
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http });
  const sharing = new SharedSubscriptions({ formatErrors, shareableFields: new Set(['ticked']) });
  const server = useServer<Record<string, unknown> | undefined>(
    {
      schema,
      ...(shared ? { subscribe: sharing.subscribe } : {}),
      onSubscribe(ctx, id, payload) {
        const args: ExecutionArgs = {
          schema,
          document: parse(payload.query),
          operationName: payload.operationName,
          variableValues: payload.variables ?? undefined,
          contextValue: {
            allowed: ctx.connectionParams?.allowed !== false,
            viewer: String(ctx.connectionParams?.viewer ?? 'nobody'),
          } satisfies Context,
        };
        return shared ? sharing.register(args, ctx.extra.socket, id, payload.query) : args;
      },
      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors) return;
        return { ...result, errors: formatErrors(result.errors) };
      },
    },
    wss,
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    hub,
    calls,
    url,
    wss,
    sharing,
    async close() {
      await server.dispose();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/** A raw graphql-transport-ws client that records every frame after connection_ack, byte for byte. */
async function connect(url: string, connectionParams: Record<string, unknown> = {}) {
  const ws = new WebSocket(url, 'graphql-transport-ws');
  const frames: string[] = [];
  const waiters: (() => void)[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: connectionParams })));
    ws.on('message', (data, isBinary) => {
      const text = String(data);
      if (text.includes('"connection_ack"')) return resolve();
      // graphql-transport-ws speaks in text frames; a binary one would be a different wire.
      frames.push(isBinary ? `binary frame: ${text}` : text);
      for (const waiter of waiters.splice(0)) waiter();
    });
  });
  return {
    frames,
    subscribe(id: string, query: string, variables?: Record<string, unknown>) {
      ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    },
    complete(id: string) {
      ws.send(JSON.stringify({ id, type: 'complete' }));
    },
    async waitFor(count: number, timeoutMs = 3_000) {
      const deadline = Date.now() + timeoutMs;
      while (frames.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} frames, got ${JSON.stringify(frames)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    close: () => ws.terminate(),
  };
}

type Client = Awaited<ReturnType<typeof connect>>;

/** Waits until the hub has `count` live subscriptions (subscribing takes a round of the event loop). */
async function untilSubscribed(hub: Hub, count: number) {
  const deadline = Date.now() + 3_000;
  while (hub.queues.size !== count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} subscriptions, have ${hub.queues.size}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const TICKED = 'subscription ($room: String) { ticked(room: $room) { n label(room: $room) } }';

describe('SharedSubscriptions', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let clients: Client[] = [];
  const open = async (params?: Record<string, unknown>) => {
    const client = await connect(server.url, params);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    server = await startServer(true);
  });
  afterEach(async () => {
    for (const client of clients) client.close();
    clients = [];
    await server.close();
  });

  it('should execute an event once for every subscriber with the same query and variables', async () => {
    const subscribers = await Promise.all(Array.from({ length: 5 }, () => open()));
    subscribers.forEach((client, i) => client.subscribe(String(i + 1), TICKED, { room: 'a' }));
    await untilSubscribed(server.hub, 5);

    server.hub.publish({ n: 1 });
    server.hub.publish({ n: 2 });
    for (const [i, client] of subscribers.entries()) {
      await client.waitFor(2);
      expect(client.frames).toEqual([
        `{"id":"${i + 1}","type":"next","payload":{"data":{"ticked":{"n":1,"label":"a:1"}}}}`,
        `{"id":"${i + 1}","type":"next","payload":{"data":{"ticked":{"n":2,"label":"a:2"}}}}`,
      ]);
    }
    expect(server.calls.label).toBe(2);
  });

  it('should execute separately for different variables', async () => {
    const [a, b] = [await open(), await open()];
    a.subscribe('1', TICKED, { room: 'a' });
    b.subscribe('1', TICKED, { room: 'b' });
    await untilSubscribed(server.hub, 2);

    server.hub.publish({ n: 7 });
    await a.waitFor(1);
    await b.waitFor(1);
    expect(a.frames[0]).toContain('"label":"a:7"');
    expect(b.frames[0]).toContain('"label":"b:7"');
    expect(server.calls.label).toBe(2);
  });

  it('should execute a subscription that may not be shared once per subscriber', async () => {
    const subscribers = [await open(), await open()];
    for (const client of subscribers) client.subscribe('1', 'subscription { tickedPrivately { label } }');
    await untilSubscribed(server.hub, 2);

    server.hub.publish({ n: 1 });
    for (const client of subscribers) await client.waitFor(1);
    expect(server.calls.label).toBe(2);
  });

  it("should execute per subscriber an operation that reaches a viewer-dependent field, so that no viewer sees another one's", async () => {
    const [ada, bob] = [await open({ viewer: 'ada' }), await open({ viewer: 'bob' })];
    const query = 'subscription { ticked { n ... on Tick { mine } } }';
    ada.subscribe('1', query);
    bob.subscribe('1', query);
    await untilSubscribed(server.hub, 2);

    server.hub.publish({ n: 3 });
    await ada.waitFor(1);
    await bob.waitFor(1);
    expect(ada.frames).toEqual(['{"id":"1","type":"next","payload":{"data":{"ticked":{"n":3,"mine":"ada:3"}}}}']);
    expect(bob.frames).toEqual(['{"id":"1","type":"next","payload":{"data":{"ticked":{"n":3,"mine":"bob:3"}}}}']);
    expect(server.calls.label).toBe(2);
  });

  it('should authorise every subscriber on its own', async () => {
    const allowed = await open();
    const refused = await open({ allowed: false });
    allowed.subscribe('1', TICKED);
    refused.subscribe('1', TICKED);
    await untilSubscribed(server.hub, 1);
    await refused.waitFor(2);

    server.hub.publish({ n: 1 });
    await allowed.waitFor(1);
    expect(allowed.frames).toEqual(['{"id":"1","type":"next","payload":{"data":{"ticked":{"n":1,"label":"none:1"}}}}']);
    expect(refused.frames[0]).toContain('"code":"MAPPED"');
    expect(refused.frames[1]).toBe('{"id":"1","type":"complete"}');
  });

  it('should end the event stream when the client completes, while no event comes, and keep delivering to the same query', async () => {
    const client = await open();
    client.subscribe('1', TICKED);
    await untilSubscribed(server.hub, 1);
    const [completed] = [...server.hub.queues];
    client.subscribe('2', TICKED);
    await untilSubscribed(server.hub, 2);
    const kept = [...server.hub.queues].find((queue) => queue !== completed);

    client.complete('1');
    await untilSubscribed(server.hub, 1);
    expect(server.hub.queues.has(completed!)).toBe(false);
    expect(server.hub.queues.has(kept!)).toBe(true);
    // The operation kept shares the completed one's result: its frame, sent in
    // the same round, is the sentinel that anything for "1" would have preceded.
    server.hub.publish({ n: 1 });
    await client.waitFor(1);
    expect(client.frames).toEqual(['{"id":"2","type":"next","payload":{"data":{"ticked":{"n":1,"label":"none:1"}}}}']);
  });

  it("should write a published event to every subscriber's socket inside the publisher's own call", async () => {
    const subscribers = await Promise.all(Array.from({ length: 4 }, () => open()));
    subscribers.forEach((client, i) => client.subscribe(String(i + 1), TICKED));
    await untilSubscribed(server.hub, 4);
    const written: string[] = [];
    for (const socket of server.wss.clients) {
      const send = socket.send.bind(socket);
      socket.send = ((data: Buffer, ...rest: []) => (written.push(String(data)), send(data, ...rest))) as typeof socket.send;
    }

    server.hub.publish({ n: 1 });
    // No promise has run since: every frame left within publish().
    expect(written.sort()).toEqual(
      subscribers.map((_, i) => `{"id":"${i + 1}","type":"next","payload":{"data":{"ticked":{"n":1,"label":"none:1"}}}}`).sort(),
    );
    for (const client of subscribers) await client.waitFor(1);
  });

  it('should build one frame for the subscribers of one operation with the same id, and each id its own', async () => {
    const ids = ['1', '1', '1', 'x', '2', '2', '1'];
    const subscribers = await Promise.all(ids.map(() => open()));
    // One at a time: the hub then calls them in this order.
    for (const [i, client] of subscribers.entries()) {
      client.subscribe(ids[i]!, TICKED);
      await untilSubscribed(server.hub, i + 1);
    }
    const written = new Map<string, Set<Buffer>>();
    for (const socket of server.wss.clients) {
      const send = socket.send.bind(socket);
      socket.send = ((data: Buffer, ...rest: []) => {
        const id = JSON.parse(String(data)).id as string;
        written.set(id, (written.get(id) ?? new Set()).add(data));
        return send(data, ...rest);
      }) as typeof socket.send;
    }

    server.hub.publish({ n: 1 });
    for (const [i, client] of subscribers.entries()) {
      await client.waitFor(1);
      expect(client.frames).toEqual([`{"id":"${ids[i]}","type":"next","payload":{"data":{"ticked":{"n":1,"label":"none:1"}}}}`]);
    }
    // Subscribers in a row with the same id share a frame: "1" three times, then after others once more.
    expect([...written].map(([id, frames]) => [id, frames.size])).toEqual([
      ['1', 2],
      ['x', 1],
      ['2', 1],
    ]);
    expect(server.calls.label).toBe(1);
  });

  it('should keep the order of events whose shared result takes a while to compute', async () => {
    const client = await open();
    client.subscribe('1', 'subscription { ticked { n slow } }');
    await untilSubscribed(server.hub, 1);

    for (const n of [1, 2, 3]) server.hub.publish({ n });
    await client.waitFor(3);
    expect(client.frames.map((frame) => JSON.parse(frame).payload.data.ticked.n)).toEqual([1, 2, 3]);
  });

  it('should end the event stream when the socket closes', async () => {
    const client = await open();
    client.subscribe('1', TICKED);
    await untilSubscribed(server.hub, 1);
    expect(server.sharing.operations.size).toBe(1);

    client.close();
    await untilSubscribed(server.hub, 0);
    expect(server.sharing.operations.size).toBe(0);
  });

  it('should keep what subscribers of one operation share only while one of them lives', async () => {
    const [a, b, c] = [await open(), await open(), await open()];
    a.subscribe('1', TICKED, { room: 'r' });
    b.subscribe('1', TICKED, { room: 'r' });
    c.subscribe('1', TICKED, { room: 'other' });
    await untilSubscribed(server.hub, 3);
    expect(server.sharing.operations.size).toBe(2);

    a.complete('1');
    c.complete('1');
    await untilSubscribed(server.hub, 1);
    expect(server.sharing.operations.size).toBe(1);
    server.hub.publish({ n: 1 });
    await b.waitFor(1);
    expect(b.frames).toEqual(['{"id":"1","type":"next","payload":{"data":{"ticked":{"n":1,"label":"r:1"}}}}']);
    server.hub.end();
    await untilSubscribed(server.hub, 0);
    expect(server.sharing.operations.size).toBe(0);
  });

  it('should send exactly the frames graphql-ws sends on its own', async () => {
    const plain = await startServer(false);
    try {
      const frames = async (target: Awaited<ReturnType<typeof startServer>>) => {
        const [a, b, refused] = [await connect(target.url), await connect(target.url), await connect(target.url, { allowed: false })];
        a.subscribe('s1', 'subscription Named { ticked { n fails } }', {});
        b.subscribe('x', TICKED, { room: 'r' });
        refused.subscribe('z', TICKED);
        await untilSubscribed(target.hub, 2);
        target.hub.publish({ n: 1 });
        target.hub.publish({ n: 2 });
        await a.waitFor(2);
        await b.waitFor(2);
        target.hub.end();
        await a.waitFor(3);
        await b.waitFor(3);
        await refused.waitFor(2);
        for (const client of [a, b, refused]) client.close();
        return [a.frames, b.frames, refused.frames];
      };
      const expected = await frames(plain);
      expect(expected[0]![2]).toBe('{"id":"s1","type":"complete"}');
      expect(await frames(server)).toEqual(expected);
    } finally {
      await plain.close();
    }
  });
});

describe('VIEWER_INDEPENDENT_SUBSCRIPTIONS', () => {
  it('should share the updates of a channel, the same for everyone, and not those of direct messages, scoped to each user', () => {
    expect(VIEWER_INDEPENDENT_SUBSCRIPTIONS.has('messageUpdated')).toBe(true);
    expect(VIEWER_INDEPENDENT_SUBSCRIPTIONS.has('typingChanged')).toBe(true);
    expect(VIEWER_INDEPENDENT_SUBSCRIPTIONS.has('directMessageUpdated')).toBe(false);
    expect(VIEWER_INDEPENDENT_SUBSCRIPTIONS.has('directMessageAdded')).toBe(false);
  });
});
