import type Database from 'better-sqlite3';
import { assignNameSkeletons } from '../name-skeletons.js';
import { fillSearchWords } from '../search-words-backfill.js';

/** A step of the schema: SQL, or code for what SQL cannot compute (Unicode skeletons). */
export type SqliteMigration = string | ((db: Database.Database) => void);

/**
 * The SQLite schema, one entry per version. Applied in order at start-up;
 * PRAGMA user_version records how far a database has come. Never edit an entry
 * that has shipped: add a new one.
 */
export const sqliteMigrations: readonly SqliteMigration[] = [
  `
  CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL,
    ended_at     TEXT
  );
  CREATE INDEX sessions_live_by_user ON sessions(user_id) WHERE ended_at IS NULL;
  CREATE TABLE channels (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  );
  CREATE TABLE messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id INTEGER NOT NULL REFERENCES channels(id),
    author_id  INTEGER NOT NULL REFERENCES users(id),
    body       TEXT NOT NULL,
    client_id  TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX messages_by_channel ON messages(channel_id, id);
  CREATE UNIQUE INDEX messages_idempotency ON messages(channel_id, author_id, client_id) WHERE client_id IS NOT NULL;
  CREATE TABLE direct_messages (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    sender_id    INTEGER NOT NULL REFERENCES users(id),
    recipient_id INTEGER NOT NULL REFERENCES users(id),
    -- The pair in a fixed order, so one index serves a conversation both ways.
    user_low     INTEGER NOT NULL,
    user_high    INTEGER NOT NULL,
    body         TEXT NOT NULL,
    client_id    TEXT,
    created_at   TEXT NOT NULL
  );
  CREATE INDEX direct_messages_by_pair ON direct_messages(user_low, user_high, id);
  CREATE INDEX direct_messages_by_sender ON direct_messages(sender_id, id);
  CREATE INDEX direct_messages_by_recipient ON direct_messages(recipient_id, id);
  CREATE UNIQUE INDEX direct_messages_idempotency ON direct_messages(sender_id, recipient_id, client_id) WHERE client_id IS NOT NULL;
  INSERT INTO channels (name, name_key, created_at) VALUES ('general', 'general', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
  `,
  // 2: names compared by their confusable skeleton, users that end with their
  // name, passwords. users is rebuilt because its name_key was UNIQUE inline,
  // and a free name's next user shares the key with the ended one.
  (db) => {
    db.exec(`
      CREATE TABLE users_v2 (
        id            INTEGER PRIMARY KEY,
        name          TEXT NOT NULL,
        name_key      TEXT NOT NULL,
        -- UTS #39 skeleton of name_key: look-alike names share it.
        skeleton      TEXT NOT NULL,
        -- The skeleton while this user holds it alone; NULL once ended, and for
        -- the younger of two older users whose names turned out to look alike.
        claim_key     TEXT UNIQUE,
        password_hash TEXT,
        created_at    TEXT NOT NULL,
        ended_at      TEXT
      );
      INSERT INTO users_v2 (id, name, name_key, skeleton, created_at)
        SELECT id, name, name_key, '', created_at FROM users;
      DROP TABLE users;
      ALTER TABLE users_v2 RENAME TO users;
      CREATE INDEX users_by_name_key ON users(name_key);
      CREATE INDEX users_live_by_skeleton ON users(skeleton) WHERE ended_at IS NULL;
      ALTER TABLE channels ADD COLUMN skeleton TEXT;
      ALTER TABLE channels ADD COLUMN claim_key TEXT;
      CREATE UNIQUE INDEX channels_by_claim_key ON channels(claim_key);
    `);
    for (const table of ['users', 'channels'] as const) {
      const rows = db.prepare(`SELECT id, name FROM ${table} ORDER BY id`).all() as { id: number; name: string }[];
      const update = db.prepare(`UPDATE ${table} SET skeleton = ?, claim_key = ? WHERE id = ?`);
      for (const row of assignNameSkeletons(rows)) update.run(row.skeleton, row.claimKey, row.id);
    }
  },
  // 3: one row that /healthz writes, to learn whether the database can store right now.
  `
  CREATE TABLE health (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TEXT NOT NULL,
    -- Filled, then rolled back, by each check: it must be able to grow the file.
    probe      BLOB
  );
  INSERT INTO health (id, checked_at) VALUES (1, '');
  `,
  // 4: the outbox, for events published after commit through a transport that can fail (Redis).
  `
  CREATE TABLE event_outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    events     TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
  // 5: messages that live: edits, deletions, reactions and mentions. Every
  // existing message stays as sent: version 1, not deleted, no reactions.
  // Reactions and mentions go with their message when the cap prunes it
  // (ON DELETE CASCADE: the store turns foreign_keys on once migrated).
  `
  ALTER TABLE messages ADD COLUMN edited_at TEXT;
  ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE direct_messages ADD COLUMN edited_at TEXT;
  ALTER TABLE direct_messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE direct_messages ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
  CREATE TABLE message_reactions (
    -- In the order added: an emoji's users are listed oldest first.
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    emoji      TEXT NOT NULL,
    -- Where the emoji stands among the message's: kept while anyone still has it on, so
    -- emoji stay in the order each was first used however users toggle (see addReaction).
    emoji_position INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX message_reactions_by_message ON message_reactions(message_id, user_id, emoji);
  CREATE TABLE direct_message_reactions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id INTEGER NOT NULL REFERENCES direct_messages(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    emoji      TEXT NOT NULL,
    emoji_position INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX direct_message_reactions_by_message ON direct_message_reactions(message_id, user_id, emoji);
  CREATE TABLE message_mentions (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    -- Where in the body the user is first mentioned: mentions are listed in this order.
    position   INTEGER NOT NULL,
    PRIMARY KEY (message_id, user_id)
  );
  -- The mentions of one user, newest message last: what counts a user's unread mentions.
  CREATE INDEX message_mentions_by_user ON message_mentions(user_id, message_id);
  `,
  // 6: read markers, one per user per channel and per direct conversation:
  // the newest message id read there. No reference to the message, which the
  // cap may remove while the marker stays.
  `
  CREATE TABLE channel_read_markers (
    user_id      INTEGER NOT NULL REFERENCES users(id),
    channel_id   INTEGER NOT NULL REFERENCES channels(id),
    last_read_id INTEGER NOT NULL,
    PRIMARY KEY (user_id, channel_id)
  );
  CREATE TABLE direct_read_markers (
    user_id       INTEGER NOT NULL REFERENCES users(id),
    -- The other user of the conversation (the user themself for notes to oneself).
    other_user_id INTEGER NOT NULL REFERENCES users(id),
    last_read_id  INTEGER NOT NULL,
    PRIMARY KEY (user_id, other_user_id)
  );
  `,
  // 7: search. Each message keeps the words it is found by (the domain's
  // indexedWords: letters and digits, folded, one space apart), written by
  // the same statements that insert, edit and delete it; an external-content
  // FTS5 table indexes that column, kept in step by triggers, so a prune
  // forgets what it removes in its own statement. The words are folded
  // already, so the tokenizer must only split at the spaces: `ascii` does
  // exactly that (every non-ASCII character is part of a word), where
  // unicode61 would fold some letters again and find what PostgreSQL and
  // the memory store do not.
  (db) => {
    db.exec(`
      ALTER TABLE messages ADD COLUMN search_words TEXT NOT NULL DEFAULT '';
      ALTER TABLE direct_messages ADD COLUMN search_words TEXT NOT NULL DEFAULT '';
    `);
    for (const table of ['messages', 'direct_messages'] as const) {
      const rows = db.prepare(`SELECT id, body FROM ${table} WHERE NOT deleted`).all() as { id: number; body: string }[];
      const update = db.prepare(`UPDATE ${table} SET search_words = ? WHERE id = ?`);
      for (const row of fillSearchWords(rows)) update.run(row.words, row.id);
    }
    for (const [table, index] of [
      ['messages', 'message_search'],
      ['direct_messages', 'direct_message_search'],
    ] as const)
      db.exec(`
        CREATE VIRTUAL TABLE ${index} USING fts5(search_words, content='${table}', content_rowid='id', tokenize='ascii');
        INSERT INTO ${index}(${index}) VALUES ('rebuild');
        CREATE TRIGGER ${table}_search_insert AFTER INSERT ON ${table} BEGIN
          INSERT INTO ${index}(rowid, search_words) VALUES (new.id, new.search_words);
        END;
        CREATE TRIGGER ${table}_search_delete AFTER DELETE ON ${table} BEGIN
          INSERT INTO ${index}(${index}, rowid, search_words) VALUES ('delete', old.id, old.search_words);
        END;
        CREATE TRIGGER ${table}_search_update AFTER UPDATE OF search_words ON ${table} BEGIN
          INSERT INTO ${index}(${index}, rowid, search_words) VALUES ('delete', old.id, old.search_words);
          INSERT INTO ${index}(rowid, search_words) VALUES (new.id, new.search_words);
        END;
      `);
  },
  // 8: the search index written in batches, behind the sends (search-indexer.ts).
  // FTS5 writes a segment per transaction and tokenises per row: done for each
  // send it cost about a fifth of the send. search_index_state records, per
  // table, the highest id the index holds: every row at this migration. Rows
  // above it are indexed later, all at once; until then they are in the table
  // only, so the delete and update triggers act on indexed rows alone (an FTS5
  // 'delete' of a row an external-content index never held corrupts it). Ids
  // are AUTOINCREMENT, never reused, so one number per table says it all.
  (db) => {
    db.exec(`
      CREATE TABLE search_index_state (
        content_table   TEXT PRIMARY KEY,
        indexed_through INTEGER NOT NULL
      );
    `);
    for (const [table, index] of [
      ['messages', 'message_search'],
      ['direct_messages', 'direct_message_search'],
    ] as const) {
      const indexed = `old.id <= (SELECT indexed_through FROM search_index_state WHERE content_table = '${table}')`;
      db.exec(`
        INSERT INTO search_index_state (content_table, indexed_through) VALUES ('${table}', (SELECT COALESCE(max(id), 0) FROM ${table}));
        DROP TRIGGER ${table}_search_insert;
        DROP TRIGGER ${table}_search_delete;
        DROP TRIGGER ${table}_search_update;
        CREATE TRIGGER ${table}_search_delete AFTER DELETE ON ${table} WHEN ${indexed} BEGIN
          INSERT INTO ${index}(${index}, rowid, search_words) VALUES ('delete', old.id, old.search_words);
        END;
        CREATE TRIGGER ${table}_search_update AFTER UPDATE OF search_words ON ${table} WHEN ${indexed} BEGIN
          INSERT INTO ${index}(${index}, rowid, search_words) VALUES ('delete', old.id, old.search_words);
          INSERT INTO ${index}(rowid, search_words) VALUES (new.id, new.search_words);
        END;
      `);
    }
  },
];
