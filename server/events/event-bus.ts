import type { PubSubEngine } from 'graphql-subscriptions';
import { AsyncQueue } from './async-queue.js';
import type { EventBus, EventStream, Topic, TopicPayloads } from '../domain/ports/events.port.js';
import { routingKey } from './topics.js';

/**
 * An EventBus over any graphql-subscriptions engine: the in-process PubSub on
 * one machine, RedisPubSubEngine (redis-pubsub.ts) across instances.
 */
export class PubSubEventBus implements EventBus {
  constructor(
    private readonly engine: PubSubEngine,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  async publish<K extends Topic>(topic: K, payload: TopicPayloads[K], scope?: string): Promise<void> {
    await this.engine.publish(routingKey(topic, scope), payload);
  }

  async subscribe<K extends Topic>(topic: K, scope?: string): Promise<EventStream<TopicPayloads[K]>> {
    // Assigned once, but read by the queue's clean-up, which may run before the engine answers: not a const.
    // eslint-disable-next-line prefer-const
    let subscriptionId: number | undefined;
    let closed = false;
    const queue = new AsyncQueue<TopicPayloads[K]>(() => {
      closed = true;
      if (subscriptionId !== undefined) this.engine.unsubscribe(subscriptionId);
    });
    // A bound method: one object per subscriber on every publish's path, where an arrow function is two (it and its context).
    subscriptionId = await this.engine.subscribe(routingKey(topic, scope), queue.push.bind(queue), {});
    // The consumer may have gone while the engine was subscribing.
    if (closed) this.engine.unsubscribe(subscriptionId);
    return queue;
  }

  close(): Promise<void> {
    return this.onClose();
  }
}
