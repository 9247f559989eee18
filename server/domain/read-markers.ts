import type { ReadMarker, ReadState, User } from './models.js';

/**
 * The sender's marker after a send: at their message, with nothing unread
 * after it. Sends of a channel (and of a user's conversations) commit one at
 * a time, so their message is the newest there when the marker moves.
 */
export const sentMarker = (messageId: string, where: { channelId: string } | { with: User }): ReadMarker => ({
  channelId: 'channelId' in where ? where.channelId : null,
  with: 'with' in where ? where.with : null,
  lastReadId: messageId,
  unreadCount: 0,
  mentionCount: 0,
});

/** A marker as it stands after a move, for the user's other sessions. */
export const movedMarker = (state: ReadState & { lastReadId: string }, where: { channelId: string } | { with: User }): ReadMarker => ({
  channelId: 'channelId' in where ? where.channelId : null,
  with: 'with' in where ? where.with : null,
  lastReadId: state.lastReadId,
  unreadCount: state.unreadCount,
  mentionCount: state.mentionCount,
});

/** The state of a channel or conversation the user has never read or written in, with nothing retained. */
export const NOTHING_READ: ReadState = { lastReadId: null, unreadCount: 0, mentionCount: 0 };
