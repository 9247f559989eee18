import { DIRECT_COLUMNS, DIRECT_FROM } from './sql-queries.js';
import type { DirectMessageRow, SqlFlag, SqlId } from './sql-rows.js';
import { statement } from './sql-statement.js';

/**
 * Read markers and unread counts. A marker only moves forward: its upsert
 * keeps the larger id, and PostgreSQL's ON CONFLICT locks the row, so two
 * instances moving one marker at once end at the larger of the two.
 * Unread are the retained messages after the marker that are not deleted and
 * that someone else wrote.
 */

type Id = string;

export interface LastReadRow {
  readonly last_read_id: SqlId;
}

export interface PositionRow {
  readonly oldest_id: SqlId | null;
  readonly newest_id: SqlId | null;
  readonly retained: SqlFlag;
}

export interface ChannelMarkerRow {
  readonly channel_id: SqlId;
  readonly last_read_id: SqlId;
}

export interface ChannelCountRow {
  readonly channel_id: SqlId;
  readonly unread_count: SqlId;
  readonly mention_count: SqlId;
}

export interface ConversationRow {
  readonly newest_id: SqlId;
  readonly last_read_id: SqlId | null;
  readonly unread_count: SqlId;
}

/** Keeps the larger of the stored and the new id, in SQL both engines accept (SQLite has no GREATEST). */
const FORWARD_ONLY = `CASE WHEN excluded.last_read_id > r.last_read_id THEN excluded.last_read_id ELSE r.last_read_id END`;

const channelMarkerUpsert = `INSERT INTO channel_read_markers AS r (user_id, channel_id, last_read_id) VALUES (:user, :channel, CAST(:id AS bigint))
   ON CONFLICT (user_id, channel_id) DO UPDATE SET last_read_id = ${FORWARD_ONLY}`;
const directMarkerUpsert = `INSERT INTO direct_read_markers AS r (user_id, other_user_id, last_read_id) VALUES (:user, :other, CAST(:id AS bigint))
   ON CONFLICT (user_id, other_user_id) DO UPDATE SET last_read_id = ${FORWARD_ONLY}`;

export const moveChannelMarker = statement<{ user: Id; channel: Id; id: Id }, LastReadRow>(
  'move_channel_marker',
  `${channelMarkerUpsert} RETURNING last_read_id`,
);
export const moveDirectMarker = statement<{ user: Id; other: Id; id: Id }, LastReadRow>(
  'move_direct_marker',
  `${directMarkerUpsert} RETURNING last_read_id`,
);

/**
 * The same moves inside a send, where nothing reads the result: without
 * RETURNING, SQLite's upsert does about half the work, on every send.
 */
export const advanceChannelMarker = statement<{ user: Id; channel: Id; id: Id }>('advance_channel_marker', channelMarkerUpsert);
export const advanceDirectMarker = statement<{ user: Id; other: Id; id: Id }>('advance_direct_marker', directMarkerUpsert);

export const channelPosition = statement<{ channel: Id; id: Id }, PositionRow>(
  'channel_message_position',
  `SELECT (SELECT min(id) FROM messages WHERE channel_id = :channel) AS oldest_id,
     (SELECT max(id) FROM messages WHERE channel_id = :channel) AS newest_id,
     EXISTS (SELECT 1 FROM messages WHERE channel_id = :channel AND id = CAST(:id AS bigint)) AS retained`,
);

export const directPosition = statement<{ low: Id; high: Id; id: Id }, PositionRow>(
  'direct_message_position',
  `SELECT (SELECT min(id) FROM direct_messages WHERE user_low = :low AND user_high = :high) AS oldest_id,
     (SELECT max(id) FROM direct_messages WHERE user_low = :low AND user_high = :high) AS newest_id,
     EXISTS (SELECT 1 FROM direct_messages WHERE user_low = :low AND user_high = :high AND id = CAST(:id AS bigint)) AS retained`,
);

/** The user's markers in the listed channels (a JSON array of ids). */
export const channelMarkers = statement<{ user: Id; ids: string }, ChannelMarkerRow>(
  'channel_markers',
  (dialect) =>
    `SELECT r.channel_id, r.last_read_id FROM channel_read_markers r JOIN ${dialect.idList(':ids')} ids ON ids.id = r.channel_id
     WHERE r.user_id = :user`,
);

/** Unread and mentioning messages of the listed channels, in one grouped pass; a channel with none has no row. */
export const channelCounts = statement<{ user: Id; ids: string }, ChannelCountRow>(
  'channel_counts',
  (dialect) =>
    `SELECT m.channel_id, count(*) AS unread_count, count(mm.user_id) AS mention_count
     FROM ${dialect.idList(':ids')} ids
     JOIN messages m ON m.channel_id = ids.id
     LEFT JOIN channel_read_markers r ON r.user_id = :user AND r.channel_id = m.channel_id
     LEFT JOIN message_mentions mm ON mm.message_id = m.id AND mm.user_id = :user
     WHERE m.id > coalesce(r.last_read_id, 0) AND m.author_id <> :user AND NOT m.deleted
     GROUP BY m.channel_id`,
);

/**
 * The user's conversations, the most recently active first: the newest
 * message's id, the marker, the unread count. Found by sender and by
 * recipient, which have an index each (the pair's index leads with user_low).
 */
export const conversations = statement<{ user: Id }, ConversationRow>(
  'direct_conversations',
  `SELECT p.newest_id, r.last_read_id,
     (SELECT count(*) FROM direct_messages d
      WHERE d.user_low = p.user_low AND d.user_high = p.user_high AND d.sender_id <> :user
        AND d.id > coalesce(r.last_read_id, 0) AND NOT d.deleted) AS unread_count
   FROM (SELECT user_low, user_high, max(id) AS newest_id FROM direct_messages
         WHERE sender_id = :user OR recipient_id = :user GROUP BY user_low, user_high) p
   LEFT JOIN direct_read_markers r ON r.user_id = :user
     AND r.other_user_id = CASE WHEN p.user_low = :user THEN p.user_high ELSE p.user_low END
   ORDER BY p.newest_id DESC`,
);

/** Unread messages of one conversation after an id: what a marker that just moved leaves unread. */
export const directUnreadAfter = statement<{ user: Id; low: Id; high: Id; after: Id }, { readonly unread_count: SqlId }>(
  'direct_unread_after',
  `SELECT count(*) AS unread_count FROM direct_messages d
   WHERE d.user_low = :low AND d.user_high = :high AND d.sender_id <> :user AND d.id > CAST(:after AS bigint) AND NOT d.deleted`,
);

/** The listed direct messages (a JSON array of ids), in id order. */
export const directMessagesByIds = statement<{ ids: string }, DirectMessageRow>(
  'direct_messages_by_ids',
  (dialect) => `SELECT ${DIRECT_COLUMNS} FROM ${DIRECT_FROM} JOIN ${dialect.idList(':ids')} ids ON ids.id = d.id ORDER BY d.id`,
);
