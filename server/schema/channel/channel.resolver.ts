import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Channel, Message } from '../../domain/models.js';
import { requireSession, type GraphQLContext } from '../context.js';
import { subscriptionEvent } from '../subscription-event.js';
import { MessageType } from '../message/message.type.js';
import { ChannelType } from './channel.type.js';

@Resolver(() => ChannelType)
export class ChannelResolver {
  @Query(() => [ChannelType])
  channels(@Ctx() context: GraphQLContext): Promise<Channel[]> {
    requireSession(context);
    return context.services.channels.list();
  }

  @Query(() => ChannelType, { nullable: true })
  channel(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<Channel | null> {
    requireSession(context);
    return context.services.channels.find(id);
  }

  @Mutation(() => ChannelType, { description: 'CHANNEL_EXISTS when the name is taken.' })
  createChannel(@Arg('name', () => String) name: string, @Ctx() context: GraphQLContext): Promise<Channel> {
    const { user } = requireSession(context);
    return context.services.channels.create(name, user, context.client);
  }

  @FieldResolver(() => [MessageType], { description: 'The newest retained messages, oldest first.' })
  messages(
    @Root() channel: Channel,
    @Arg('last', () => Int, { nullable: true, defaultValue: 100 }) last: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<Message[]> {
    return context.services.messages.history(channel.id, last);
  }

  @Subscription(() => ChannelType, {
    subscribe: ({ context }) => {
      requireSession(context as GraphQLContext);
      return (context as GraphQLContext).services.channels.subscribe();
    },
  })
  channelAdded(@Root() channel: Channel): Channel {
    return subscriptionEvent(channel);
  }
}
