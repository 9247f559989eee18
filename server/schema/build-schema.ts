import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { ChannelResolver } from './channel/channel.resolver.js';
import { requireSignedIn } from './context.js';
import { DirectMessageChangeResolver } from './direct-message/direct-message-change.resolver.js';
import { DirectMessageResolver } from './direct-message/direct-message.resolver.js';
import { ErrorCodeEnum } from './error-code.enum.js';
import { MessageChangeResolver } from './message/message-change.resolver.js';
import { MessageResolver } from './message/message.resolver.js';
import { ChannelReadResolver } from './read-marker/channel-read.resolver.js';
import { DirectConversationResolver } from './read-marker/direct-conversation.resolver.js';
import { ReadMarkerResolver } from './read-marker/read-marker.resolver.js';
import { SearchResolver } from './search/search.resolver.js';
import { SessionResolver } from './session/session.resolver.js';
import { resolveSubscriptionsToTheirEvents } from './subscription-event.js';
import { TypingResolver } from './typing/typing.resolver.js';
import { UserResolver } from './user/user.resolver.js';

/**
 * type-graphql insists on a PubSub once a schema has subscriptions, for those
 * that declare plain `topics`. None of ours does: each has its own
 * `subscribe`, through a domain service (resume needs more than a topic).
 */
const NO_TOPICS: PubSub = {
  publish() {
    throw new Error('Publish through the domain services, not through type-graphql.');
  },
  subscribe() {
    throw new Error('Declare `subscribe` on the subscription: no topics are routed through type-graphql.');
  },
};

/** The executable schema, from the type-graphql classes, with the ErrorCode enum that no field uses. */
export async function buildChatSchema(): Promise<GraphQLSchema> {
  const schema = await buildTypeGraphQLSchema();
  const config = schema.toConfig();
  const chat = new GraphQLSchema({ ...config, types: [...config.types, ErrorCodeEnum] });
  resolveSubscriptionsToTheirEvents(chat);
  return chat;
}

function buildTypeGraphQLSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    authChecker: requireSignedIn,
    pubSub: NO_TOPICS,
    resolvers: [
      UserResolver,
      SessionResolver,
      ChannelResolver,
      MessageResolver,
      MessageChangeResolver,
      DirectMessageResolver,
      DirectMessageChangeResolver,
      ChannelReadResolver,
      DirectConversationResolver,
      ReadMarkerResolver,
      TypingResolver,
      SearchResolver,
    ],
    // Inputs are checked by the domain's rules, which give clients readable messages.
    validate: false,
  });
}
