import type { PubSub } from 'type-graphql';
import type { EventBus } from './event-bus.js';
import type { Topic } from './topics.js';

/**
 * type-graphql's PubSub shape over our EventBus, for subscriptions declared
 * with `topics`. (Ours declare their own `subscribe`, for resume; type-graphql
 * still requires a PubSub whenever a schema has subscriptions.)
 */
export function toTypeGraphQLPubSub(bus: EventBus): PubSub {
  return {
    publish(routingKey: string, payload: unknown) {
      void bus.publish(routingKey as Topic, payload as never);
    },
    subscribe(routingKey: string, scope?: unknown): AsyncIterable<unknown> {
      return {
        async *[Symbol.asyncIterator]() {
          const stream = await bus.subscribe(routingKey as Topic, scope === undefined ? undefined : String(scope));
          try {
            yield* stream;
          } finally {
            await stream.return?.();
          }
        },
      };
    },
  };
}
