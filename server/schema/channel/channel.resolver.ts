import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Channel, Message } from '../../domain/models.js';
import { subscribeSignedIn, type GraphQLContext, type SignedInContext } from '../context.js';
import { subscriptionEvent } from '../subscription-event.js';
import { MessageType } from '../message/message.type.js';
import { ChannelType } from './channel.type.js';
import { DEFAULT_HISTORY_LENGTH } from '../../api/codes.js';

@Resolver(() => ChannelType)
export class ChannelResolver {
  @Authorized()
  @Query(() => [ChannelType])
  channels(@Ctx() context: SignedInContext): Promise<Channel[]> {
    return context.services.channels.list();
  }

  @Authorized()
  @Query(() => ChannelType, { nullable: true })
  channel(@Arg('id', () => ID) id: string, @Ctx() context: SignedInContext): Promise<Channel | null> {
    return context.services.channels.find(id);
  }

  @Authorized()
  @Mutation(() => ChannelType, { description: 'CHANNEL_EXISTS when the name is taken.' })
  createChannel(@Arg('name', () => String) name: string, @Ctx() context: SignedInContext): Promise<Channel> {
    const { user } = context.session;
    return context.services.channels.create(name, user, context.client);
  }

  @FieldResolver(() => [MessageType], { description: 'The newest retained messages, oldest first.' })
  messages(
    @Root() channel: Channel,
    @Arg('last', () => Int, { nullable: true, defaultValue: DEFAULT_HISTORY_LENGTH }) last: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<Message[]> {
    return context.services.messages.history(channel.id, last);
  }

  @Authorized()
  @Subscription(() => ChannelType, {
    subscribe: subscribeSignedIn((context) => context.services.channels.subscribe()),
  })
  channelAdded(@Root() channel: Channel): Channel {
    return subscriptionEvent(channel);
  }
}
