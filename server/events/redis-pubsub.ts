import { PubSubEngine } from 'graphql-subscriptions';
import type { Redis } from 'ioredis';

type Listener = (payload: unknown) => void;

/** Redis channel of a routing key: the prefix keeps deployments (and test runs) sharing one Redis apart. */
export const redisChannel = (prefix: string, routingKey: string) => `${prefix}${routingKey}`;

/**
 * A graphql-subscriptions engine over two ioredis connections: one publishes,
 * one subscribes (a connection in subscribe mode can do nothing else).
 *
 * Written here rather than taken from graphql-redis-subscriptions, whose
 * RedisPubSub registers a subscriber only in the callback of Redis's
 * SUBSCRIBE reply, a microtask later: a message that arrives in the same
 * network read as the reply (a busy server, a publish right after
 * subscribing) finds no one and is dropped. Here a listener is registered
 * before SUBSCRIBE is even sent, and `subscribe` resolves once Redis confirmed
 * it: from then on, nothing published can miss it, which a resume needs.
 *
 * Channels are the routing keys behind `prefix`, so that deployments (and
 * test runs) can share one Redis. Payloads travel as JSON.
 */
export class RedisPubSubEngine extends PubSubEngine {
  private readonly listeners = new Map<string, Map<number, Listener>>();
  /** Each channel's SUBSCRIBE, which every subscriber to the channel awaits. */
  private readonly confirmations = new Map<string, Promise<unknown>>();
  private readonly channelOf = new Map<number, string>();
  private nextId = 0;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
  ) {
    super();
    subscriber.on('message', (channel: string, message: string) => this.deliver(channel, message));
  }

  async publish(trigger: string, payload: unknown): Promise<void> {
    await this.publisher.publish(this.channel(trigger), JSON.stringify(payload));
  }

  async subscribe(trigger: string, onMessage: Listener): Promise<number> {
    // Refused while Redis is away, rather than left hanging until it returns.
    if (this.subscriber.status !== 'ready')
      throw new Error(`Redis is unreachable (the subscriber connection is ${this.subscriber.status}).`);
    const channel = this.channel(trigger);
    const id = this.nextId++;
    let listeners = this.listeners.get(channel);
    if (!listeners) this.listeners.set(channel, (listeners = new Map()));
    listeners.set(id, onMessage);
    this.channelOf.set(id, channel);
    let confirmation = this.confirmations.get(channel);
    if (!confirmation) this.confirmations.set(channel, (confirmation = this.subscriber.subscribe(channel)));
    try {
      await confirmation;
    } catch (error) {
      this.unsubscribe(id);
      throw error;
    }
    return id;
  }

  unsubscribe(id: number): void {
    const channel = this.channelOf.get(id);
    if (channel === undefined) return;
    this.channelOf.delete(id);
    const listeners = this.listeners.get(channel);
    listeners?.delete(id);
    if (listeners?.size) return;
    this.listeners.delete(channel);
    this.confirmations.delete(channel);
    // Redis handles commands in order: a later SUBSCRIBE to this channel still takes effect.
    this.subscriber.unsubscribe(channel).catch(() => {});
  }

  private channel(trigger: string): string {
    return redisChannel(this.prefix, trigger);
  }

  private deliver(channel: string, message: string): void {
    const listeners = this.listeners.get(channel);
    if (!listeners) return;
    let payload: unknown;
    try {
      payload = JSON.parse(message);
    } catch {
      return;
    }
    for (const listener of [...listeners.values()]) listener(payload);
  }
}
