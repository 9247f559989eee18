import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { requireSession, type GraphQLContext } from '../context.js';
import { SessionType } from './session.type.js';

@Resolver(() => SessionType)
export class SessionResolver {
  @Mutation(() => SessionType, {
    description: 'Claims the name for one session; USERNAME_TAKEN while another session holds it.',
  })
  async login(@Arg('name', () => String) name: string, @Ctx() context: GraphQLContext) {
    const session = await context.services.sessions.login(name, context.session, context.client);
    context.setSessionCookie(session.token);
    return session;
  }

  @Mutation(() => Boolean, { description: 'Ends the current session and frees the name.' })
  async logout(@Ctx() context: GraphQLContext): Promise<boolean> {
    await context.services.sessions.logout(requireSession(context));
    context.setSessionCookie(null);
    return true;
  }
}
