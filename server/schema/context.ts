import type { AuthChecker, SubscribeResolverData } from 'type-graphql';
import { unauthenticated } from '../domain/errors.js';
import type { AuthSession, ClientInfo } from '../domain/models.js';
import type { Services } from '../domain/services.js';

/** What every resolver receives, over HTTP and over WebSocket alike. */
export interface GraphQLContext {
  readonly services: Services;
  /** The caller's session, or null when it sent no valid token. */
  readonly session: AuthSession | null;
  /** Where the request or the WebSocket came from: limits per address count by it. */
  readonly client: ClientInfo;
  /**
   * Sets (a token) or clears (null) the browser's session cookie. Over
   * WebSocket there is no response to carry a cookie: a no-op there.
   */
  readonly setSessionCookie: (token: string | null) => void;
}

/** The context of an operation that passed `@Authorized()`. */
export interface SignedInContext extends GraphQLContext {
  readonly session: AuthSession;
}

/**
 * Authorisation in one place: `@Authorized()` operations need a session, and
 * are refused with UNAUTHENTICATED (the domain's error, so that clients get
 * its sentence) without one. Subscriptions are checked before they subscribe.
 */
export const requireSignedIn: AuthChecker<GraphQLContext> = ({ context }) => {
  if (!context.session) throw unauthenticated();
  return true;
};

/**
 * The `subscribe` of an `@Authorized()` subscription, typed: type-graphql hands
 * `subscribe` an untyped context and arguments, cast here once.
 */
export function subscribeSignedIn<Args, Event>(
  subscribe: (context: SignedInContext, args: Args) => Promise<AsyncIterable<Event>> | AsyncIterable<Event>,
) {
  return ({ context, args }: SubscribeResolverData<unknown, Args, SignedInContext>) => subscribe(context, args);
}
