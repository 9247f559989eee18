import type { Channel, DirectMessage, Message, Reaction, User } from '../../domain/models.js';
import type { StoredClaimCandidate } from '../../domain/ports/store.port.js';

/**
 * Rows as the two drivers return them. better-sqlite3: INTEGER as a number,
 * timestamps as the ISO strings stored, booleans as 0/1, JSON as text.
 * node-postgres: bigint as a decimal string (ids keep every digit),
 * timestamptz as a Date, booleans as booleans, jsonb parsed.
 */
export type SqlId = number | string;
export type SqlTime = string | Date;
export type SqlFlag = number | boolean;

/** How one engine's values become the domain's. */
export interface RowReader {
  /** A timestamp column as the domain's ISO 8601 string. */
  time(value: SqlTime): string;
  /** A JSON column (text in SQLite, jsonb in PostgreSQL) as its value. */
  json(value: unknown): unknown;
}

export interface IdRow {
  readonly id: SqlId;
}

export interface UserRow {
  readonly id: SqlId;
  readonly name: string;
  readonly protected: SqlFlag;
}

export interface PasswordRow {
  readonly password_hash: string | null;
}

export interface CandidateRow {
  readonly id: SqlId;
  readonly name: string;
  readonly name_key: string;
  readonly password_hash: string | null;
  readonly session_id: SqlId | null;
  readonly last_used_at: SqlTime | null;
}

export interface SessionRow {
  readonly id: SqlId;
  readonly last_used_at: SqlTime;
  readonly user_id: SqlId;
  readonly name: string;
  readonly protected: SqlFlag;
}

export interface ChannelRow {
  readonly id: SqlId;
  readonly name: string;
  readonly created_at: SqlTime;
}

/** What changes of a message after it is sent, alike for both kinds. */
export interface MessageStateRow {
  readonly edited_at: SqlTime | null;
  readonly deleted: SqlFlag;
  readonly version: number;
}

export interface MessageRow extends MessageStateRow {
  readonly id: SqlId;
  readonly channel_id: SqlId;
  readonly body: string;
  readonly client_id: string | null;
  readonly created_at: SqlTime;
  readonly author_id: SqlId;
  readonly author_name: string;
  readonly author_protected: SqlFlag;
}

export interface DirectMessageRow extends MessageStateRow {
  readonly id: SqlId;
  readonly body: string;
  readonly client_id: string | null;
  readonly created_at: SqlTime;
  readonly from_id: SqlId;
  readonly from_name: string;
  readonly from_protected: SqlFlag;
  readonly to_id: SqlId;
  readonly to_name: string;
  readonly to_protected: SqlFlag;
}

/** One user's emoji on a message, with the user; listed by message, then in the order added. */
export interface ReactionRow {
  readonly message_id: SqlId;
  readonly emoji: string;
  readonly user_id: SqlId;
  readonly name: string;
  readonly protected: SqlFlag;
}

/** One user a message mentions, with the user; listed by message, then by position. */
export interface MentionRow {
  readonly message_id: SqlId;
  readonly position: number;
  readonly user_id: SqlId;
  readonly name: string;
  readonly protected: SqlFlag;
}

export interface OutboxRow {
  readonly id: SqlId;
  readonly events: unknown;
}

export const toUser = (row: UserRow): User => ({ id: String(row.id), name: row.name, protected: Boolean(row.protected) });

export const toChannel = (row: ChannelRow, read: RowReader): Channel => ({
  id: String(row.id),
  name: row.name,
  createdAt: read.time(row.created_at),
});

/** A message's reactions and mentions, read beside its row (see sql-message-state.ts). */
export interface AttachedState {
  readonly reactions: readonly Reaction[];
  readonly mentions: readonly User[];
}

export const NOTHING_ATTACHED: AttachedState = { reactions: [], mentions: [] };

export const toMessage = (row: MessageRow, read: RowReader, attached: AttachedState = NOTHING_ATTACHED): Message => ({
  id: String(row.id),
  channelId: String(row.channel_id),
  author: { id: String(row.author_id), name: row.author_name, protected: Boolean(row.author_protected) },
  body: row.body,
  createdAt: read.time(row.created_at),
  clientId: row.client_id,
  editedAt: row.edited_at === null ? null : read.time(row.edited_at),
  deleted: Boolean(row.deleted),
  reactions: attached.reactions,
  version: Number(row.version),
  mentions: attached.mentions,
});

export const toDirectMessage = (row: DirectMessageRow, read: RowReader, attached: AttachedState = NOTHING_ATTACHED): DirectMessage => ({
  id: String(row.id),
  from: { id: String(row.from_id), name: row.from_name, protected: Boolean(row.from_protected) },
  to: { id: String(row.to_id), name: row.to_name, protected: Boolean(row.to_protected) },
  body: row.body,
  createdAt: read.time(row.created_at),
  clientId: row.client_id,
  editedAt: row.edited_at === null ? null : read.time(row.edited_at),
  deleted: Boolean(row.deleted),
  reactions: attached.reactions,
  version: Number(row.version),
});

/** One entry per emoji in the order each was first used (the rows come in the order added), its users oldest first. */
export function toReactions(rows: readonly ReactionRow[]): Reaction[] {
  const byEmoji = new Map<string, User[]>();
  for (const row of rows) {
    let users = byEmoji.get(row.emoji);
    if (!users) byEmoji.set(row.emoji, (users = []));
    users.push(toUser({ id: row.user_id, name: row.name, protected: row.protected }));
  }
  return [...byEmoji].map(([emoji, users]) => ({ emoji, users }));
}

/** The mentioned users in position order, whatever order the rows came in (an INSERT … RETURNING promises none). */
export const toMentions = (rows: readonly MentionRow[]): User[] =>
  [...rows].sort((a, b) => a.position - b.position).map((row) => toUser({ id: row.user_id, name: row.name, protected: row.protected }));

/** Rows of several messages, by message id. */
export function byMessage<R extends { readonly message_id: SqlId }>(rows: readonly R[]): Map<string, R[]> {
  const grouped = new Map<string, R[]>();
  for (const row of rows) {
    const id = String(row.message_id);
    let list = grouped.get(id);
    if (!list) grouped.set(id, (list = []));
    list.push(row);
  }
  return grouped;
}

/** Rows of users joined with their live sessions (one row each, or one with a null session), into candidates. */
export function toClaimCandidates(rows: readonly CandidateRow[], read: RowReader): StoredClaimCandidate[] {
  const byId = new Map<string, StoredClaimCandidate & { sessions: { id: string; lastUsedAt: Date }[] }>();
  for (const row of rows) {
    const id = String(row.id);
    let candidate = byId.get(id);
    if (!candidate) {
      candidate = {
        id,
        name: row.name,
        nameKey: row.name_key,
        protected: row.password_hash !== null,
        passwordHash: row.password_hash,
        sessions: [],
      };
      byId.set(id, candidate);
    }
    if (row.session_id !== null && row.last_used_at !== null)
      candidate.sessions.push({ id: String(row.session_id), lastUsedAt: new Date(read.time(row.last_used_at)) });
  }
  return [...byId.values()];
}
