import type { DirectConversation, ReadState } from '../../domain/models.js';
import type { MessagePosition } from '../../domain/ports/store.port.js';
import { orderedPair } from '../ordered-pair.js';
import { only, rows, type Flow } from './sql-flow.js';
import * as markerSql from './sql-marker-queries.js';
import { withDirectState } from './sql-message-state.js';
import type { RowReader } from './sql-rows.js';

/** Read markers and counts over the shared statements, the same on both engines. */

const idOrNull = (id: string | number | null | undefined) => (id === null || id === undefined ? null : String(id));

export function* channelPositionFlow(channelId: string, messageId: string): Flow<MessagePosition> {
  return toPosition(yield* only(markerSql.channelPosition, { channel: channelId, id: messageId }));
}

export function* directPositionFlow(userId: string, otherUserId: string, messageId: string): Flow<MessagePosition> {
  const [low, high] = orderedPair(userId, otherUserId);
  return toPosition(yield* only(markerSql.directPosition, { low, high, id: messageId }));
}

const toPosition = (row: markerSql.PositionRow): MessagePosition => ({
  retained: Boolean(row.retained),
  oldestId: idOrNull(row.oldest_id),
  newestId: idOrNull(row.newest_id),
});

export function* moveChannelMarkerFlow(userId: string, channelId: string, messageId: string): Flow<ReadState & { lastReadId: string }> {
  const moved = yield* only(markerSql.moveChannelMarker, { user: userId, channel: channelId, id: messageId });
  const states = yield* channelStatesFlow(userId, [channelId]);
  return { ...(states.get(channelId) ?? { unreadCount: 0, mentionCount: 0 }), lastReadId: String(moved.last_read_id) };
}

export function* moveDirectMarkerFlow(userId: string, otherUserId: string, messageId: string): Flow<ReadState & { lastReadId: string }> {
  const moved = yield* only(markerSql.moveDirectMarker, { user: userId, other: otherUserId, id: messageId });
  const lastReadId = String(moved.last_read_id);
  const [low, high] = orderedPair(userId, otherUserId);
  const unread = yield* only(markerSql.directUnreadAfter, { user: userId, low, high, after: lastReadId });
  return { lastReadId, unreadCount: Number(unread.unread_count), mentionCount: 0 };
}

/** Two statements whatever the number of channels: the markers, and the counts grouped by channel. */
export function* channelStatesFlow(userId: string, channelIds: readonly string[]): Flow<Map<string, ReadState>> {
  const states = new Map<string, ReadState>();
  if (channelIds.length === 0) return states;
  const ids = JSON.stringify(channelIds);
  const markers = new Map((yield* rows(markerSql.channelMarkers, { user: userId, ids })).map((row) => [String(row.channel_id), row]));
  const counts = new Map((yield* rows(markerSql.channelCounts, { user: userId, ids })).map((row) => [String(row.channel_id), row]));
  for (const id of channelIds) {
    const count = counts.get(id);
    states.set(id, {
      lastReadId: idOrNull(markers.get(id)?.last_read_id),
      unreadCount: Number(count?.unread_count ?? 0),
      mentionCount: Number(count?.mention_count ?? 0),
    });
  }
  return states;
}

/** Three statements whatever the number of conversations: the list with counts, the newest messages, their reactions. */
export function* directConversationsFlow(userId: string, read: RowReader): Flow<DirectConversation[]> {
  const found = yield* rows(markerSql.conversations, { user: userId });
  if (found.length === 0) return [];
  const newestIds = found.map((row) => String(row.newest_id));
  const messageRows = yield* rows(markerSql.directMessagesByIds, { ids: JSON.stringify(newestIds) });
  const messages = new Map((yield* withDirectState(messageRows, { user: userId }, read)).map((message) => [message.id, message]));
  return found.flatMap((row) => {
    const lastMessage = messages.get(String(row.newest_id));
    if (!lastMessage) return [];
    const other = lastMessage.from.id === userId ? lastMessage.to : lastMessage.from;
    return [{ with: other, lastMessage, lastReadId: idOrNull(row.last_read_id), unreadCount: Number(row.unread_count) }];
  });
}
