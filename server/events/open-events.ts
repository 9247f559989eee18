import { PubSub } from 'graphql-subscriptions';
import { EventEmitter } from 'node:events';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { PubSubEventBus } from './event-bus.js';
import type { EventTransport } from './event-transport.js';
import { LocalPresenceTracker } from './local-presence.js';
import { openRedisEvents } from './redis-events.js';

export type { EventTransport };

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
