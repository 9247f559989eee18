import type { Channel, DirectMessage, Message, Reaction, User } from '../../domain/models.js';
import type { OutboxEvent } from '../../domain/ports/store.port.js';

/**
 * The rows of the memory store, shaped like the SQL tables they stand for:
 * a message keeps its author's id, not a copy of the author, so that a read
 * shows the author as they are now (renamed, protected), as a join would.
 */
export interface UserRow {
  readonly id: string;
  name: string;
  readonly nameKey: string;
  readonly skeleton: string;
  passwordHash: string | null;
  endedAt: Date | null;
}

export interface SessionRow {
  readonly id: string;
  readonly userId: string;
  readonly tokenHash: string;
  lastUsedAt: Date;
  endedAt: Date | null;
}

export interface ChannelRow {
  readonly channel: Channel;
  /** The name key as UTF-8, so that channels sort in byte order, as the SQL stores sort them. */
  readonly sortKey: Buffer;
}

/** What changes of a message after it is sent, for both kinds of message. */
export interface ChangeableRow {
  body: string;
  editedAt: string | null;
  deleted: boolean;
  version: number;
  /**
   * Emoji → the ids of the users who have it on, oldest first. A Map keeps
   * its keys in the order added, and a key until deleted: an emoji keeps
   * its place while anyone has it on, as the SQL stores' emoji_position.
   */
  reactions: Map<string, string[]>;
  /** A channel message's mentions, in the order first mentioned; a direct message has none. */
  mentionIds?: readonly string[];
}

export interface MessageRow extends ChangeableRow {
  readonly id: string;
  readonly channelId: string;
  readonly authorId: string;
  readonly clientId: string | null;
  readonly createdAt: string;
  mentionIds: readonly string[];
}

export interface DirectRow extends ChangeableRow {
  readonly id: string;
  readonly fromId: string;
  readonly toId: string;
  readonly clientId: string | null;
  readonly createdAt: string;
}

/** The state of a row as sent: never edited, no reactions, version 1. */
export const freshRow = (body: string): ChangeableRow => ({ body, editedAt: null, deleted: false, version: 1, reactions: new Map() });

export interface OutboxRow {
  readonly id: string;
  /** Kept as JSON, as the SQL stores keep it: what comes back is a copy, never the sender's objects. */
  readonly events: string;
  readonly createdAt: Date;
}

/** Ids from one counter per table, like SQLite's rowids: decimal strings that only grow. */
export class Sequence {
  private last = 0;
  next(): string {
    return String(++this.last);
  }
}

export const byId = (a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id);

export const channelRow = (channel: Channel, nameKey: string): ChannelRow => ({
  channel,
  sortKey: Buffer.from(nameKey, 'utf8'),
});

export const byNameKey = (a: ChannelRow, b: ChannelRow) => Buffer.compare(a.sortKey, b.sortKey) || byId(a.channel, b.channel);

export const toUser = (row: UserRow): User => ({ id: row.id, name: row.name, protected: row.passwordHash !== null });

export const outboxRow = (id: string, events: readonly OutboxEvent[], createdAt: Date): OutboxRow => ({
  id,
  events: JSON.stringify(events),
  createdAt,
});

/** Rows that join users: what the store reads a message's author and recipient from. */
export interface UserLookup {
  user(id: string): UserRow;
}

/** One entry per emoji in the order each was first used, its users oldest first. */
export const toReactions = (reactions: ReadonlyMap<string, readonly string[]>, users: UserLookup): Reaction[] =>
  [...reactions].map(([emoji, ids]) => ({ emoji, users: ids.map((id) => toUser(users.user(id))) }));

const toState = (row: ChangeableRow, users: UserLookup) => ({
  body: row.body,
  editedAt: row.editedAt,
  deleted: row.deleted,
  reactions: toReactions(row.reactions, users),
  version: row.version,
});

export const toMessage = (row: MessageRow, users: UserLookup): Message => ({
  id: row.id,
  channelId: row.channelId,
  author: toUser(users.user(row.authorId)),
  createdAt: row.createdAt,
  clientId: row.clientId,
  ...toState(row, users),
  mentions: row.mentionIds.map((id) => toUser(users.user(id))),
});

export const toDirectMessage = (row: DirectRow, users: UserLookup): DirectMessage => ({
  id: row.id,
  from: toUser(users.user(row.fromId)),
  to: toUser(users.user(row.toId)),
  createdAt: row.createdAt,
  clientId: row.clientId,
  ...toState(row, users),
});

/**
 * Appends to a list kept in id order and drops its oldest beyond `keep`, as
 * the SQL stores' prune does in the insert's transaction; returns the dropped.
 */
export function appendKeeping<T>(rows: T[], row: T, keep: number): T[] {
  rows.push(row);
  return rows.splice(0, Math.max(0, rows.length - Math.max(0, keep)));
}
