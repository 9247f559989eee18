import { Arg, Authorized, Ctx, Extensions, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Channel } from '../../domain/models.js';
import { ChannelType } from '../channel/channel.type.js';
import type { GraphQLContext, SignedInContext } from '../context.js';
import { VIEWER_DEPENDENT } from '../viewer-dependent.js';
import { channelReadState } from './read-state.loader.js';

/** The signed-in user's read marker and unread counts of a channel, and moving the marker. */
@Resolver(() => ChannelType)
export class ChannelReadResolver {
  @Authorized()
  @Extensions(VIEWER_DEPENDENT)
  @FieldResolver(() => ID, { nullable: true, description: 'The newest message here that the signed-in user has read, or null.' })
  async lastReadId(@Root() channel: Channel, @Ctx() context: GraphQLContext): Promise<string | null> {
    return (await channelReadState(context, channel.id)).lastReadId;
  }

  @Authorized()
  @Extensions(VIEWER_DEPENDENT)
  @FieldResolver(() => Int, { description: 'Retained messages after the read marker that others wrote (not deleted ones).' })
  async unreadCount(@Root() channel: Channel, @Ctx() context: GraphQLContext): Promise<number> {
    return (await channelReadState(context, channel.id)).unreadCount;
  }

  @Authorized()
  @Extensions(VIEWER_DEPENDENT)
  @FieldResolver(() => Int, { description: 'Of the unread messages, the ones that mention the signed-in user.' })
  async mentionCount(@Root() channel: Channel, @Ctx() context: GraphQLContext): Promise<number> {
    return (await channelReadState(context, channel.id)).mentionCount;
  }

  @Authorized()
  @Mutation(() => ChannelType, {
    description:
      "Moves the signed-in user's read marker in the channel forward to messageId; an id below the marker leaves it where it is. BAD_USER_INPUT for an id above the channel's newest message.",
  })
  markRead(
    @Arg('channelId', () => ID) channelId: string,
    @Arg('messageId', () => ID) messageId: string,
    @Ctx() context: SignedInContext,
  ): Promise<Channel> {
    return context.services.readMarkers.markRead(context.session.user, { channelId, messageId });
  }
}
