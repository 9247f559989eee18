import { Redis } from 'ioredis';
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { postGraphQL, type SignedIn } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { openSocket, type TestSocket } from '../support/ws-client.js';
import { waitFor } from '../support/wait.js';
import { createRedisPrefix, createTestDatabase, REDIS_URL, type TestDatabase } from '../store/test-services.js';

/**
 * One "deployment" for a test file: a fresh PostgreSQL database and a Redis
 * prefix of its own, and as many instances on them as the test starts.
 */
export interface Cluster {
  /** The environment every instance shares: DATABASE_URL, REDIS_URL, REDIS_PREFIX. */
  readonly env: Record<string, string>;
  readonly database: TestDatabase;
  /** Starts an in-process instance on a free port. */
  start(env?: Record<string, string>): Promise<TestServer>;
  /**
   * Waits until `count` instances listen on a topic's Redis channel
   * (`MESSAGE_ADDED:7`): only then is a subscription that had to SUBSCRIBE
   * first sure to be live, which a round trip over the socket cannot tell.
   */
  waitForSubscribers(routingKey: string, count: number): Promise<void>;
  dispose(): Promise<void>;
}

export async function createCluster(): Promise<Cluster> {
  const database = await createTestDatabase();
  const redis = createRedisPrefix();
  const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: redis.prefix };
  const servers: TestServer[] = [];
  const inspector = new Redis(REDIS_URL);
  inspector.on('error', () => {});
  return {
    env,
    database,
    async waitForSubscribers(routingKey, count) {
      const channel = `${redis.prefix}${routingKey}`;
      await waitFor(async () => {
        const [, subscribers] = (await inspector.pubsub('NUMSUB', channel)) as [string, number];
        return subscribers >= count;
      }, `${count} subscribers on ${channel}`);
    },
    async start(extra = {}) {
      const server = await startTestServer({ ...env, ...extra });
      servers.push(server);
      return server;
    },
    async dispose() {
      await Promise.allSettled(servers.map((server) => server.dispose()));
      await database.drop();
      await redis.cleanUp();
      inspector.disconnect();
    },
  };
}

/** Two instances of one deployment, started before a suite and stopped after it, and helpers to talk to them. */
export interface TwoInstances {
  readonly cluster: Cluster;
  readonly a: TestServer;
  readonly b: TestServer;
  /** A WebSocket signed in as `who` on `server`, closed after the suite. */
  open(server: TestServer, who: SignedIn): TestSocket;
  /** An operation over HTTP as `who`; its data, or a throw with its errors. */
  call(server: TestServer, who: SignedIn, query: string, variables: Record<string, unknown>): Promise<any>;
}

/** For a describe block: read the fields inside tests and hooks, once the instances are up. */
export function useTwoInstances(env: Record<string, string> = {}): TwoInstances {
  const sockets: TestSocket[] = [];
  const instances = {
    open(server: TestServer, who: SignedIn) {
      const socket = openSocket(server.wsUrl, { authToken: who.token });
      sockets.push(socket);
      return socket;
    },
    async call(server: TestServer, who: SignedIn, query: string, variables: Record<string, unknown>) {
      const response = await postGraphQL(server.httpUrl, query, variables, { token: who.token });
      if (!response.data) throw new Error(JSON.stringify(response.errors));
      return response.data;
    },
  } as { -readonly [K in keyof TwoInstances]: TwoInstances[K] };
  beforeAll(async () => {
    instances.cluster = await createCluster();
    instances.a = await instances.cluster.start(env);
    instances.b = await instances.cluster.start(env);
  });
  afterAll(async () => {
    await Promise.allSettled(sockets.map((socket) => socket.dispose()));
    await instances.cluster?.dispose();
  });
  return instances;
}

/**
 * A TCP proxy in front of Redis that a test can cut and restore, to see an
 * instance lose Redis while running without stopping the Redis other tests use.
 */
export interface CuttableProxy {
  readonly url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Holds back what Redis sends, until `release` hands it over in one write per connection. */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startRedisProxy(): Promise<CuttableProxy> {
  const target = new URL(REDIS_URL);
  const sockets = new Set<Socket>();
  const held = new Map<Socket, Buffer[]>();
  let holding = false;
  let server: Server;
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = new Socket();
        upstream.connect(Number(target.port || 6379), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {});
        }
        client.pipe(upstream);
        upstream.on('data', (chunk: Buffer) => {
          if (!holding) return void client.write(chunk);
          if (!held.has(client)) held.set(client, []);
          held.get(client)!.push(chunk);
        });
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await listen(0);
  const { port } = server!.address() as AddressInfo;
  const cut = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    cut,
    restore: () => listen(port),
    hold: () => void (holding = true),
    release() {
      holding = false;
      for (const [client, chunks] of held) client.write(Buffer.concat(chunks));
      held.clear();
    },
    close: cut,
  };
}
