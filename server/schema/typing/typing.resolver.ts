import { Arg, Authorized, Ctx, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import type { TypingEvent } from '../../domain/models.js';
import { subscribeSignedIn, type SignedInContext } from '../context.js';
import { subscriptionEvent } from '../subscription-event.js';
import { TypingType } from './typing.type.js';

@Resolver(() => TypingType)
export class TypingResolver {
  @Authorized()
  @Mutation(() => Boolean, {
    description:
      'Says that the signed-in user is typing in the channel, or to the user named `to` (exactly one of the two). It lapses after 5 seconds unless said again, and ends when they send. Rate-limited to a few calls per second.',
  })
  typing(
    @Arg('channelId', () => ID, { nullable: true }) channelId: string | undefined,
    @Arg('to', () => String, { nullable: true }) to: string | undefined,
    @Ctx() context: SignedInContext,
  ): Promise<boolean> {
    return context.services.typing.say(context.session.user, { channelId, to });
  }

  @Authorized()
  @Subscription(() => TypingType, {
    description:
      "Typing in the channel, or, without channelId, typing to the signed-in user. Each start and stop once; never the signed-in user's own.",
    subscribe: subscribeSignedIn((context, args: { channelId?: string | null }) =>
      args.channelId === undefined || args.channelId === null
        ? context.services.typing.toUser(context.session.user)
        : context.services.typing.inChannel(context.session.user, args.channelId),
    ),
  })
  typingChanged(@Root() event: TypingEvent, @Arg('channelId', () => ID, { nullable: true }) _channelId: string | undefined): TypingEvent {
    return subscriptionEvent(event);
  }
}
