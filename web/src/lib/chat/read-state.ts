import { compareIds } from './ids.js';
import type { ChatMessage } from './timeline.js';

/** Where the signed-in user stands in one conversation: their read marker and what is unread after it. */
export interface ReadState {
  /** The newest message read; null when nothing is. */
  readonly lastReadId: string | null;
  /** Messages after the marker that others wrote. */
  readonly unread: number;
  /** Of those, the ones that mention the signed-in user (always 0 in direct conversations, which have no mentions). */
  readonly mentions: number;
}

export const NOTHING_UNREAD: ReadState = { lastReadId: null, unread: 0, mentions: 0 };

/** Whether a message comes after the marker (null: nothing read, so every message does). */
export const isAfter = (id: string | null, marker: string | null): boolean =>
  id !== null && (marker === null || compareIds(id, marker) > 0);

/**
 * The state after a new message that someone else wrote, counted by this
 * client between two answers of the server. A message at or before the
 * marker was read already and counts for nothing.
 */
export function countMessage(state: ReadState, message: Pick<ChatMessage, 'id'>, mentionsMe: boolean): ReadState {
  if (!isAfter(message.id, state.lastReadId)) return state;
  return { ...state, unread: state.unread + 1, mentions: state.mentions + (mentionsMe ? 1 : 0) };
}

/**
 * The state after the server said where a marker stands (a listing, a
 * marker moved by any session). Markers only move forward: an answer
 * older than what is known already (an earlier move that arrived late)
 * changes nothing.
 */
export function fromServer(state: ReadState, server: ReadState): ReadState {
  if (state.lastReadId !== null && !isAfter(server.lastReadId, state.lastReadId) && server.lastReadId !== state.lastReadId) return state;
  return server;
}

/** Whether reading up to this message would move the marker forward. */
export const movesMarker = (state: ReadState, messageId: string | null): messageId is string => isAfter(messageId, state.lastReadId);

/**
 * The id of the first message after the marker that someone else wrote,
 * above which the "New" divider goes; null when there is none. A
 * conversation never read before has no divider: it opens at its newest
 * messages, not at the top of a history one never saw.
 */
export function firstUnreadId(messages: readonly ChatMessage[], lastReadId: string | null, meId: string): string | null {
  if (lastReadId === null) return null;
  for (const message of messages) if (message.authorId !== meId && isAfter(message.id, lastReadId)) return message.id;
  return null;
}

/** How many of the messages after the marker others wrote: the count on the "New messages" pill. */
export function unreadAmong(messages: readonly ChatMessage[], lastReadId: string | null, meId: string): number {
  let count = 0;
  for (const message of messages) if (message.authorId !== meId && isAfter(message.id, lastReadId)) count++;
  return count;
}
