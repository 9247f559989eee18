import type { DirectMessage, Message } from '../../domain/models.js';
import { orderedPair } from '../ordered-pair.js';
import * as changeSql from './sql-change-queries.js';
import { rows, type Flow } from './sql-flow.js';
import * as searchSql from './sql-search-queries.js';
import {
  byMessage,
  toDirectMessage,
  toMentions,
  toMessage,
  toReactions,
  type DirectMessageRow,
  type MessageRow,
  type ReactionRow,
  type RowReader,
} from './sql-rows.js';

/**
 * Messages read with their whole state. A list (its rows in id order) gets
 * its reactions, and a channel's its mentions, by one more statement each,
 * whatever its length: the list's own condition and its first and last id.
 */

const rangeOf = (list: readonly { readonly id: string | number }[]) => ({ first: String(list[0]!.id), last: String(list.at(-1)!.id) });

/** Messages of one channel. */
export function* withChannelState(list: readonly MessageRow[], channel: string, read: RowReader): Flow<Message[]> {
  if (list.length === 0) return [];
  const range = { channel, ...rangeOf(list) };
  const reactions = byMessage(yield* rows(changeSql.channelReactions, range));
  const mentions = byMessage(yield* rows(changeSql.channelMentions, range));
  return list.map((row) => {
    const id = String(row.id);
    return toMessage(row, read, { reactions: toReactions(reactions.get(id) ?? []), mentions: toMentions(mentions.get(id) ?? []) });
  });
}

/** Which direct messages a list holds: one conversation's, or everything one user sent or received. */
export type DirectScope = { readonly low: string; readonly high: string } | { readonly user: string };

export function* withDirectState(list: readonly DirectMessageRow[], scope: DirectScope, read: RowReader): Flow<DirectMessage[]> {
  if (list.length === 0) return [];
  const range = rangeOf(list);
  const found: ReactionRow[] =
    'user' in scope
      ? yield* rows(changeSql.userDirectReactions, { user: scope.user, ...range })
      : yield* rows(changeSql.conversationReactions, { low: scope.low, high: scope.high, ...range });
  const reactions = byMessage(found);
  return list.map((row) => toDirectMessage(row, read, { reactions: toReactions(reactions.get(String(row.id)) ?? []), mentions: [] }));
}

/** One direct message, read within its conversation. */
export function* oneDirectWithState(row: DirectMessageRow, read: RowReader): Flow<DirectMessage> {
  const [low, high] = orderedPair(String(row.from_id), String(row.to_id));
  return (yield* withDirectState([row], { low, high }, read))[0]!;
}

/** Channel messages of any channels, in any order (search results): their state by their ids. */
export function* listedChannelState(list: readonly MessageRow[], read: RowReader): Flow<Message[]> {
  if (list.length === 0) return [];
  const ids = JSON.stringify(list.map((row) => String(row.id)));
  const reactions = byMessage(yield* rows(searchSql.listedMessageReactions, { ids }));
  const mentions = byMessage(yield* rows(searchSql.listedMessageMentions, { ids }));
  return list.map((row) => {
    const id = String(row.id);
    return toMessage(row, read, { reactions: toReactions(reactions.get(id) ?? []), mentions: toMentions(mentions.get(id) ?? []) });
  });
}

/** Direct messages in any order (search results): their reactions by their ids. */
export function* listedDirectState(list: readonly DirectMessageRow[], read: RowReader): Flow<DirectMessage[]> {
  if (list.length === 0) return [];
  const ids = JSON.stringify(list.map((row) => String(row.id)));
  const reactions = byMessage(yield* rows(searchSql.listedDirectReactions, { ids }));
  return list.map((row) => toDirectMessage(row, read, { reactions: toReactions(reactions.get(String(row.id)) ?? []), mentions: [] }));
}
