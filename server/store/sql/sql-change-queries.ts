import type { MentionRow, ReactionRow } from './sql-rows.js';
import { statement } from './sql-statement.js';

/**
 * The statements of what happens to a message after it is sent: its
 * reactions and mentions, read for a whole list at once, and the writes of an
 * edit, a deletion and a reaction. Each is written once and made for both
 * kinds of message from their tables, which differ only by name.
 */

type Id = string;
type Time = string;

/** Where one kind of message is kept. */
interface Tables {
  readonly prefix: string;
  readonly messages: string;
  readonly reactions: string;
}

const CHANNEL: Tables = { prefix: 'message', messages: 'messages', reactions: 'message_reactions' };
const DIRECT: Tables = { prefix: 'direct', messages: 'direct_messages', reactions: 'direct_message_reactions' };

/**
 * The reactions of the messages of a list, in one statement: the list's own
 * condition (`scope`, on messages `x`) and its first and last id find its
 * messages by the index the list was read by, then their reactions by
 * message. Listed by message, by the emoji's place, then in the order added.
 */
const reactionsIn = <P extends Record<string, string>>(name: string, tables: Tables, scope: string) =>
  statement<P & { first: Id; last: Id }, ReactionRow>(
    name,
    `SELECT r.message_id, r.emoji, u.id AS user_id, u.name, u.password_hash IS NOT NULL AS protected
     FROM ${tables.messages} x JOIN ${tables.reactions} r ON r.message_id = x.id JOIN users u ON u.id = r.user_id
     WHERE ${scope} AND x.id BETWEEN :first AND :last ORDER BY r.message_id, r.emoji_position, r.id`,
  );

export const channelReactions = reactionsIn<{ channel: Id }>('channel_reactions', CHANNEL, 'x.channel_id = :channel');
export const conversationReactions = reactionsIn<{ low: Id; high: Id }>(
  'conversation_reactions',
  DIRECT,
  'x.user_low = :low AND x.user_high = :high',
);
export const userDirectReactions = reactionsIn<{ user: Id }>(
  'user_direct_reactions',
  DIRECT,
  '(x.sender_id = :user OR x.recipient_id = :user)',
);

export const channelMentions = statement<{ channel: Id; first: Id; last: Id }, MentionRow>(
  'channel_mentions',
  `SELECT mm.message_id, mm.position, u.id AS user_id, u.name, u.password_hash IS NOT NULL AS protected
   FROM messages x JOIN message_mentions mm ON mm.message_id = x.id JOIN users u ON u.id = mm.user_id
   WHERE x.channel_id = :channel AND x.id BETWEEN :first AND :last ORDER BY mm.message_id, mm.position`,
);

/** A message's mentions, from a JSON array of user ids in the order first mentioned; returns them with their users. */
export const insertMentions = statement<{ message: Id; ids: string }, MentionRow>(
  'insert_mentions',
  (dialect) =>
    `INSERT INTO message_mentions (message_id, user_id, position)
     SELECT CAST(:message AS bigint), ids.id, ids.position FROM ${dialect.idList(':ids')} ids
     RETURNING message_id, position, user_id,
       (SELECT name FROM users WHERE users.id = message_mentions.user_id) AS name,
       (SELECT password_hash IS NOT NULL FROM users WHERE users.id = message_mentions.user_id) AS protected`,
);
export const removeMentions = statement<{ id: Id }>('remove_mentions', `DELETE FROM message_mentions WHERE message_id = :id`);

/** The writes of a change, for one kind of message. Each that changes the message adds one to its version. */
const writesOf = (tables: Tables) => ({
  /** `words`: the new body's indexedWords, so search finds the message by what it now says. */
  edit: statement<{ id: Id; body: string; words: string; now: Time }>(
    `edit_${tables.prefix}`,
    `UPDATE ${tables.messages} SET body = :body, search_words = :words, edited_at = :now, version = version + 1 WHERE id = :id`,
  ),
  /** Nothing when deleted already: deleting twice changes nothing. A deleted message is found by nothing. */
  delete: statement<{ id: Id }>(
    `delete_${tables.prefix}`,
    `UPDATE ${tables.messages} SET body = '', search_words = '', deleted = TRUE, version = version + 1 WHERE id = :id AND NOT deleted`,
  ),
  removeReactions: statement<{ id: Id }>(`remove_${tables.prefix}_reactions`, `DELETE FROM ${tables.reactions} WHERE message_id = :id`),
  /**
   * Nothing when this user's emoji is there already. An emoji someone has on
   * keeps its place; a new one goes last. (Changes of a message run one at a
   * time under its sends' lock, so two cannot take one place.)
   */
  addReaction: statement<{ id: Id; user: Id; emoji: string; now: Time }>(
    `add_${tables.prefix}_reaction`,
    `INSERT INTO ${tables.reactions} (message_id, user_id, emoji, emoji_position, created_at)
     VALUES (:id, :user, :emoji, COALESCE(
       (SELECT min(emoji_position) FROM ${tables.reactions} WHERE message_id = :id AND emoji = :emoji),
       (SELECT COALESCE(max(emoji_position), 0) + 1 FROM ${tables.reactions} WHERE message_id = :id)), :now)
     ON CONFLICT DO NOTHING`,
  ),
  removeReaction: statement<{ id: Id; user: Id; emoji: string }>(
    `remove_${tables.prefix}_reaction`,
    `DELETE FROM ${tables.reactions} WHERE message_id = :id AND user_id = :user AND emoji = :emoji`,
  ),
  bumpVersion: statement<{ id: Id }>(`bump_${tables.prefix}_version`, `UPDATE ${tables.messages} SET version = version + 1 WHERE id = :id`),
});

export type ChangeWrites = ReturnType<typeof writesOf>;

export const channelWrites: ChangeWrites = writesOf(CHANNEL);
export const directWrites: ChangeWrites = writesOf(DIRECT);
