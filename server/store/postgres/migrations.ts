import type pg from 'pg';
import { assignNameSkeletons } from '../name-skeletons.js';
import { fillSearchWords } from '../search-words-backfill.js';

/** A step of the schema: SQL, or code for what SQL cannot compute (Unicode skeletons). */
export type PostgresMigration = string | ((client: pg.ClientBase) => Promise<void>);

/**
 * The PostgreSQL schema, one entry per version, the same tables and rules as
 * SQLite's. `schema_migrations` records which versions a database has. Never
 * edit an entry that has shipped: add a new one.
 */
export const postgresMigrations: readonly PostgresMigration[] = [
  `
  CREATE TABLE users (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL,
    name_key   text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL
  );
  CREATE TABLE sessions (
    id           bigserial PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users(id),
    token_hash   text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz NOT NULL,
    ended_at     timestamptz
  );
  CREATE INDEX sessions_live_by_user ON sessions(user_id) WHERE ended_at IS NULL;
  CREATE TABLE channels (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL,
    name_key   text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL
  );
  CREATE TABLE messages (
    id         bigserial PRIMARY KEY,
    channel_id bigint NOT NULL REFERENCES channels(id),
    author_id  bigint NOT NULL REFERENCES users(id),
    body       text NOT NULL,
    client_id  text,
    created_at timestamptz NOT NULL
  );
  CREATE INDEX messages_by_channel ON messages(channel_id, id);
  CREATE UNIQUE INDEX messages_idempotency ON messages(channel_id, author_id, client_id) WHERE client_id IS NOT NULL;
  CREATE TABLE direct_messages (
    id           bigserial PRIMARY KEY,
    sender_id    bigint NOT NULL REFERENCES users(id),
    recipient_id bigint NOT NULL REFERENCES users(id),
    -- The pair in a fixed order, so one index serves a conversation both ways.
    user_low     bigint NOT NULL,
    user_high    bigint NOT NULL,
    body         text NOT NULL,
    client_id    text,
    created_at   timestamptz NOT NULL
  );
  CREATE INDEX direct_messages_by_pair ON direct_messages(user_low, user_high, id);
  CREATE INDEX direct_messages_by_sender ON direct_messages(sender_id, id);
  CREATE INDEX direct_messages_by_recipient ON direct_messages(recipient_id, id);
  CREATE UNIQUE INDEX direct_messages_idempotency ON direct_messages(sender_id, recipient_id, client_id) WHERE client_id IS NOT NULL;
  INSERT INTO channels (name, name_key, created_at) VALUES ('general', 'general', now());
  `,
  // 2: names compared by their confusable skeleton, users that end with their
  // name, passwords. See the SQLite migration for what each column means.
  async (client) => {
    await client.query(`
      ALTER TABLE users DROP CONSTRAINT users_name_key_key;
      ALTER TABLE users ADD COLUMN skeleton text, ADD COLUMN claim_key text UNIQUE,
        ADD COLUMN password_hash text, ADD COLUMN ended_at timestamptz;
      CREATE INDEX users_by_name_key ON users(name_key);
      ALTER TABLE channels ADD COLUMN skeleton text, ADD COLUMN claim_key text UNIQUE;
    `);
    for (const table of ['users', 'channels'] as const) {
      const { rows } = await client.query<{ id: string; name: string }>(`SELECT id, name FROM ${table} ORDER BY id`);
      for (const row of assignNameSkeletons(rows))
        await client.query(`UPDATE ${table} SET skeleton = $1, claim_key = $2 WHERE id = $3`, [row.skeleton, row.claimKey, row.id]);
    }
    await client.query(`
      ALTER TABLE users ALTER COLUMN skeleton SET NOT NULL;
      CREATE INDEX users_live_by_skeleton ON users(skeleton) WHERE ended_at IS NULL;
    `);
  },
  // 3: one row that /healthz writes, to learn whether the database can store right now.
  `
  CREATE TABLE health (
    id         integer PRIMARY KEY CHECK (id = 1),
    checked_at timestamptz NOT NULL
  );
  INSERT INTO health (id, checked_at) VALUES (1, now());
  `,
  // 4: the outbox, for events published after commit through a transport that can fail (Redis).
  `
  CREATE TABLE event_outbox (
    id         bigserial PRIMARY KEY,
    events     jsonb NOT NULL,
    created_at timestamptz NOT NULL
  );
  `,
  // 5: the channels' claim key index under SQLite's name for it (migration 2
  // let PostgreSQL name it after its UNIQUE), so that both schemas read alike.
  `ALTER INDEX channels_claim_key_key RENAME TO channels_by_claim_key;`,
  // 6: messages that live: edits, deletions, reactions and mentions, as
  // SQLite's migration 5. Every existing message stays as sent: version 1,
  // not deleted, no reactions (a column with a constant default is filled
  // without rewriting the table).
  `
  ALTER TABLE messages ADD COLUMN edited_at timestamptz,
    ADD COLUMN deleted boolean NOT NULL DEFAULT false, ADD COLUMN version integer NOT NULL DEFAULT 1;
  ALTER TABLE direct_messages ADD COLUMN edited_at timestamptz,
    ADD COLUMN deleted boolean NOT NULL DEFAULT false, ADD COLUMN version integer NOT NULL DEFAULT 1;
  CREATE TABLE message_reactions (
    id         bigserial PRIMARY KEY,
    message_id bigint NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id),
    emoji      text NOT NULL,
    emoji_position integer NOT NULL,
    created_at timestamptz NOT NULL
  );
  CREATE UNIQUE INDEX message_reactions_by_message ON message_reactions(message_id, user_id, emoji);
  CREATE TABLE direct_message_reactions (
    id         bigserial PRIMARY KEY,
    message_id bigint NOT NULL REFERENCES direct_messages(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id),
    emoji      text NOT NULL,
    emoji_position integer NOT NULL,
    created_at timestamptz NOT NULL
  );
  CREATE UNIQUE INDEX direct_message_reactions_by_message ON direct_message_reactions(message_id, user_id, emoji);
  CREATE TABLE message_mentions (
    message_id bigint NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id),
    position   integer NOT NULL,
    PRIMARY KEY (message_id, user_id)
  );
  CREATE INDEX message_mentions_by_user ON message_mentions(user_id, message_id);
  `,
  // 7: read markers, as SQLite's migration 6.
  `
  CREATE TABLE channel_read_markers (
    user_id      bigint NOT NULL REFERENCES users(id),
    channel_id   bigint NOT NULL REFERENCES channels(id),
    last_read_id bigint NOT NULL,
    PRIMARY KEY (user_id, channel_id)
  );
  CREATE TABLE direct_read_markers (
    user_id       bigint NOT NULL REFERENCES users(id),
    other_user_id bigint NOT NULL REFERENCES users(id),
    last_read_id  bigint NOT NULL,
    PRIMARY KEY (user_id, other_user_id)
  );
  `,
  // 8: search, as SQLite's migration 7: each message keeps the words it is
  // found by, written by the statements that write it. A GIN index over them
  // as a tsvector (array_to_tsvector: the words are the lexemes, untouched
  // by any parser or dictionary, so PostgreSQL matches exactly as SQLite and
  // the memory store) serves prefix queries ('cafe':*); a prune removes the
  // rows and their index entries in its own statement.
  async (client) => {
    await client.query(`
      ALTER TABLE messages ADD COLUMN search_words text NOT NULL DEFAULT '';
      ALTER TABLE direct_messages ADD COLUMN search_words text NOT NULL DEFAULT '';
    `);
    for (const table of ['messages', 'direct_messages'] as const) {
      const { rows } = await client.query<{ id: string; body: string }>(`SELECT id, body FROM ${table} WHERE NOT deleted`);
      const filled = fillSearchWords(rows).filter((row) => row.words !== '');
      // A thousand rows a statement: one round trip per row would make a large database's upgrade slow.
      for (let start = 0; start < filled.length; start += 1000) {
        const batch = filled.slice(start, start + 1000);
        await client.query(
          `UPDATE ${table} t SET search_words = v.words FROM unnest($1::bigint[], $2::text[]) AS v(id, words) WHERE t.id = v.id`,
          [batch.map((row) => row.id), batch.map((row) => row.words)],
        );
      }
    }
    await client.query(`
      CREATE INDEX messages_search ON messages USING gin (array_to_tsvector(string_to_array(search_words, ' ')));
      CREATE INDEX direct_messages_search ON direct_messages USING gin (array_to_tsvector(string_to_array(search_words, ' ')));
    `);
  },
];

/** Any constant works, as long as nothing else in the database takes the same advisory lock. */
const MIGRATION_LOCK_KEY = 7_305_202_611;

/**
 * Brings the database up to the newest schema. Runs under a session-level
 * advisory lock, so that when several instances start at once one migrates
 * and the others wait, then find nothing left to do.
 */
export async function migratePostgres(client: pg.ClientBase): Promise<{ from: number; to: number }> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
    const from = rows[0]?.version ?? 0;
    if (from > postgresMigrations.length)
      throw new Error(
        `The database is at schema version ${from}, newer than this server knows (${postgresMigrations.length}). Run a newer Flask-Chat, or point DATABASE_URL at another database.`,
      );
    for (let next = from; next < postgresMigrations.length; next++) {
      await client.query('BEGIN');
      try {
        const step = postgresMigrations[next]!;
        if (typeof step === 'string') await client.query(step);
        else await step(client);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [next + 1]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return { from, to: postgresMigrations.length };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}
