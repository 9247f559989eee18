import { Arg, Authorized, Ctx, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import type { DirectMessage } from '../../domain/models.js';
import { subscribeSignedIn, type SignedInContext } from '../context.js';
import { subscriptionEvent } from '../subscription-event.js';
import { DirectMessageType } from './direct-message.type.js';

/** Edits, deletions and reactions of direct messages, and their live stream, for the two users of each only. */
@Resolver(() => DirectMessageType)
export class DirectMessageChangeResolver {
  @Authorized()
  @Mutation(() => DirectMessageType, { description: 'Only its sender may edit it (FORBIDDEN otherwise); the body rules of sending apply.' })
  editDirectMessage(
    @Arg('id', () => ID) id: string,
    @Arg('body', () => String) body: string,
    @Ctx() context: SignedInContext,
  ): Promise<DirectMessage> {
    return context.services.directMessages.edit(context.session.user, { id, body }, context.client);
  }

  @Authorized()
  @Mutation(() => DirectMessageType, { description: 'Only its sender may delete it; deleting twice is not an error.' })
  deleteDirectMessage(@Arg('id', () => ID) id: string, @Ctx() context: SignedInContext): Promise<DirectMessage> {
    return context.services.directMessages.delete(context.session.user, { id });
  }

  @Authorized()
  @Mutation(() => DirectMessageType, {
    description: 'Either user adds (on: true) or removes (on: false) their reaction; doing it twice changes nothing.',
  })
  reactToDirectMessage(
    @Arg('id', () => ID) id: string,
    @Arg('emoji', () => String) emoji: string,
    @Arg('on', () => Boolean) on: boolean,
    @Ctx() context: SignedInContext,
  ): Promise<DirectMessage> {
    return context.services.directMessages.react(context.session.user, { id, emoji, on }, context.client);
  }

  @Authorized()
  @Subscription(() => DirectMessageType, {
    description: "The new state of the signed-in user's direct messages after an edit, a deletion or a reaction change.",
    subscribe: subscribeSignedIn((context) => context.services.directMessages.updates(context.session.user)),
  })
  directMessageUpdated(@Root() message: DirectMessage): DirectMessage {
    return subscriptionEvent(message);
  }
}
