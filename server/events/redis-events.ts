import { Redis, type RedisOptions } from 'ioredis';
import { hostname } from 'node:os';
import type { Logger } from '../logger.js';
import { PubSubEventBus } from './event-bus.js';
import type { EventTransport } from './event-transport.js';
import { RedisPresenceTracker } from './redis-presence.js';
import { redisChannel, RedisPubSubEngine } from './redis-pubsub.js';
import { routingKey } from './topics.js';
import { Topic } from '../domain/ports/events.port.js';

/** How long start-up waits for Redis, and a health check for an answer. */
const CONNECT_TIMEOUT_MS = 5000;
const COMMAND_TIMEOUT_MS = 2000;

/**
 * Events and presence through Redis, so that several instances act as one.
 *
 * Two connections: a subscriber (a Redis connection in subscribe mode can do
 * nothing else) and one for publishing and presence commands. Both reconnect
 * by themselves, forever, and the subscriber resubscribes its channels. While
 * Redis is away, publishing fails at once rather than queueing (a send
 * reports the failure instead of hanging with its channel locked), and new
 * subscriptions are refused; /healthz says 503 until both are back.
 *
 * Redis holds nothing durable: events in flight and presence leases only.
 */
export async function openRedisEvents(url: string, prefix: string, log: Logger): Promise<EventTransport> {
  const common: RedisOptions = {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  };
  // Named, so that CLIENT LIST tells the instances apart: its `sub=` for a
  // subscriber is how many Redis channels that instance follows (docs/scaling.md).
  const name = (role: string) => `${prefix}${role}:${hostname().replace(/[^\w.-]/g, '_')}:${process.pid}`;
  const publisher = new Redis(url, {
    ...common,
    connectionName: name('publisher'),
    enableOfflineQueue: false,
    commandTimeout: COMMAND_TIMEOUT_MS,
  });
  // The subscriber queues while offline: an UNSUBSCRIBE waits for Redis to
  // return (SUBSCRIBE is refused up front while it is away).
  const subscriber = new Redis(url, { ...common, connectionName: name('subscriber'), maxRetriesPerRequest: null });

  let firstError: Error | null = null;
  for (const [role, client] of [
    ['publisher', publisher],
    ['subscriber', subscriber],
  ] as const) {
    let reported = false;
    client.on('error', (error: Error) => {
      firstError ??= error;
      if (!reported) log.warn({ err: error, role }, 'Redis connection failed; reconnecting');
      reported = true;
    });
    client.on('ready', () => {
      if (reported) log.info({ role }, 'Redis connection restored');
      reported = false;
    });
  }

  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    const reason = (firstError ?? (error as Error)).message;
    throw new Error(`Cannot reach Redis at ${describeRedis(url)} (${reason}). Check REDIS_URL and that Redis is running.`, {
      cause: error,
    });
  }

  // Once connected, a subscriber that drops and returns has missed whatever
  // was published in between: live subscriptions must resume from the store.
  const interruptionListeners: (() => void)[] = [];
  let subscriberLost = false;
  subscriber.on('close', () => (subscriberLost = true));
  subscriber.on('ready', () => {
    if (!subscriberLost) return;
    subscriberLost = false;
    for (const listener of interruptionListeners) listener();
  });

  const engine = new RedisPubSubEngine(publisher, subscriber, prefix);
  const bus = new PubSubEventBus(engine, async () => {
    await Promise.all([publisher, subscriber].map(closeGently));
  });
  const presence = new RedisPresenceTracker(publisher, bus, {
    prefix,
    presenceChannel: redisChannel(prefix, routingKey(Topic.PresenceChanged)),
    log,
  });
  await presence.start();

  return {
    bus,
    presence,
    async check() {
      if (subscriber.status !== 'ready') throw new Error(`the Redis subscriber connection is ${subscriber.status}`);
      await publisher.ping();
    },
    onInterrupted(listener) {
      interruptionListeners.push(listener);
    },
  };
}

/** QUIT when connected (pending replies arrive first); otherwise drop the connection, since QUIT would wait for Redis forever. */
async function closeGently(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, COMMAND_TIMEOUT_MS).unref());
    await Promise.race([client.quit().catch(() => {}), timeout]);
  }
  client.disconnect();
}

function describeRedis(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 6379}`;
  } catch {
    return 'the configured Redis server';
  }
}
