import type { DirectMessageRow, MentionRow, MessageRow, ReactionRow } from './sql-rows.js';
import { DIRECT_COLUMNS, DIRECT_FROM, MESSAGE_COLUMNS, MESSAGE_FROM } from './sql-queries.js';
import { statement, type Dialect } from './sql-statement.js';

/**
 * The statements of search. Each message keeps `search_words`, the domain's
 * indexedWords of its body; SQLite indexes it with FTS5, PostgreSQL with a
 * GIN index on it as a tsvector (see the migrations). `:words` is a JSON
 * array of the searched words, which the statement itself turns into its
 * engine's query, every word as a prefix and all of them required, so no
 * character of what a user typed is ever read as query syntax (the words
 * hold letters and digits only, and are quoted besides).
 */

type Id = string;

/** FTS5: `"cafe"* "au"*`, an implicit AND of prefix phrases. */
const ftsQuery = `(SELECT group_concat('"' || replace(value, '"', '""') || '"*', ' ') FROM json_each(:words))`;
/** tsquery: `'cafe':* & 'au':*`. */
const tsQuery = `CAST((SELECT string_agg(quote_literal(w) || ':*', ' & ') FROM jsonb_array_elements_text(CAST(:words AS jsonb)) w) AS tsquery)`;
/** The expression PostgreSQL's index is built on: the words, as lexemes, untouched by any parser. */
const tsVector = (alias: string) => `array_to_tsvector(string_to_array(${alias}.search_words, ' '))`;

interface Searched {
  readonly index: string;
  readonly table: string;
  readonly alias: string;
  readonly columns: string;
  /** The FROM of a list, after its first table. */
  readonly joins: string;
}

const CHANNEL: Searched = {
  index: 'message_search',
  table: 'messages',
  alias: 'm',
  columns: MESSAGE_COLUMNS,
  joins: MESSAGE_FROM.replace(/^messages m/, ''),
};
const DIRECT: Searched = {
  index: 'direct_message_search',
  table: 'direct_messages',
  alias: 'd',
  columns: DIRECT_COLUMNS,
  joins: DIRECT_FROM.replace(/^direct_messages d/, ''),
};

/** Newest first, never a deleted message (whose words are '' anyway), at most `:first`, within `scope`. */
const search = (searched: Searched, scope: string) => (dialect: Dialect) => {
  const { index, table, alias, columns, joins } = searched;
  const where = `NOT ${alias}.deleted ${scope}`;
  // SQLite: ordered by the FTS5 table's rowid (the message id), which FTS5 hands out in that order, so
  // the newest matches stream out and the LIMIT stops the scan, rather than all of them being sorted.
  return dialect.engine === 'sqlite'
    ? `SELECT ${columns} FROM ${index} JOIN ${table} ${alias} ON ${alias}.id = ${index}.rowid ${joins}
       WHERE ${index} MATCH ${ftsQuery} AND ${where} ORDER BY ${index}.rowid DESC LIMIT :first`
    : `SELECT ${columns} FROM ${table} ${alias} ${joins} WHERE ${tsVector(alias)} @@ ${tsQuery} AND ${where}
       ORDER BY ${alias}.id DESC LIMIT :first`;
};

/** `words`: a JSON array of the searched words. */
type SearchParams = { readonly words: string; readonly first: number };

export const searchMessages = statement<SearchParams, MessageRow>('search_messages', search(CHANNEL, ''));
export const searchChannelMessages = statement<SearchParams & { channel: Id }, MessageRow>(
  'search_channel_messages',
  search(CHANNEL, 'AND m.channel_id = :channel'),
);
export const searchUserDirect = statement<SearchParams & { user: Id }, DirectMessageRow>(
  'search_user_direct',
  search(DIRECT, 'AND (d.sender_id = :user OR d.recipient_id = :user)'),
);
export const searchConversation = statement<SearchParams & { low: Id; high: Id }, DirectMessageRow>(
  'search_conversation',
  search(DIRECT, 'AND d.user_low = :low AND d.user_high = :high'),
);

// The state of a list in any order (search results span channels): by a JSON array of its ids. -------

const reactionsOfListed = (name: string, reactions: string) =>
  statement<{ ids: string }, ReactionRow>(
    name,
    (dialect) =>
      `SELECT r.message_id, r.emoji, u.id AS user_id, u.name, u.password_hash IS NOT NULL AS protected
       FROM ${reactions} r JOIN users u ON u.id = r.user_id
       WHERE r.message_id IN (SELECT ids.id FROM ${dialect.idList(':ids')} ids) ORDER BY r.message_id, r.emoji_position, r.id`,
  );

export const listedMessageReactions = reactionsOfListed('listed_message_reactions', 'message_reactions');
export const listedDirectReactions = reactionsOfListed('listed_direct_reactions', 'direct_message_reactions');
export const listedMessageMentions = statement<{ ids: string }, MentionRow>(
  'listed_message_mentions',
  (dialect) =>
    `SELECT mm.message_id, mm.position, u.id AS user_id, u.name, u.password_hash IS NOT NULL AS protected
     FROM message_mentions mm JOIN users u ON u.id = mm.user_id
     WHERE mm.message_id IN (SELECT ids.id FROM ${dialect.idList(':ids')} ids) ORDER BY mm.message_id, mm.position`,
);
