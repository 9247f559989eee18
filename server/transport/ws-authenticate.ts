import type { IncomingMessage } from 'node:http';
import type { AuthSession } from '../domain/models.js';
import type { Services } from '../domain/services.js';
import { sessionTokenFromCookie } from './cookies.js';
import { isAllowedOrigin } from './origin.js';

/** What authentication needs of a socket's upgrade request, read once when it opens. */
export interface Handshake {
  /** The session cookie's token, if the request carried one. */
  readonly cookieToken: string | null;
  /** Whether the page's Origin may use that cookie. */
  readonly cookieAllowed: boolean;
}

export function readHandshake(request: IncomingMessage, allowedOrigins: readonly string[]): Handshake {
  const cookieToken = sessionTokenFromCookie(request);
  return {
    cookieToken,
    cookieAllowed: cookieToken !== null && isAllowedOrigin(request.headers.origin, request.headers.host, allowedOrigins),
  };
}

/** What authentication needs of graphql-ws's context. */
interface ConnectingContext {
  readonly connectionParams?: Readonly<Record<string, unknown>>;
  readonly extra: { readonly handshake: Handshake | null };
}

/**
 * The connection's session: from `authToken` in connection_init, else from the
 * session cookie when the page's Origin may use it. An explicit token that is
 * not valid, or a cookie from a foreign page with no token, refuses the
 * connection (4403). No credentials at all make an anonymous connection, which
 * may only log in.
 */
export async function authenticate(ctx: ConnectingContext, services: Services): Promise<AuthSession | null | 'refused'> {
  const token = ctx.connectionParams?.authToken;
  if (token !== undefined && token !== null) {
    if (typeof token !== 'string') return 'refused';
    return (await services.sessions.authenticate(token)) ?? 'refused';
  }
  const { handshake } = ctx.extra;
  if (!handshake?.cookieToken) return null;
  if (!handshake.cookieAllowed) return 'refused';
  return services.sessions.authenticate(handshake.cookieToken);
}
