import { Arg, Authorized, Ctx, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import type { Message } from '../../domain/models.js';
import { subscribeSignedIn, type SignedInContext } from '../context.js';
import { subscriptionEvent } from '../subscription-event.js';
import { MessageType } from './message.type.js';

@Resolver(() => MessageType)
export class MessageResolver {
  @Authorized()
  @Mutation(() => MessageType, {
    description: 'A resend with the same clientId by the same author returns the first\nmessage and stores nothing new.',
  })
  sendMessage(
    @Arg('channelId', () => ID) channelId: string,
    @Arg('body', () => String) body: string,
    @Arg('clientId', () => String, { nullable: true }) clientId: string | undefined,
    @Ctx() context: SignedInContext,
  ): Promise<Message> {
    const { user } = context.session;
    return context.services.messages.send(user, { channelId, body, clientId }, context.client);
  }

  @Authorized()
  @Subscription(() => MessageType, {
    description:
      'Every message posted to the channel from now on. With `after`, first\nevery retained message with a larger id, then the live ones, with no gap\nand no duplicate.',
    subscribe: subscribeSignedIn((context, args: { channelId: string; after?: string }) =>
      context.services.messages.subscribe(args.channelId, args.after),
    ),
  })
  messageAdded(
    @Root() message: Message,
    @Arg('channelId', () => ID) _channelId: string,
    @Arg('after', () => ID, { nullable: true }) _after: string | undefined,
  ): Message {
    return subscriptionEvent(message);
  }

  @Authorized()
  @Subscription(() => MessageType, {
    description:
      'Every new message of every channel, live, without replay: one\nsubscription for the badges of all the channels a client does not have\nopen.',
    subscribe: subscribeSignedIn((context) => context.services.messages.activity()),
  })
  channelActivity(@Root() message: Message): Message {
    return subscriptionEvent(message);
  }
}
