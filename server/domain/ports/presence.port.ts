import type { EventStream } from './events.port.js';
import type { User } from '../models.js';

export type PresenceChange = User & { online: boolean };

/**
 * Who is online: a user is online while at least one of their WebSocket
 * connections is open, on any instance. Transitions (and only transitions:
 * not a second tab) are published as PRESENCE_CHANGED.
 *
 * `isOnline` and `onlineUsers` answer from memory, never from a database, since
 * they are read for every delivered message's author.
 */
export interface PresenceTracker {
  /** Counts a newly opened connection of the user. */
  connect(user: User): Promise<void>;
  /** Counts a closed connection of the user. */
  disconnect(user: User): Promise<void>;
  isOnline(userId: string): boolean;
  /** Online users, sorted by name. */
  onlineUsers(): User[];
  /** Every transition from now on, on any instance. */
  subscribe(): Promise<EventStream<PresenceChange>>;
  close(): Promise<void>;
}
