import { Arg, Authorized, Ctx, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import type { Message } from '../../domain/models.js';
import { subscribeSignedIn, type SignedInContext } from '../context.js';
import { subscriptionEvent } from '../subscription-event.js';
import { MessageType } from './message.type.js';

/** Edits, deletions and reactions of channel messages, and their live stream. */
@Resolver(() => MessageType)
export class MessageChangeResolver {
  @Authorized()
  @Mutation(() => MessageType, {
    description: 'Only its author may edit a message (FORBIDDEN otherwise); the body rules of sendMessage apply.',
  })
  editMessage(
    @Arg('channelId', () => ID) channelId: string,
    @Arg('id', () => ID) id: string,
    @Arg('body', () => String) body: string,
    @Ctx() context: SignedInContext,
  ): Promise<Message> {
    return context.services.messages.edit(context.session.user, { channelId, id, body }, context.client);
  }

  @Authorized()
  @Mutation(() => MessageType, { description: 'Only its author may delete it; deleting twice is not an error.' })
  deleteMessage(
    @Arg('channelId', () => ID) channelId: string,
    @Arg('id', () => ID) id: string,
    @Ctx() context: SignedInContext,
  ): Promise<Message> {
    return context.services.messages.delete(context.session.user, { channelId, id });
  }

  @Authorized()
  @Mutation(() => MessageType, {
    description: "Adds (on: true) or removes (on: false) the signed-in user's reaction; doing it twice changes nothing.",
  })
  react(
    @Arg('channelId', () => ID) channelId: string,
    @Arg('messageId', () => ID) messageId: string,
    @Arg('emoji', () => String) emoji: string,
    @Arg('on', () => Boolean) on: boolean,
    @Ctx() context: SignedInContext,
  ): Promise<Message> {
    return context.services.messages.react(context.session.user, { channelId, messageId, emoji, on }, context.client);
  }

  @Authorized()
  @Subscription(() => MessageType, {
    description:
      "The new state of a channel's message after an edit, a deletion or a reaction change. To catch up after a reconnect, subscribe first, then query the messages, and keep the copy with the larger version.",
    subscribe: subscribeSignedIn((context, args: { channelId: string }) => context.services.messages.updates(args.channelId)),
  })
  messageUpdated(@Root() message: Message, @Arg('channelId', () => ID) _channelId: string): Message {
    return subscriptionEvent(message);
  }
}
