import { afterEach, describe, expect, it } from 'vitest';
import { isServed, openRawConnection, type RawConnection } from '../support/raw-connection.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { openSocket, type TestSocket } from '../support/ws-client.js';

const servers: TestServer[] = [];
const connections: RawConnection[] = [];
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const connection of connections.splice(0)) connection.destroy();
  await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
  await Promise.all(servers.splice(0).map((server) => server.dispose()));
});

const serverWith = async (env: Record<string, string>) => {
  const server = await startTestServer(env);
  servers.push(server);
  return server;
};
const open = async (server: TestServer, from = '127.0.0.1') => {
  const connection = openRawConnection(server.port, from);
  connections.push(connection);
  await connection.connected;
  return connection;
};
/** A connection that has been served once and stays open (keep-alive), so it counts. */
const holding = async (server: TestServer, from = '127.0.0.1') => {
  const connection = await open(server, from);
  expect(await isServed(connection)).toBe(true);
  return connection;
};

describe('slow requests', () => {
  it('should close connections that never finish their headers within about 10 seconds', async () => {
    const server = await serverWith({});
    // Slowloris: a request line and then a header byte now and then, never the blank line; and connections that send nothing.
    const dribbling = await Promise.all(Array.from({ length: 30 }, () => open(server)));
    const silent = await Promise.all(Array.from({ length: 30 }, () => open(server)));
    for (const connection of dribbling) connection.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-A: ');
    const drip = setInterval(() => dribbling.forEach((connection) => connection.write('a')), 500);
    try {
      const closedAfterMs = await Promise.all([...dribbling, ...silent].map((connection) => connection.closed));
      expect(Math.max(...closedAfterMs)).toBeLessThan(13_000);
      expect(Math.min(...closedAfterMs)).toBeGreaterThanOrEqual(9_000);
      expect(dribbling[0]!.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(drip);
    }
  }, 25_000);
});

describe('open connections per address', () => {
  it('should refuse a connection over MAX_CONNECTIONS_PER_ADDRESS at once, and count WebSockets too', async () => {
    const server = await serverWith({ MAX_CONNECTIONS_PER_ADDRESS: '4' });
    for (let i = 0; i < 2; i++) await holding(server, '127.0.0.1');
    for (let i = 0; i < 2; i++) {
      const socket = openSocket(server.wsUrl);
      sockets.push(socket);
      await socket.ready;
    }
    const over = await open(server, '127.0.0.1');
    const startedAt = Date.now();
    expect(await isServed(over)).toBe(false);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    // Another address is its own count.
    expect(await isServed(await open(server, '127.0.0.3'))).toBe(true);
    // A closed connection makes room.
    await sockets.pop()!.dispose();
    await expect.poll(async () => isServed(await open(server, '127.0.0.1')), { timeout: 5000 }).toBe(true);
  });

  it('should not hold a trusted proxy to the per-address cap, as every client behind it shares its address', async () => {
    const server = await serverWith({ MAX_CONNECTIONS_PER_ADDRESS: '2', TRUST_PROXY: 'loopback' });
    for (let i = 0; i < 4; i++) await holding(server, '127.0.0.1');
  });
});

describe('open connections in all', () => {
  it('should refuse a connection over MAX_CONNECTIONS at once, from any address', async () => {
    const server = await serverWith({ MAX_CONNECTIONS: '3' });
    await holding(server, '127.0.0.2');
    await holding(server, '127.0.0.3');
    const socket = openSocket(server.wsUrl);
    sockets.push(socket);
    await socket.ready;
    const startedAt = Date.now();
    expect(await isServed(await open(server, '127.0.0.4'))).toBe(false);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    await socket.dispose();
    await expect.poll(async () => isServed(await open(server, '127.0.0.4')), { timeout: 5000 }).toBe(true);
  });
});
