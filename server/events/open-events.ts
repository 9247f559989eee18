import { PubSub } from 'graphql-subscriptions';
import { EventEmitter } from 'node:events';
import type { Config } from '../config.js';
import type { PresenceTracker } from '../domain/presence.js';
import type { Logger } from '../logger.js';
import { PubSubEventBus, type EventBus } from './event-bus.js';
import { LocalPresenceTracker } from './local-presence.js';
import { openRedisEvents } from './redis-events.js';

export interface EventTransport {
  bus: EventBus;
  presence: PresenceTracker;
  /** Throws when events cannot travel: part of /healthz. */
  check(): Promise<void>;
  /**
   * Calls `listener` whenever events may have been lost in transit (Redis
   * came back after an outage), so that live subscribers can be told to
   * resume from what they hold. Never, for events within one process.
   */
  onInterrupted(listener: () => void): void;
}

/**
 * How events and presence travel. Without REDIS_URL: in this process only
 * (one instance). With it: through Redis, shared by every instance. Throws a
 * clear error when Redis is configured but unreachable.
 */
export async function openEvents(config: Config, log: Logger): Promise<EventTransport> {
  if (config.redisUrl) return openRedisEvents(config.redisUrl, config.redisPrefix, log);
  // One listener per subscriber on a topic: thousands are normal here, not a leak.
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const bus = new PubSubEventBus(new PubSub({ eventEmitter: emitter }));
  return { bus, presence: new LocalPresenceTracker(bus), check: async () => {}, onInterrupted: () => {} };
}
