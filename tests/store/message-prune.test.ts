import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameKey, nameSkeleton } from '../../server/domain/text-rules.js';
import type { Store } from '../../server/domain/ports/store.port.js';
import { PostgresStore } from '../../server/store/postgres/postgres.store.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite.store.js';
import { makeTempDir, removeTempDir } from '../support/test-server.js';
import { createTestDatabase, servicesAvailable, type TestDatabase } from './test-services.js';

/** How many rows of a table refer to one message, read beside the store as an operator would. */
type RowCount = (table: 'message_reactions' | 'message_mentions' | 'direct_message_reactions', messageId: string) => Promise<number>;

/**
 * The cap removes a message with its reactions and mentions, in the send
 * that prunes it: nothing of a message outlives it in the database.
 */
function describePrune(engine: string, open: () => Promise<{ store: Store; count: RowCount; dispose(): Promise<void> }>) {
  describe(`pruning on ${engine}`, () => {
    let store: Store;
    let count: RowCount;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, count, dispose } = await open());
    });
    afterAll(async () => {
      await store?.close();
      await dispose?.();
    });

    const user = async (name: string) => {
      const result = await store.claimName({
        name,
        nameKey: nameKey(name),
        skeleton: nameSkeleton(name),
        tokenHash: `hash-${name}`,
        now: new Date(),
        idleLimitMs: 60_000,
        currentSessionId: null,
        verifiedUserId: null,
      });
      if (!result.ok) throw new Error(`could not claim ${name}`);
      return result.user;
    };

    it('should remove the reactions and mentions of the messages the cap removes', async () => {
      const [ada, bob] = [await user('ada'), await user('bob')];
      const base = { channelId: '1', authorId: ada.id, clientId: null, now: new Date(), keep: 1 };
      const { message } = await store.addMessage({ ...base, body: 'hi @bob', mentionIds: [bob.id] });
      await store.changeMessage({
        channelId: '1',
        messageId: message.id,
        decide: () => ({ kind: 'react', emoji: '👍', userId: bob.id, on: true }),
        now: new Date(),
      });
      expect([await count('message_reactions', message.id), await count('message_mentions', message.id)]).toEqual([1, 1]);
      await store.addMessage({ ...base, body: 'next' });
      expect([await count('message_reactions', message.id), await count('message_mentions', message.id)]).toEqual([0, 0]);

      const direct = (await store.addDirectMessage({ fromId: ada.id, toId: bob.id, body: 'dm', clientId: null, now: new Date(), keep: 1 }))
        .message;
      await store.changeDirectMessage({
        messageId: direct.id,
        decide: () => ({ kind: 'react', emoji: '👀', userId: ada.id, on: true }),
        now: new Date(),
      });
      expect(await count('direct_message_reactions', direct.id)).toBe(1);
      await store.addDirectMessage({ fromId: bob.id, toId: ada.id, body: 'next', clientId: null, now: new Date(), keep: 1 });
      expect(await count('direct_message_reactions', direct.id)).toBe(0);
    });
  });
}

describePrune('SQLite', async () => {
  const dir = makeTempDir();
  const file = join(dir, 'prune.db');
  const store = new SqliteStore(file);
  const reader = new Database(file, { readonly: true });
  const count: RowCount = async (table, id) =>
    (reader.prepare(`SELECT count(*) AS n FROM ${table} WHERE message_id = ?`).get(id) as { n: number }).n;
  return {
    store,
    count,
    dispose: async () => {
      reader.close();
      removeTempDir(dir);
    },
  };
});

const postgres = await servicesAvailable('The PostgreSQL prune test', { postgres: true });

describe.skipIf(!postgres)('PostgreSQL', () => {
  let database: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  describePrune('PostgreSQL', async () => {
    const store = await PostgresStore.open(database.url);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const count: RowCount = async (table, id) =>
      Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE message_id = $1`, [id])).rows[0]!.n);
    return { store, count, dispose: async () => {} };
  });
});
