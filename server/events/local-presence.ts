import type { PresenceChange, PresenceTracker } from '../domain/ports/presence.port.js';
import type { User } from '../domain/models.js';
import type { EventBus, EventStream } from '../domain/ports/events.port.js';
import { Topic } from '../domain/ports/events.port.js';

/**
 * Presence for a single instance: connection counts in memory. With several
 * instances, the Redis tracker takes its place.
 */
export class LocalPresenceTracker implements PresenceTracker {
  private readonly connections = new Map<string, { user: User; count: number }>();

  constructor(private readonly bus: EventBus) {}

  async connect(user: User): Promise<void> {
    const entry = this.connections.get(user.id);
    if (entry) {
      entry.count += 1;
      return;
    }
    this.connections.set(user.id, { user, count: 1 });
    await this.bus.publish(Topic.PresenceChanged, { ...user, online: true });
  }

  async disconnect(user: User): Promise<void> {
    const entry = this.connections.get(user.id);
    if (!entry) return;
    entry.count -= 1;
    if (entry.count > 0) return;
    this.connections.delete(user.id);
    await this.bus.publish(Topic.PresenceChanged, { ...user, online: false });
  }

  isOnline(userId: string): boolean {
    return this.connections.has(userId);
  }

  onlineUsers(): User[] {
    return [...this.connections.values()].map((entry) => entry.user).sort(byName);
  }

  subscribe(): Promise<EventStream<PresenceChange>> {
    return this.bus.subscribe(Topic.PresenceChanged);
  }

  async close(): Promise<void> {
    this.connections.clear();
  }
}

export const byName = (a: User, b: User) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
