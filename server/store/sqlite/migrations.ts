/**
 * The SQLite schema, one entry per version. Applied in order at start-up;
 * PRAGMA user_version records how far a database has come. Never edit an entry
 * that has shipped: add a new one.
 */
export const sqliteMigrations: readonly string[] = [
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
];
