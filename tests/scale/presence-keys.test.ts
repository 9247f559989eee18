import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presenceKeys } from '../../server/events/redis-presence.js';
import { login, postGraphQL } from '../support/http-client.js';
import { ONLINE_USERS } from '../support/operations.js';
import type { TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';
import { openSocket, type TestSocket } from '../support/ws-client.js';
import { REDIS_URL, servicesAvailable } from '../store/test-services.js';
import { createCluster, type Cluster } from './scale-fixtures.js';

const available = await servicesAvailable('The presence key tests', { postgres: true, redis: true });

/** CRC16/XMODEM, the checksum Redis Cluster places keys by. */
function crc16(text: string): number {
  let crc = 0;
  for (const byte of Buffer.from(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The slot Redis Cluster gives a key: by its hash tag (the part between the first `{` and the next `}`, if not empty), else by the whole key. */
function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open !== -1) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key.slice(open + 1, close)) % 16384;
  }
  return crc16(key) % 16384;
}

describe('the Redis Cluster key slot, as computed here', () => {
  it('should agree with what Redis Cluster answers for known keys', () => {
    // CLUSTER KEYSLOT foo is 12182; the CRC16/XMODEM check value of "123456789" is 0x31C3.
    expect(keySlot('foo')).toBe(12182);
    expect(crc16('123456789')).toBe(0x31c3);
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    expect(keySlot('foo{}{bar}')).toBe(crc16('foo{}{bar}') % 16384);
  });
});

describe('presence keys', () => {
  it.each(['flask-chat:', 'a:b.c-d_e:', '', 'odd{tag}:', 'open{only:', 'close}only:'])(
    'should all hash to one slot behind the prefix %j',
    (prefix) => {
      const slots = new Set(presenceKeys(prefix).map(keySlot));
      expect(slots.size).toBe(1);
    },
  );
});

describe.skipIf(!available)('presence keys in Redis, with two instances', () => {
  let cluster: Cluster;
  let a: TestServer;
  let b: TestServer;
  let inspector: Redis;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    cluster = await createCluster();
    a = await cluster.start();
    b = await cluster.start();
    inspector = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await Promise.allSettled(sockets.map((socket) => socket.dispose()));
    inspector?.disconnect();
    await cluster?.dispose();
  });

  it('should write every key the presence scripts touch into one slot, and still show a user online on both instances', async () => {
    const ada = await login(a.httpUrl, 'Ada');
    const socket = openSocket(a.wsUrl, { authToken: ada.token });
    sockets.push(socket);
    await socket.ready;
    const onlineOn = async (server: TestServer) =>
      ((await postGraphQL(server.httpUrl, ONLINE_USERS, {}, { token: ada.token })).data.onlineUsers as { name: string }[]).some(
        (user) => user.name === ada.user.name,
      );
    await waitFor(() => onlineOn(b), 'Ada online on the other instance');
    expect(await onlineOn(a)).toBe(true);

    const prefix = cluster.env.REDIS_PREFIX;
    const keys = (await inspector.keys(`${prefix}*`)).filter((key) => key.includes('presence')).sort();
    // Leases, counts and users: all that a presence script reads or writes, and nothing else named for presence.
    expect(keys).toEqual([...presenceKeys(prefix)].sort());
    expect(keys.every((key) => key.startsWith(`${prefix}{presence}:`))).toBe(true);
    expect(new Set(keys.map(keySlot)).size).toBe(1);

    await socket.dispose();
    await waitFor(async () => !(await onlineOn(b)), 'Ada offline on the other instance');
  });
});
