import type { AuthSession, ClientInfo } from '../domain/models.js';
import type { Services } from '../domain/services.js';
import { unauthenticated } from '../domain/errors.js';

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

/** The caller's session; UNAUTHENTICATED without one. */
export function requireSession(context: GraphQLContext): AuthSession {
  if (!context.session) throw unauthenticated();
  return context.session;
}
