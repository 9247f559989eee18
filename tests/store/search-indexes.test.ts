import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/domain/ports/store.port.js';
import { PostgresStore } from '../../server/store/postgres/postgres.store.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite.store.js';
import { makeTempDir, removeTempDir } from '../support/test-server.js';
import { createTestDatabase, servicesAvailable, type TestDatabase } from './test-services.js';

/**
 * The indexes behind search, looked at directly: whatever sends, edits,
 * deletions and prunes did, SQLite's FTS5 tables still agree with the rows
 * they index, and PostgreSQL can answer a search from its GIN index (the
 * search's expression is the index's, not merely alike).
 */
async function churn(store: Store): Promise<void> {
  const claim = (name: string) =>
    store.claimName({
      name,
      nameKey: name,
      skeleton: name,
      tokenHash: `hash-${name}`,
      now: new Date(),
      idleLimitMs: 60_000,
      currentSessionId: null,
      verifiedUserId: null,
    });
  const [ada, bob] = [await claim('ada'), await claim('bob')];
  if (!ada.ok || !bob.ok) throw new Error('could not create the users');
  for (let n = 0; n < 12; n++) {
    const { message } = await store.addMessage({
      channelId: '1',
      authorId: ada.user.id,
      body: `Message numéro ${n}`,
      clientId: null,
      now: new Date(),
      keep: 5,
    });
    const direct = await store.addDirectMessage({
      fromId: ada.user.id,
      toId: bob.user.id,
      body: `Privé ${n}`,
      clientId: null,
      now: new Date(),
      keep: 5,
    });
    const decision = n % 3 === 0 ? ({ kind: 'delete' } as const) : ({ kind: 'edit', body: `Édité ${n}`, mentionIds: [] } as const);
    await store.changeMessage({ channelId: '1', messageId: message.id, decide: () => decision, now: new Date() });
    await store.changeDirectMessage({ messageId: direct.message.id, decide: () => decision, now: new Date() });
  }
}

describe('the SQLite search index', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = makeTempDir();
    file = join(dir, 'search.db');
    const store = new SqliteStore(file);
    await churn(store);
    await store.close();
  });
  afterAll(() => removeTempDir(dir));

  it.each(['message_search', 'direct_message_search'])('should keep %s in step with the rows it indexes', (table) => {
    const db = new Database(file);
    try {
      // With rank 1, FTS5 checks its index against the content table itself.
      expect(() => db.prepare(`INSERT INTO ${table}(${table}, rank) VALUES ('integrity-check', 1)`).run()).not.toThrow();
      const indexed = db.prepare(`SELECT count(*) AS n FROM ${table}_docsize`).get() as { n: number };
      const rows = db.prepare(`SELECT count(*) AS n FROM ${table === 'message_search' ? 'messages' : 'direct_messages'}`).get() as {
        n: number;
      };
      expect(indexed.n).toBe(rows.n);
    } finally {
      db.close();
    }
  });
});

const postgres = await servicesAvailable('The PostgreSQL search index test', { postgres: true });

describe.skipIf(!postgres)('the PostgreSQL search index', () => {
  let database: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    const store = await PostgresStore.open(database.url);
    await churn(store);
    await store.close();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it.each([
    ['messages', 'messages_search'],
    ['direct_messages', 'direct_messages_search'],
  ])('should answer a search of %s from %s', async (table, index) => {
    // The tables are tiny, so the planner would scan them: forbid that, to learn whether the index can serve at all.
    await client.query('SET enable_seqscan = off');
    const plan = await client.query(
      `EXPLAIN SELECT id FROM ${table} x WHERE array_to_tsvector(string_to_array(x.search_words, ' ')) @@ CAST('''edite'':*' AS tsquery)`,
    );
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain(index);
  });
});
