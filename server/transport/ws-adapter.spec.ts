import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createLogger } from '../logger.js';
import { guardedWebSocketClass } from './socket-output.js';
import { createGraphQLWsAdapter, type SocketExtra } from './ws-adapter.js';
import { countWrites } from './testing/count-writes.js';

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      hello: { type: GraphQLString, resolve: () => 'world' },
      later: { type: GraphQLString, resolve: () => new Promise((resolve) => setTimeout(() => resolve('done'), 5)) },
    },
  }),
});

/** A server speaking graphql-transport-ws through the adapter, counting the writes that reach each TCP socket. */
async function startServer() {
  const adapter = createGraphQLWsAdapter<undefined, SocketExtra>({ schema }, { log: createLogger('silent') });
  const writes: number[] = [];
  const server = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    handleProtocols: () => 'graphql-transport-ws',
    WebSocket: guardedWebSocketClass({ maxBufferedBytes: 1 << 20, maxAnswerBytes: 1 << 20, tooLargePayload: '{}' }),
  });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => {
    countWrites(socket, writes);
    adapter.accept({ socket });
  });
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, writes, close: () => server.close() };
}

/** A client past connection_ack, recording every later frame. */
async function connect(url: string) {
  const ws = new WebSocket(url, 'graphql-transport-ws');
  const frames: string[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
    ws.on('message', (data) => (String(data).includes('connection_ack') ? resolve() : frames.push(String(data))));
  });
  return {
    frames,
    query: (id: string, query: string) => ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query } })),
    async until(count: number) {
      while (frames.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    close: () => ws.close(),
  };
}

describe('createGraphQLWsAdapter', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  afterEach(() => server?.close());

  it.each([
    ['answered at once', '{ hello }', '{"data":{"hello":"world"}}'],
    ['answered later', '{ later }', '{"data":{"later":"done"}}'],
  ])('should send a query’s next and complete in one write when %s', async (_case, query, payload) => {
    server = await startServer();
    const client = await connect(server.url);
    const before = server.writes.length;
    client.query('q1', query);
    await client.until(2);
    expect(client.frames).toEqual([`{"id":"q1","type":"next","payload":${payload}}`, '{"id":"q1","type":"complete"}']);
    expect(server.writes.length - before).toBe(1);
    client.close();
  });

  it('should answer queries that finish in one run in one write, in the order they finished', async () => {
    server = await startServer();
    const client = await connect(server.url);
    const before = server.writes.length;
    for (const id of ['a', 'b', 'c']) client.query(id, '{ hello }');
    await client.until(6);
    expect(client.frames.filter((frame) => frame.includes('"complete"'))).toEqual(
      ['a', 'b', 'c'].map((id) => `{"id":"${id}","type":"complete"}`),
    );
    // The three arrive in one TCP read or a few: at most one write per read, never one per frame.
    expect(server.writes.length - before).toBeLessThanOrEqual(3);
    client.close();
  });
});
