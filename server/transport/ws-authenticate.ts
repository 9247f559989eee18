import type { AuthSession } from '../domain/models.js';
import type { Services } from '../domain/services.js';
import { sessionTokenFromCookie } from './cookies.js';
import { isAllowedOrigin } from './origin.js';
import type { SocketExtra } from './ws-adapter.js';

/** What authentication needs of graphql-ws's context. */
interface ConnectingContext {
  readonly connectionParams?: Readonly<Record<string, unknown>>;
  readonly extra: SocketExtra;
}

/**
 * The connection's session: from `authToken` in connection_init, else from the
 * session cookie when the page's Origin may use it. An explicit token that is
 * not valid, or a cookie from a foreign page with no token, refuses the
 * connection (4403). No credentials at all make an anonymous connection, which
 * may only log in.
 */
export async function authenticate(
  ctx: ConnectingContext,
  services: Services,
  allowedOrigins: readonly string[],
): Promise<AuthSession | null | 'refused'> {
  const token = ctx.connectionParams?.authToken;
  if (token !== undefined && token !== null) {
    if (typeof token !== 'string') return 'refused';
    return (await services.sessions.authenticate(token)) ?? 'refused';
  }
  const { request } = ctx.extra;
  const cookieToken = sessionTokenFromCookie(request);
  if (!cookieToken) return null;
  if (!isAllowedOrigin(request.headers.origin, request.headers.host, allowedOrigins)) return 'refused';
  return services.sessions.authenticate(cookieToken);
}
