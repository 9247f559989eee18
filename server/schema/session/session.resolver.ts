import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { User } from '../../domain/models.js';
import { type GraphQLContext, type SignedInContext } from '../context.js';
import { UserType } from '../user/user.type.js';
import { SessionType } from './session.type.js';

@Resolver(() => SessionType)
export class SessionResolver {
  @Mutation(() => SessionType, {
    description:
      'Claims the name for one session; USERNAME_TAKEN while another session\nholds it. A protected name needs its password (WRONG_PASSWORD otherwise);\nwith it, the session that held the name ends.',
  })
  async login(
    @Arg('name', () => String) name: string,
    @Arg('password', () => String, { nullable: true }) password: string | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    const session = await context.services.sessions.login(name, password, context.session, context.client);
    context.setSessionCookie(session.token);
    return session;
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: 'Ends the current session and frees the name; a name without a password ends its user too.',
  })
  async logout(@Ctx() context: SignedInContext): Promise<boolean> {
    await context.services.sessions.logout(context.session);
    context.setSessionCookie(null);
    return true;
  }

  @Authorized()
  @Mutation(() => UserType, {
    description:
      "Protects the signed-in user's name with a password of 8 to 128\ncharacters, or changes it (currentPassword is then required).",
  })
  setPassword(
    @Arg('password', () => String) password: string,
    @Arg('currentPassword', () => String, { nullable: true }) currentPassword: string | undefined,
    @Ctx() context: SignedInContext,
  ): Promise<User> {
    return context.services.sessions.setPassword(context.session, password, currentPassword, context.client);
  }
}
