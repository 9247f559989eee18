import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisPubSubEngine } from '../../server/events/redis-pubsub.js';
import { sleep, waitFor } from '../support/wait.js';
import { createRedisPrefix, REDIS_URL, servicesAvailable } from '../store/test-services.js';
import { startRedisProxy, type CuttableProxy } from './scale-fixtures.js';

const available = await servicesAvailable('The Redis event engine tests', { redis: true });

describe.skipIf(!available)('the Redis event engine', () => {
  const redis = createRedisPrefix();
  let proxy: CuttableProxy;
  let subscriber: Redis;
  let publisher: Redis;
  let engine: RedisPubSubEngine;
  const subscribers = async (topic: string) => ((await publisher.pubsub('NUMSUB', `${redis.prefix}${topic}`)) as [string, number])[1];

  beforeAll(async () => {
    proxy = await startRedisProxy();
    // The subscriber talks to Redis through a proxy that can hold Redis's answers back.
    subscriber = new Redis(proxy.url);
    publisher = new Redis(REDIS_URL);
    engine = new RedisPubSubEngine(publisher, subscriber, redis.prefix);
    await waitFor(() => subscriber.status === 'ready' && publisher.status === 'ready', 'Redis connections');
  });
  afterAll(async () => {
    subscriber?.disconnect();
    publisher?.disconnect();
    await proxy?.close();
    await redis.cleanUp();
  });

  it('should resolve a subscription only once Redis confirmed it, and deliver what is published from then on', async () => {
    const received: unknown[] = [];
    proxy.hold();
    let confirmed = false;
    const subscribed = engine
      .subscribe('EARLY', (payload) => received.push(payload))
      .then((id) => {
        confirmed = true;
        return id;
      });
    await waitFor(async () => (await subscribers('EARLY')) === 1, 'Redis to register the subscription');
    // Published after Redis registered the subscription, and read in the same chunk as its confirmation.
    expect(await engine.publish('EARLY', { n: 1 }).then(() => subscribers('EARLY'))).toBe(1);
    // No sentinel can exist here: everything Redis sends this connection is held. A short wait
    // gives a subscription that resolved without Redis's confirmation the time to show it.
    await sleep(50);
    expect(confirmed).toBe(false);
    proxy.release();
    const id = await subscribed;
    await waitFor(() => received.length === 1, 'the message');
    expect(received).toEqual([{ n: 1 }]);
    engine.unsubscribe(id);
  });

  it('should stop delivering after the last unsubscribe, and deliver again after a new subscription', async () => {
    const first: unknown[] = [];
    const second: unknown[] = [];
    const a = await engine.subscribe('AGAIN', (payload) => first.push(payload));
    const b = await engine.subscribe('AGAIN', (payload) => second.push(payload));
    await engine.publish('AGAIN', 'both');
    await waitFor(() => first.length === 1 && second.length === 1, 'both subscribers');
    engine.unsubscribe(a);
    engine.unsubscribe(b);
    await waitFor(async () => (await subscribers('AGAIN')) === 0, 'Redis to drop the subscription');
    const c = await engine.subscribe('AGAIN', (payload) => first.push(payload));
    await engine.publish('AGAIN', 'again');
    await waitFor(() => first.length === 2, 'the new subscriber');
    expect(first).toEqual(['both', 'again']);
    expect(second).toEqual(['both']);
    engine.unsubscribe(c);
  });
});
