import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { DirectConversation } from '../../domain/models.js';
import type { SignedInContext } from '../context.js';
import { DirectConversationType } from './direct-conversation.type.js';

@Resolver(() => DirectConversationType)
export class DirectConversationResolver {
  @Authorized()
  @Query(() => [DirectConversationType], { description: "The signed-in user's direct conversations, the most recently active first." })
  directConversations(@Ctx() context: SignedInContext): Promise<DirectConversation[]> {
    return context.services.readMarkers.conversations(context.session.user);
  }

  @Authorized()
  @Mutation(() => DirectConversationType, {
    description: "Moves the signed-in user's read marker in the conversation with the named user forward to messageId.",
  })
  markDirectRead(
    @Arg('with', () => String) withName: string,
    @Arg('messageId', () => ID) messageId: string,
    @Ctx() context: SignedInContext,
  ): Promise<DirectConversation> {
    return context.services.readMarkers.markDirectRead(context.session.user, { with: withName, messageId });
  }
}
