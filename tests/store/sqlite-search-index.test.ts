import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { User } from '../../server/domain/models.js';
import type { MessageChange } from '../../server/domain/ports/store.port.js';
import { searchWords } from '../../server/domain/search-rules.js';
import { sqliteMigrations } from '../../server/store/sqlite/migrations.js';
import type { SearchIndexerOptions } from '../../server/store/sqlite/search-indexer.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite.store.js';
import { makeTempDir, removeTempDir } from '../support/test-server.js';
import { claimUser } from './store-seeds.js';

/**
 * SQLite's full-text index is written behind the sends, in batches
 * (search-indexer.ts): a message is stored with its send and indexed a
 * little later. What must hold all the same: a search finds every
 * acknowledged message at once, the index stays sound whatever happens to a
 * row before and after it is indexed, and rows a killed process left
 * unindexed are indexed when the file is opened again.
 */

/** Never on its own within a test: what is indexed is what a search, an open or a close indexed. */
const BY_HAND: SearchIndexerOptions = { delayMs: 60 * 60_000 };

const INDEXES = [
  ['message_search', 'messages'],
  ['direct_message_search', 'direct_messages'],
] as const;

let dir: string;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => removeTempDir(dir));

let files = 0;
const newFile = () => join(dir, `search-${++files}.db`);

/** A second connection, beside the store's, as an operator's sqlite3 shell would be. */
function withFile<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const indexedThrough = (file: string) =>
  withFile(file, (db) =>
    Object.fromEntries(
      (
        db.prepare(`SELECT content_table, indexed_through FROM search_index_state`).all() as {
          content_table: string;
          indexed_through: number;
        }[]
      ).map((row) => [row.content_table, row.indexed_through]),
    ),
  );

/** FTS5's own checks, plain and against the content table (rank 1), and one indexed entry per row. */
function expectSoundIndexes(file: string): void {
  withFile(file, (db) => {
    for (const [index, content] of INDEXES) {
      expect(() => db.prepare(`INSERT INTO ${index}(${index}) VALUES ('integrity-check')`).run(), index).not.toThrow();
      expect(() => db.prepare(`INSERT INTO ${index}(${index}, rank) VALUES ('integrity-check', 1)`).run(), index).not.toThrow();
      const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect([index, count(`${index}_docsize`)]).toEqual([index, count(content)]);
    }
  });
}

function storeOn(file: string, options: SearchIndexerOptions = BY_HAND) {
  const store = new SqliteStore(file, { searchIndex: options });
  const claim = (name: string) => claimUser(store, name);
  return {
    store,
    claim,
    send: async (author: User, body: string, keep = 100) =>
      (await store.addMessage({ channelId: '1', authorId: author.id, body, clientId: null, now: new Date(), keep })).message,
    dm: async (from: User, to: User, body: string, keep = 100) =>
      (await store.addDirectMessage({ fromId: from.id, toId: to.id, body, clientId: null, now: new Date(), keep })).message,
    change: (id: string, decision: MessageChange) =>
      store.changeMessage({ channelId: '1', messageId: id, decide: () => decision, now: new Date() }),
    changeDirect: (id: string, decision: MessageChange) =>
      store.changeDirectMessage({ messageId: id, decide: () => decision, now: new Date() }),
    search: async (text: string) =>
      (await store.searchMessages({ words: searchWords(text), first: 50, channelId: null })).map((m) => m.body),
    searchDirect: async (user: User, text: string) =>
      (await store.searchDirectMessages({ words: searchWords(text), first: 50, userId: user.id, otherUserId: null })).map((m) => m.body),
  };
}

const edit = (body: string): MessageChange => ({ kind: 'edit', body, mentionIds: [] });
const DELETE: MessageChange = { kind: 'delete' };

describe('the SQLite search index, written behind the sends', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should find a message in a search made the moment its send is acknowledged', async () => {
    const file = newFile();
    const { store, claim, send, dm, search, searchDirect } = storeOn(file);
    try {
      const [ada, bob] = [await claim('ada'), await claim('bob')];
      const message = await send(ada, 'Rendez-vous au café');
      const direct = await dm(ada, bob, 'Le code secret');
      // Not indexed yet: the search itself must catch the index up.
      expect(indexedThrough(file)).toEqual({ messages: Number(message.id) - 1, direct_messages: 0 });
      expect(await search('cafe')).toEqual(['Rendez-vous au café']);
      expect(await searchDirect(bob, 'secret')).toEqual(['Le code secret']);
      expect(indexedThrough(file)).toEqual({ messages: Number(message.id), direct_messages: Number(direct.id) });
    } finally {
      await store.close();
    }
  });

  it('should stay sound, and find what the rows say, when they are pruned, edited and deleted before and after being indexed', async () => {
    const file = newFile();
    const { store, claim, send, dm, change, changeDirect, search, searchDirect } = storeOn(file);
    try {
      const [ada, bob] = [await claim('ada'), await claim('bob')];
      const keep = 3;
      // Before they are indexed: two pruned, one edited, one deleted.
      const sent = [];
      for (const n of [1, 2, 3, 4, 5]) sent.push(await send(ada, `apple ${n}`, keep));
      const directs = [];
      for (const n of [1, 2, 3, 4, 5]) directs.push(await dm(ada, bob, `pear ${n}`, keep));
      await change(sent[2]!.id, edit('apple three edited'));
      await change(sent[3]!.id, DELETE);
      await changeDirect(directs[2]!.id, edit('pear three edited'));
      await changeDirect(directs[3]!.id, DELETE);
      expect(await search('apple')).toEqual(['apple 5', 'apple three edited']);
      expect(await searchDirect(bob, 'pear')).toEqual(['pear 5', 'pear three edited']);

      // Indexed now: an edit, a deletion, and two prunes (of a deleted row, and of a live one).
      await change(sent[4]!.id, edit('apple five edited'));
      await change(sent[2]!.id, DELETE);
      await changeDirect(directs[4]!.id, edit('pear five edited'));
      await changeDirect(directs[2]!.id, DELETE);
      const later = [await send(ada, 'apple 6', keep), await send(ada, 'apple 7', keep)];
      const laterDirect = [await dm(ada, bob, 'pear 6', keep), await dm(ada, bob, 'pear 7', keep)];
      // And rows newer than the index again: one edited, one deleted.
      await change(later[0]!.id, edit('apple six edited'));
      await change(later[1]!.id, DELETE);
      await changeDirect(laterDirect[0]!.id, edit('pear six edited'));
      await changeDirect(laterDirect[1]!.id, DELETE);

      expect(await search('apple')).toEqual(['apple six edited', 'apple five edited']);
      expect(await search('apple edited three')).toEqual([]);
      expect(await searchDirect(bob, 'pear')).toEqual(['pear six edited', 'pear five edited']);
      expectSoundIndexes(file);
    } finally {
      await store.close();
    }
    expectSoundIndexes(file);
  });

  it('should index at open the rows a killed process committed but never indexed', async () => {
    const file = newFile();
    const first = storeOn(file);
    const [ada, bob] = [await first.claim('ada'), await first.claim('bob')];
    await first.send(ada, 'indexed before');
    await first.store.close();
    // What a process killed between a send's commit and the catch-up leaves: rows above
    // indexed_through, some of them already pruned or edited by later sends.
    withFile(file, (db) => {
      const now = new Date().toISOString();
      const insert = db.prepare(`INSERT INTO messages (channel_id, author_id, body, search_words, created_at) VALUES (1, ?, ?, ?, ?)`);
      for (const words of ['left behind', 'pruned behind', 'edited behind']) insert.run(ada.id, words, words, now);
      db.prepare(
        `INSERT INTO direct_messages (sender_id, recipient_id, user_low, user_high, body, search_words, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(ada.id, bob.id, Math.min(+ada.id, +bob.id), Math.max(+ada.id, +bob.id), 'private behind', 'private behind', now);
      db.prepare(`DELETE FROM messages WHERE body = 'pruned behind'`).run();
      db.prepare(`UPDATE messages SET body = 'changed behind', search_words = 'changed behind' WHERE body = 'edited behind'`).run();
    });

    const second = storeOn(file);
    try {
      const newest = withFile(file, (db) => db.prepare(`SELECT max(id) AS id FROM messages`).get() as { id: number });
      expect(indexedThrough(file)).toEqual({ messages: newest.id, direct_messages: 1 });
      expectSoundIndexes(file);
      expect(await second.search('behind')).toEqual(['changed behind', 'left behind']);
      expect(await second.searchDirect(bob, 'behind')).toEqual(['private behind']);
      expect(await second.search('before')).toEqual(['indexed before']);
    } finally {
      await second.store.close();
    }
  });

  it('should catch up on its own a moment after a send, and at once when many rows wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const file = newFile();
    const { store, claim, send } = storeOn(file, { delayMs: 200, batchRows: 5 });
    try {
      const ada = await claim('ada');
      const one = await send(ada, 'one');
      expect(indexedThrough(file).messages).toBe(Number(one.id) - 1);
      vi.advanceTimersByTime(199);
      expect(indexedThrough(file).messages).toBe(Number(one.id) - 1);
      vi.advanceTimersByTime(1);
      expect(indexedThrough(file).messages).toBe(Number(one.id));

      const sent = await Promise.all([1, 2, 3, 4, 5].map((n) => send(ada, `many ${n}`)));
      // Right after the group that made five wait, with no time moved.
      await new Promise((resolve) => setImmediate(resolve));
      expect(indexedThrough(file).messages).toBe(Number(sent.at(-1)!.id));
    } finally {
      await store.close();
    }
  });

  it('should leave everything indexed when the store closes', async () => {
    const file = newFile();
    const { store, claim, send } = storeOn(file);
    const ada = await claim('ada');
    const message = await send(ada, 'closing words');
    await store.close();
    expect(indexedThrough(file).messages).toBe(Number(message.id));
    expectSoundIndexes(file);
  });
});

describe('a SQLite database whose index was written with each send (schema 7)', () => {
  const SENT_AT = '2025-06-01T10:00:00.000Z';
  let file: string;
  beforeAll(() => {
    file = newFile();
    const db = new Database(file);
    for (const step of sqliteMigrations.slice(0, 7)) {
      if (typeof step === 'string') db.exec(step);
      else step(db);
    }
    db.pragma('user_version = 7');
    db.exec(`
      INSERT INTO users (id, name, name_key, skeleton, claim_key, created_at) VALUES (301, 'ada', 'ada', 'ada', 'ada', '${SENT_AT}');
      INSERT INTO users (id, name, name_key, skeleton, claim_key, created_at) VALUES (302, 'bob', 'bob', 'bob', 'bob', '${SENT_AT}');
      INSERT INTO messages (id, channel_id, author_id, body, search_words, created_at) VALUES (401, 1, 301, 'Le café', 'le cafe', '${SENT_AT}');
      INSERT INTO messages (id, channel_id, author_id, body, search_words, created_at) VALUES (402, 1, 301, 'Le thé', 'le the', '${SENT_AT}');
      INSERT INTO messages (id, channel_id, author_id, body, deleted, created_at) VALUES (403, 1, 301, '', TRUE, '${SENT_AT}');
      INSERT INTO direct_messages (id, sender_id, recipient_id, user_low, user_high, body, search_words, created_at)
        VALUES (501, 301, 302, 301, 302, 'Ancien secret', 'ancien secret', '${SENT_AT}');
    `);
    db.close();
  });

  it('should count every row as indexed, and find them as before', async () => {
    const { store, search, searchDirect } = storeOn(file);
    try {
      expect(indexedThrough(file)).toEqual({ messages: 403, direct_messages: 501 });
      expect(await search('le')).toEqual(['Le thé', 'Le café']);
      expect(await searchDirect({ id: '302', name: 'bob', protected: false }, 'secret')).toEqual(['Ancien secret']);
    } finally {
      await store.close();
    }
    expectSoundIndexes(file);
  });

  it('should keep the old rows in step when they are edited and pruned, beside new ones', async () => {
    const { store, send, change, search } = storeOn(file);
    const ada = { id: '301', name: 'ada', protected: false };
    try {
      await change('401', edit('Le chocolat'));
      expect(await search('chocolat')).toEqual(['Le chocolat']);
      // Keeps the three newest: the edited one goes.
      await send(ada, 'Le nouveau', 3);
      expect(await search('le')).toEqual(['Le nouveau', 'Le thé']);
      expect(await search('chocolat')).toEqual([]);
    } finally {
      await store.close();
    }
    expectSoundIndexes(file);
  });
});
