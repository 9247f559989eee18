import type {
  CandidateRow,
  ChannelRow,
  DirectMessageRow,
  IdRow,
  MessageRow,
  OutboxRow,
  PasswordRow,
  SessionRow,
  UserRow,
} from './sql-rows.js';
import { statement } from './sql-statement.js';

/**
 * The statements both stores run, in SQL that SQLite and PostgreSQL both
 * accept (see sql-statement.ts). Ids are passed as decimal strings,
 * timestamps as ISO 8601 strings: SQLite stores them as they are,
 * PostgreSQL parses them into timestamptz.
 */

const USER_COLUMNS = `id, name, password_hash IS NOT NULL AS protected`;
export const MESSAGE_COLUMNS = `m.id, m.channel_id, m.body, m.client_id, m.created_at, m.edited_at, m.deleted, m.version,
  u.id AS author_id, u.name AS author_name, u.password_hash IS NOT NULL AS author_protected`;
export const MESSAGE_FROM = `messages m JOIN users u ON u.id = m.author_id`;
export const DIRECT_COLUMNS = `d.id, d.body, d.client_id, d.created_at, d.edited_at, d.deleted, d.version,
  f.id AS from_id, f.name AS from_name, f.password_hash IS NOT NULL AS from_protected,
  t.id AS to_id, t.name AS to_name, t.password_hash IS NOT NULL AS to_protected`;
export const DIRECT_FROM = `direct_messages d JOIN users f ON f.id = d.sender_id JOIN users t ON t.id = d.recipient_id`;

/** A user's columns for RETURNING, which can name only the row written: the user is read by a subquery. */
const returningUser = (column: string, as: string) =>
  `(SELECT name FROM users WHERE users.id = ${column}) AS ${as}_name,
   (SELECT password_hash IS NOT NULL FROM users WHERE users.id = ${column}) AS ${as}_protected`;

type Id = string;
type Time = string;

// Users and sessions -----------------------------------------------------------

export const claimCandidates = statement<{ key: string; skeleton: string }, CandidateRow>(
  'claim_candidates',
  `SELECT u.id, u.name, u.name_key, u.password_hash, s.id AS session_id, s.last_used_at
   FROM users u LEFT JOIN sessions s ON s.user_id = u.id AND s.ended_at IS NULL
   WHERE u.ended_at IS NULL AND (u.name_key = :key OR u.skeleton = :skeleton) ORDER BY u.id, s.id`,
);
export const insertUser = statement<{ name: string; key: string; skeleton: string; now: Time }, IdRow>(
  'insert_user',
  // claim_key is the skeleton while this user holds it alone.
  `INSERT INTO users (name, name_key, skeleton, claim_key, created_at) VALUES (:name, :key, :skeleton, :skeleton, :now)
   RETURNING id`,
);
export const endUser = statement<{ id: Id; now: Time }>(
  'end_user',
  `UPDATE users SET ended_at = :now, claim_key = NULL WHERE id = :id AND ended_at IS NULL`,
);
export const releaseUser = statement<{ id: Id; now: Time }>(
  'release_user',
  `UPDATE users SET ended_at = :now, claim_key = NULL WHERE id = :id AND ended_at IS NULL AND password_hash IS NULL`,
);
export const restyleUser = statement<{ id: Id; name: string; key: string }>(
  'restyle_user',
  // The same name restyled ("ada" → "Ada"); a look-alike spelling never renames, nor does a protected name change.
  `UPDATE users SET name = :name WHERE id = :id AND name_key = :key AND name <> :name AND password_hash IS NULL`,
);
export const user = statement<{ id: Id }, UserRow>('user', `SELECT ${USER_COLUMNS} FROM users WHERE id = :id`);
export const setPassword = statement<{ id: Id; hash: string }>(
  'set_password',
  `UPDATE users SET password_hash = :hash WHERE id = :id AND ended_at IS NULL`,
);
export const passwordOf = statement<{ id: Id }, PasswordRow>('password_of', `SELECT password_hash FROM users WHERE id = :id`);
export const liveUserByName = statement<{ key: string; skeleton: string }, UserRow>(
  'live_user_by_name',
  // The very name first, else the oldest look-alike.
  `SELECT ${USER_COLUMNS} FROM users WHERE ended_at IS NULL AND (name_key = :key OR skeleton = :skeleton)
   ORDER BY name_key = :key DESC, id LIMIT 1`,
);
export const endedUserByName = statement<{ key: string }, UserRow>(
  'ended_user_by_name',
  `SELECT ${USER_COLUMNS} FROM users WHERE name_key = :key ORDER BY id DESC LIMIT 1`,
);
export const insertSession = statement<{ userId: Id; tokenHash: string; now: Time }, IdRow>(
  'insert_session',
  `INSERT INTO sessions (user_id, token_hash, created_at, last_used_at) VALUES (:userId, :tokenHash, :now, :now) RETURNING id`,
);
export const endSession = statement<{ id: Id; now: Time }>(
  'end_session',
  `UPDATE sessions SET ended_at = :now WHERE id = :id AND ended_at IS NULL`,
);
export const sessionByHash = statement<{ tokenHash: string }, SessionRow>(
  'session_by_hash',
  `SELECT s.id, s.last_used_at, u.id AS user_id, u.name, u.password_hash IS NOT NULL AS protected
   FROM sessions s JOIN users u ON u.id = s.user_id
   WHERE s.token_hash = :tokenHash AND s.ended_at IS NULL`,
);
export const touchSession = statement<{ id: Id; now: Time }>(
  'touch_session',
  `UPDATE sessions SET last_used_at = :now WHERE id = :id AND ended_at IS NULL`,
);
export const partners = statement<{ user: Id }, UserRow>(
  'conversation_partners',
  `SELECT u.id, u.name, u.password_hash IS NOT NULL AS protected FROM (
     SELECT CASE WHEN sender_id = :user THEN recipient_id ELSE sender_id END AS other, max(id) AS newest
     FROM direct_messages WHERE sender_id = :user OR recipient_id = :user GROUP BY other
   ) p JOIN users u ON u.id = p.other ORDER BY p.newest DESC`,
);

// Channels -------------------------------------------------------------------

export const insertChannel = statement<{ name: string; key: string; skeleton: string; now: Time }, ChannelRow>(
  'insert_channel',
  // Either key taken (the name, or a look-alike of it) makes this insert nothing.
  `INSERT INTO channels (name, name_key, skeleton, claim_key, created_at) VALUES (:name, :key, :skeleton, :skeleton, :now)
   ON CONFLICT DO NOTHING RETURNING id, name, created_at`,
);
export const channels = statement<Record<never, never>, ChannelRow>(
  'channels',
  (dialect) => `SELECT id, name, created_at FROM channels ORDER BY name_key${dialect.byteOrder}, id`,
);
export const channel = statement<{ id: Id }, ChannelRow>('channel', `SELECT id, name, created_at FROM channels WHERE id = :id`);

// Channel messages ---------------------------------------------------------------

export const messageByClientId = statement<{ channel: Id; author: Id; clientId: string }, MessageRow>(
  'message_by_client_id',
  `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
   WHERE m.channel_id = :channel AND m.author_id = :author AND m.client_id = :clientId`,
);
/** `words`: the body's indexedWords, which search finds it by. */
export const insertMessage = statement<
  { channel: Id; author: Id; body: string; words: string; clientId: string | null; now: Time },
  MessageRow
>(
  'insert_message',
  `INSERT INTO messages (channel_id, author_id, body, search_words, client_id, created_at)
   VALUES (:channel, :author, :body, :words, :clientId, :now)
   RETURNING id, channel_id, body, client_id, created_at, edited_at, deleted, version,
     author_id, ${returningUser('messages.author_id', 'author')}`,
);
export const pruneMessages = statement<{ channel: Id; keep: number }>(
  'prune_messages',
  `DELETE FROM messages WHERE channel_id = :channel AND id <= (
     SELECT id FROM messages WHERE channel_id = :channel ORDER BY id DESC LIMIT 1 OFFSET :keep)`,
);
export const latestMessages = statement<{ channel: Id; last: number }, MessageRow>(
  'latest_messages',
  `SELECT * FROM (SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
   WHERE m.channel_id = :channel ORDER BY m.id DESC LIMIT :last) latest ORDER BY id`,
);
export const channelMessage = statement<{ channel: Id; id: Id }, MessageRow>(
  'channel_message',
  `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM} WHERE m.channel_id = :channel AND m.id = :id`,
);
export const messagesAfter = statement<{ channel: Id; after: Id }, MessageRow>(
  'messages_after',
  `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM} WHERE m.channel_id = :channel AND m.id > :after ORDER BY m.id`,
);

// Direct messages ----------------------------------------------------------------

export const directByClientId = statement<{ from: Id; to: Id; clientId: string }, DirectMessageRow>(
  'direct_by_client_id',
  `SELECT ${DIRECT_COLUMNS} FROM ${DIRECT_FROM} WHERE d.sender_id = :from AND d.recipient_id = :to AND d.client_id = :clientId`,
);
export const insertDirect = statement<
  { from: Id; to: Id; low: Id; high: Id; body: string; words: string; clientId: string | null; now: Time },
  DirectMessageRow
>(
  'insert_direct',
  `INSERT INTO direct_messages (sender_id, recipient_id, user_low, user_high, body, search_words, client_id, created_at)
   VALUES (:from, :to, :low, :high, :body, :words, :clientId, :now)
   RETURNING id, body, client_id, created_at, edited_at, deleted, version,
     sender_id AS from_id, ${returningUser('direct_messages.sender_id', 'from')},
     recipient_id AS to_id, ${returningUser('direct_messages.recipient_id', 'to')}`,
);
export const pruneDirect = statement<{ low: Id; high: Id; keep: number }>(
  'prune_direct',
  `DELETE FROM direct_messages WHERE user_low = :low AND user_high = :high AND id <= (
     SELECT id FROM direct_messages WHERE user_low = :low AND user_high = :high ORDER BY id DESC LIMIT 1 OFFSET :keep)`,
);
export const latestDirect = statement<{ low: Id; high: Id; last: number }, DirectMessageRow>(
  'latest_direct',
  `SELECT * FROM (SELECT ${DIRECT_COLUMNS} FROM ${DIRECT_FROM}
   WHERE d.user_low = :low AND d.user_high = :high ORDER BY d.id DESC LIMIT :last) latest ORDER BY id`,
);
export const directMessage = statement<{ id: Id }, DirectMessageRow>(
  'direct_message',
  `SELECT ${DIRECT_COLUMNS} FROM ${DIRECT_FROM} WHERE d.id = :id`,
);
export const anyDirect = statement<{ low: Id; high: Id }, { readonly one: number }>(
  'any_direct',
  `SELECT 1 AS one FROM direct_messages WHERE user_low = :low AND user_high = :high LIMIT 1`,
);
export const directAfter = statement<{ user: Id; after: Id }, DirectMessageRow>(
  'direct_after',
  `SELECT ${DIRECT_COLUMNS} FROM ${DIRECT_FROM}
   WHERE d.id > :after AND (d.sender_id = :user OR d.recipient_id = :user) ORDER BY d.id`,
);

// The outbox (writing an entry, and whether older ones wait, is each engine's own) -------------

export const pendingOutbox = statement<{ before: Time; limit: number }, OutboxRow>(
  'pending_outbox',
  `SELECT id, events FROM event_outbox WHERE created_at < :before ORDER BY id LIMIT :limit`,
);
