import { Authorized, Ctx, FieldResolver, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { User } from '../../domain/models.js';
import { subscribeSignedIn, type GraphQLContext, type SignedInContext } from '../context.js';
import { subscriptionEvent } from '../subscription-event.js';
import { UserType } from './user.type.js';

@Resolver(() => UserType)
export class UserResolver {
  @Query(() => UserType, { nullable: true, description: 'The signed-in user, or null.' })
  me(@Ctx() context: GraphQLContext): User | null {
    return context.session?.user ?? null;
  }

  @Authorized()
  @Query(() => [UserType])
  onlineUsers(@Ctx() context: SignedInContext): User[] {
    return context.services.presence.onlineUsers();
  }

  @Authorized()
  @Query(() => [UserType], {
    description: 'Users with whom the signed-in user has exchanged direct messages, most recent first.',
  })
  conversations(@Ctx() context: SignedInContext): Promise<User[]> {
    return context.services.directMessages.partners(context.session.user);
  }

  @FieldResolver(() => Boolean, { description: 'True while the user has at least one live connection.' })
  online(@Root() user: User & { online?: boolean }, @Ctx() context: GraphQLContext): boolean {
    // A presence event says what the transition was; anywhere else, ask the tracker.
    return user.online ?? context.services.presence.isOnline(user.id);
  }

  @Authorized()
  @Subscription(() => UserType, {
    description: 'A user who came online or went offline.',
    subscribe: subscribeSignedIn((context) => context.services.presence.subscribe()),
  })
  presenceChanged(@Root() user: User & { online: boolean }): User & { online: boolean } {
    return subscriptionEvent(user);
  }
}
