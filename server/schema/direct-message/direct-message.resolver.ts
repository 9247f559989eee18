import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { DirectMessage } from '../../domain/models.js';
import { subscribeSignedIn, type SignedInContext } from '../context.js';
import { subscriptionEvent } from '../subscription-event.js';
import { DirectMessageType } from './direct-message.type.js';
import { DEFAULT_HISTORY_LENGTH } from '../../api/codes.js';

@Resolver(() => DirectMessageType)
export class DirectMessageResolver {
  @Authorized()
  @Query(() => [DirectMessageType], {
    description: 'The conversation between the signed-in user and the named user, oldest first.',
  })
  directMessages(
    @Arg('with', () => String) withName: string,
    @Arg('last', () => Int, { nullable: true, defaultValue: DEFAULT_HISTORY_LENGTH }) last: number | null,
    @Ctx() context: SignedInContext,
  ): Promise<DirectMessage[]> {
    const { user } = context.session;
    return context.services.directMessages.conversation(user, withName, last);
  }

  @Authorized()
  @Mutation(() => DirectMessageType)
  sendDirectMessage(
    @Arg('to', () => String) to: string,
    @Arg('body', () => String) body: string,
    @Arg('clientId', () => String, { nullable: true }) clientId: string | undefined,
    @Ctx() context: SignedInContext,
  ): Promise<DirectMessage> {
    const { user } = context.session;
    return context.services.directMessages.send(user, { to, body, clientId }, context.client);
  }

  @Authorized()
  @Subscription(() => DirectMessageType, {
    description: 'Direct messages sent or received by the signed-in user; `after` as above.',
    subscribe: subscribeSignedIn((context, args: { after?: string }) =>
      context.services.directMessages.subscribe(context.session.user, args.after),
    ),
  })
  directMessageAdded(
    @Root() message: DirectMessage,
    @Arg('after', () => ID, { nullable: true }) _after: string | undefined,
  ): DirectMessage {
    return subscriptionEvent(message);
  }
}
