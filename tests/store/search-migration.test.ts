import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/domain/ports/store.port.js';
import { searchWords } from '../../server/domain/search-rules.js';
import { postgresMigrations } from '../../server/store/postgres/migrations.js';
import { PostgresStore } from '../../server/store/postgres/postgres.store.js';
import { sqliteMigrations } from '../../server/store/sqlite/migrations.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite.store.js';
import { makeTempDir, removeTempDir } from '../support/test-server.js';
import { createTestDatabase, servicesAvailable, type TestDatabase } from './test-services.js';

/**
 * A database from before search (SQLite at schema 6, PostgreSQL at 7)
 * holding messages: the migration indexes what they say, a deleted one
 * excepted, so that they are found at once, and kept in step afterwards.
 */
const SENT_AT = '2025-06-01T10:00:00.000Z';
const OLD_ROWS = [
  `INSERT INTO users (id, name, name_key, skeleton, claim_key, created_at) VALUES (301, 'ada', 'ada', 'ada', 'ada', '${SENT_AT}')`,
  `INSERT INTO users (id, name, name_key, skeleton, claim_key, created_at) VALUES (302, 'bob', 'bob', 'bob', 'bob', '${SENT_AT}')`,
  `INSERT INTO messages (id, channel_id, author_id, body, created_at) VALUES (401, 1, 301, 'Le Café d''avant', '${SENT_AT}')`,
  `INSERT INTO messages (id, channel_id, author_id, body, deleted, created_at) VALUES (402, 1, 301, '', TRUE, '${SENT_AT}')`,
  `INSERT INTO direct_messages (id, sender_id, recipient_id, user_low, user_high, body, created_at)
   VALUES (501, 301, 302, 301, 302, 'Ancien SECRET', '${SENT_AT}')`,
];

function describeSearchMigration(engine: string, open: () => Promise<{ store: Store; dispose(): Promise<void> }>) {
  describe(`the search migration on ${engine}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await open());
    });
    afterAll(async () => {
      await store?.close();
      await dispose?.();
    });
    const search = (text: string) => store.searchMessages({ words: searchWords(text), first: 20, channelId: null });

    it('should find the messages stored before it by what they say', async () => {
      expect((await search('cafe avant')).map((message) => message.id)).toEqual(['401']);
      const direct = await store.searchDirectMessages({ words: searchWords('secret'), first: 20, userId: '302', otherUserId: null });
      expect(direct.map((message) => message.id)).toEqual(['501']);
    });

    it('should keep an old message in step when it is edited, and index new ones', async () => {
      await store.changeMessage({
        channelId: '1',
        messageId: '401',
        decide: () => ({ kind: 'edit', body: 'Le thé de maintenant', mentionIds: [] }),
        now: new Date(),
      });
      await store.addMessage({ channelId: '1', authorId: '302', body: 'un autre thé', clientId: null, now: new Date(), keep: 100 });
      expect(await search('cafe')).toEqual([]);
      expect((await search('the')).map((message) => message.body)).toEqual(['un autre thé', 'Le thé de maintenant']);
    });
  });
}

/** The migrations before search, as an older server applied them. */
const SQLITE_BEFORE = 6;
const POSTGRES_BEFORE = 7;

describeSearchMigration('SQLite', async () => {
  const dir = makeTempDir();
  const file = join(dir, 'v6.db');
  const db = new Database(file);
  for (const step of sqliteMigrations.slice(0, SQLITE_BEFORE)) {
    if (typeof step === 'string') db.exec(step);
    else step(db);
  }
  db.pragma(`user_version = ${SQLITE_BEFORE}`);
  for (const row of OLD_ROWS) db.exec(row);
  db.close();
  return { store: new SqliteStore(file), dispose: async () => removeTempDir(dir) };
});

const postgres = await servicesAvailable('The PostgreSQL search migration test', { postgres: true });

describe.skipIf(!postgres)('PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
      for (const [index, step] of postgresMigrations.slice(0, POSTGRES_BEFORE).entries()) {
        if (typeof step === 'string') await client.query(step);
        else await step(client);
        await client.query(`INSERT INTO schema_migrations (version) VALUES ($1)`, [index + 1]);
      }
      for (const row of OLD_ROWS) await client.query(row);
      // Rows given their ids leave the sequences behind: moved on, as the rows' own inserts would have.
      await client.query(`SELECT setval('messages_id_seq', 500), setval('direct_messages_id_seq', 600)`);
    } finally {
      await client.end();
    }
  });
  afterAll(async () => {
    await database?.drop();
  });

  describeSearchMigration('PostgreSQL', async () => ({ store: await PostgresStore.open(database.url), dispose: async () => {} }));
});
