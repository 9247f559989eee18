import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRESH_MESSAGE_STATE } from '../../server/domain/models.js';
import type { Store } from '../../server/domain/ports/store.port.js';
import { postgresMigrations } from '../../server/store/postgres/migrations.js';
import { PostgresStore } from '../../server/store/postgres/postgres.store.js';
import { sqliteMigrations } from '../../server/store/sqlite/migrations.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite.store.js';
import { makeTempDir, removeTempDir } from '../support/test-server.js';
import { createTestDatabase, servicesAvailable, type TestDatabase } from './test-services.js';

/**
 * A database from before messages could change (SQLite at schema 4,
 * PostgreSQL at 5), holding a channel message and a direct message. The
 * migration keeps both as sent: version 1, not deleted, never edited, no
 * reactions or mentions; and they can then be changed.
 */
const SENT_AT = '2025-06-01T10:00:00.000Z';
const OLD_ROWS = [
  `INSERT INTO users (id, name, name_key, skeleton, claim_key, created_at) VALUES (301, 'ada', 'ada', 'ada', 'ada', '${SENT_AT}')`,
  `INSERT INTO users (id, name, name_key, skeleton, claim_key, created_at) VALUES (302, 'bob', 'bob', 'bob', 'bob', '${SENT_AT}')`,
  `INSERT INTO messages (id, channel_id, author_id, body, client_id, created_at) VALUES (401, 1, 301, 'from before', 'c-1', '${SENT_AT}')`,
  `INSERT INTO direct_messages (id, sender_id, recipient_id, user_low, user_high, body, created_at)
   VALUES (501, 301, 302, 301, 302, 'old secret', '${SENT_AT}')`,
];

const ADA = { id: '301', name: 'ada', protected: false };
const BOB = { id: '302', name: 'bob', protected: false };

function describeMessageStateMigration(engine: string, open: () => Promise<{ store: Store; dispose(): Promise<void> }>) {
  describe(`the message state migration on ${engine}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await open());
    });
    afterAll(async () => {
      await store?.close();
      await dispose?.();
    });

    it('should keep every existing message as sent: version 1, not deleted, never edited, no reactions or mentions', async () => {
      expect(await store.latestMessages('1', 10)).toEqual([
        {
          id: '401',
          channelId: '1',
          author: ADA,
          body: 'from before',
          createdAt: SENT_AT,
          clientId: 'c-1',
          ...FRESH_MESSAGE_STATE,
          mentions: [],
        },
      ]);
      expect(await store.directMessagesAfter(BOB.id, '0')).toEqual([
        { id: '501', from: ADA, to: BOB, body: 'old secret', createdAt: SENT_AT, clientId: null, ...FRESH_MESSAGE_STATE },
      ]);
    });

    it('should let a kept message be reacted to and edited', async () => {
      const reacted = await store.changeMessage({
        channelId: '1',
        messageId: '401',
        decide: () => ({ kind: 'react', emoji: '👍', userId: BOB.id, on: true }),
        now: new Date(),
      });
      expect(reacted?.message).toMatchObject({ version: 2, reactions: [{ emoji: '👍', users: [BOB] }] });
      const edited = await store.changeDirectMessage({
        messageId: '501',
        decide: () => ({ kind: 'edit', body: 'new secret', mentionIds: [] }),
        now: new Date(),
      });
      expect(edited?.message).toMatchObject({ body: 'new secret', version: 2 });
    });
  });
}

/** The migrations before this one, as an older server applied them. */
const SQLITE_BEFORE = 4;
const POSTGRES_BEFORE = 5;

describeMessageStateMigration('SQLite', async () => {
  const dir = makeTempDir();
  const file = join(dir, 'v4.db');
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

const postgres = await servicesAvailable('The PostgreSQL message state migration test', { postgres: true });

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
    } finally {
      await client.end();
    }
  });
  afterAll(async () => {
    await database?.drop();
  });

  describeMessageStateMigration('PostgreSQL', async () => ({ store: await PostgresStore.open(database.url), dispose: async () => {} }));
});
