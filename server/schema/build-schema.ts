import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type MiddlewareFn } from 'type-graphql';
import type { EventBus } from '../events/event-bus.js';
import { toTypeGraphQLPubSub } from '../events/type-graphql-pubsub.js';
import { ChannelResolver } from './channel/channel.resolver.js';
import { requireSignedIn } from './context.js';
import { DirectMessageResolver } from './direct-message/direct-message.resolver.js';
import { MessageResolver } from './message/message.resolver.js';
import { SessionResolver } from './session/session.resolver.js';
import { UserResolver } from './user/user.resolver.js';

/**
 * The executable schema, from the type-graphql classes. Every subscription
 * has its own `subscribe` (resume needs more than a topic); the bus is handed
 * to type-graphql too, for any that declares plain `topics`.
 */
export function buildChatSchema(bus: EventBus, options: { middlewares?: MiddlewareFn[] } = {}): Promise<GraphQLSchema> {
  return buildSchema({
    globalMiddlewares: options.middlewares ?? [],
    authChecker: requireSignedIn,
    pubSub: toTypeGraphQLPubSub(bus),
    resolvers: [UserResolver, SessionResolver, ChannelResolver, MessageResolver, DirectMessageResolver],
    // Inputs are checked by the domain's rules, which give clients readable messages.
    validate: false,
  });
}
