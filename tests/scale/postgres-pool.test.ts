import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, postGraphQL, type SignedIn } from '../support/http-client.js';
import { CHANNEL, CREATE_CHANNEL, SEND_MESSAGE } from '../support/operations.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createTestDatabase, POSTGRES_ADMIN_URL, servicesAvailable, type TestDatabase } from '../store/test-services.js';

const available = await servicesAvailable('The PostgreSQL pool tests', { postgres: true });
const POOL_SIZE = 3;
const CHANNELS = 12;
const SENDS_PER_CHANNEL = 10;

describe.skipIf(!available)('the PostgreSQL pool of one instance (PG_POOL_SIZE)', () => {
  let database: TestDatabase;
  let server: TestServer;
  let admin: pg.Client;
  let ada: SignedIn;

  /** The connections the instance holds to its database, as PostgreSQL sees them. */
  const connections = async () => {
    const name = new URL(database.url).pathname.slice(1);
    const result = await admin.query<{ count: string }>(
      `SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'flask-chat'`,
      [name],
    );
    return Number(result.rows[0]!.count);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startTestServer({
      DATABASE_URL: database.url,
      PG_POOL_SIZE: String(POOL_SIZE),
      USER_CHANNEL_BURST: String(CHANNELS),
      ADDRESS_SEND_BURST: String(CHANNELS * SENDS_PER_CHANNEL),
    });
    admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    ada = await login(server.httpUrl, 'Ada');
  });
  afterAll(async () => {
    await admin?.end();
    await server?.dispose();
    await database?.drop();
  });

  it('should never open more connections than PG_POOL_SIZE under concurrent sends and reads, and serve them all', async () => {
    const channelIds: string[] = [];
    for (let i = 0; i < CHANNELS; i++)
      channelIds.push(
        (await postGraphQL(server.httpUrl, CREATE_CHANNEL, { name: `room ${i}` }, { token: ada.token })).data.createChannel.id,
      );

    // Sends to different channels take different locks, so each wants a connection of its own at once.
    const load = Promise.all(
      channelIds.flatMap((channelId) =>
        Array.from({ length: SENDS_PER_CHANNEL }, async (_, n) => {
          const [sent, read] = await Promise.all([
            postGraphQL(server.httpUrl, SEND_MESSAGE, { channelId, body: `message ${n}` }, { token: ada.token }),
            postGraphQL(server.httpUrl, CHANNEL, { id: channelId, last: 5 }, { token: ada.token }),
          ]);
          return [sent, read];
        }),
      ),
    );
    let done = false;
    const observed: number[] = [];
    const watching = (async () => {
      while (!done) observed.push(await connections());
    })();
    const responses = (await load).flat();
    done = true;
    await watching;

    expect(responses.filter((response) => response.errors)).toEqual([]);
    expect(Math.max(...observed)).toBeLessThanOrEqual(POOL_SIZE);
    // The load filled the pool (idle connections stay open a while), and no further.
    expect(await connections()).toBe(POOL_SIZE);
    const counts = await Promise.all(
      channelIds.map(
        async (id) => (await postGraphQL(server.httpUrl, CHANNEL, { id, last: 100 }, { token: ada.token })).data.channel.messages.length,
      ),
    );
    expect(counts).toEqual(channelIds.map(() => SENDS_PER_CHANNEL));
  });
});
