import type { ReadState } from '../../domain/models.js';
import type { MessagePosition } from '../../domain/ports/store.port.js';

/**
 * Read markers of the memory store: per user and channel, per user and
 * conversation partner, the last read id. They only move forward, as the SQL
 * stores' upsert keeps the larger id.
 */
export class MemoryMarkers {
  private readonly lastRead = new Map<string, string>();

  /** Moves the marker to `messageId` unless it stands there or beyond; returns where it stands. */
  moveTo(where: MarkerKey, messageId: string): string {
    const key = markerKey(where);
    const current = this.lastRead.get(key);
    if (current === undefined || Number(messageId) > Number(current)) this.lastRead.set(key, messageId);
    return this.lastRead.get(key)!;
  }

  at(where: MarkerKey): string | null {
    return this.lastRead.get(markerKey(where)) ?? null;
  }
}

export type MarkerKey = { readonly userId: string } & ({ readonly channelId: string } | { readonly otherUserId: string });

const markerKey = (where: MarkerKey) =>
  'channelId' in where ? `channel\u0000${where.userId}\u0000${where.channelId}` : `direct\u0000${where.userId}\u0000${where.otherUserId}`;

/** What counts as unread of a list of messages in id order: after the marker, not deleted, written by someone else. */
export interface CountedRow {
  readonly id: string;
  readonly authorId: string;
  readonly deleted: boolean;
  readonly mentionIds?: readonly string[];
}

export function readStateOf(rows: readonly CountedRow[], userId: string, lastReadId: string | null): ReadState {
  const after = Number(lastReadId ?? 0);
  const unread = rows.filter((row) => Number(row.id) > after && row.authorId !== userId && !row.deleted);
  const mentionCount = unread.filter((row) => row.mentionIds?.includes(userId)).length;
  return { lastReadId, unreadCount: unread.length, mentionCount };
}

export const positionOf = (rows: readonly { readonly id: string }[], messageId: string): MessagePosition => ({
  retained: rows.some((row) => row.id === messageId),
  oldestId: rows[0]?.id ?? null,
  newestId: rows.at(-1)?.id ?? null,
});
