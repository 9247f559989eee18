import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameKey, nameSkeleton } from '../../server/domain/text-rules.js';
import { postgresMigrations } from '../../server/store/postgres/migrations.js';
import { PostgresStore } from '../../server/store/postgres/postgres.store.js';
import { sqliteMigrations } from '../../server/store/sqlite/migrations.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite.store.js';
import type { Store } from '../../server/domain/ports/store.port.js';
import { makeTempDir, removeTempDir } from '../support/test-server.js';
import { createTestDatabase, servicesAvailable, type TestDatabase } from './test-services.js';

/**
 * A database from before names were compared by skeleton, holding names that
 * now look alike: "ada" and "аda" (Cyrillic а), "room" and "rооm" (Cyrillic
 * о). The migration keeps them all, with their messages; new claims of a
 * look-alike are refused.
 */
const NOW = new Date();
const V1_ROWS = [
  `INSERT INTO users (id, name, name_key, created_at) VALUES (101, 'ada', 'ada', '${NOW.toISOString()}')`,
  `INSERT INTO users (id, name, name_key, created_at) VALUES (102, 'аda', 'аda', '${NOW.toISOString()}')`,
  `INSERT INTO sessions (user_id, token_hash, created_at, last_used_at) VALUES (101, 'h101', '${NOW.toISOString()}', '${NOW.toISOString()}')`,
  `INSERT INTO sessions (user_id, token_hash, created_at, last_used_at) VALUES (102, 'h102', '${NOW.toISOString()}', '${NOW.toISOString()}')`,
  `INSERT INTO channels (id, name, name_key, created_at) VALUES (201, 'room', 'room', '${NOW.toISOString()}')`,
  `INSERT INTO channels (id, name, name_key, created_at) VALUES (202, 'rооm', 'rооm', '${NOW.toISOString()}')`,
  `INSERT INTO messages (channel_id, author_id, body, created_at) VALUES (202, 102, 'kept', '${NOW.toISOString()}')`,
];

function describeNameMigration(engine: string, open: () => Promise<{ store: Store; dispose(): Promise<void> }>) {
  describe(`the names migration on ${engine}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await open());
    });
    afterAll(async () => {
      await store?.close();
      await dispose?.();
    });

    const claim = (name: string) =>
      store.claimName({
        name,
        nameKey: nameKey(name),
        skeleton: nameSkeleton(name),
        tokenHash: `new-${name}-${Math.random()}`,
        now: new Date(),
        idleLimitMs: 60 * 60_000,
        currentSessionId: null,
        verifiedUserId: null,
      });

    it('should keep both of two existing names that now look alike, with their messages', async () => {
      expect(nameSkeleton('ada')).toBe(nameSkeleton('аda'));
      expect(await store.findSession('h101')).toMatchObject({ user: { id: '101', name: 'ada' } });
      expect(await store.findSession('h102')).toMatchObject({ user: { id: '102', name: 'аda' } });
      expect((await store.listChannels()).map((c) => c.name)).toEqual(expect.arrayContaining(['room', 'rооm']));
      expect((await store.latestMessages('202', 10)).map((m) => [m.body, m.author.name])).toEqual([['kept', 'аda']]);
    });

    it('should refuse new claims of a look-alike, for users and channels', async () => {
      expect(await claim('ＡＤＡ')).toMatchObject({ ok: false, reason: 'taken', holder: 'ada' });
      expect(await claim('аda')).toMatchObject({ ok: false, reason: 'taken', holder: 'аda' });
      const channel = (name: string) =>
        store.createChannel({ name, nameKey: nameKey(name), skeleton: nameSkeleton(name), now: new Date() });
      expect(await channel('ROOM')).toBeNull();
      expect(await channel('rооm')).toBeNull();
      expect(await channel('r00m-new')).not.toBeNull();
    });
  });
}

describeNameMigration('SQLite', async () => {
  const dir = makeTempDir();
  const file = join(dir, 'v1.db');
  const db = new Database(file);
  db.exec(sqliteMigrations[0] as string);
  db.pragma('user_version = 1');
  for (const row of V1_ROWS) db.exec(row);
  db.close();
  return { store: new SqliteStore(file), dispose: async () => removeTempDir(dir) };
});

const postgres = await servicesAvailable('The PostgreSQL names migration test', { postgres: true });

describe.skipIf(!postgres)('PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
      await client.query(postgresMigrations[0] as string);
      await client.query(`INSERT INTO schema_migrations (version) VALUES (1)`);
      for (const row of V1_ROWS) await client.query(row);
    } finally {
      await client.end();
    }
  });
  afterAll(async () => {
    await database?.drop();
  });

  describeNameMigration('PostgreSQL', async () => ({ store: await PostgresStore.open(database.url), dispose: async () => {} }));
});
