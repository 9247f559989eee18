import { parse as parseCookies, serialize } from 'cookie';
import type { IncomingMessage } from 'node:http';

/** The browser's session cookie: HttpOnly, so page scripts never see the token. */
export const SESSION_COOKIE = 'flask_chat_session';

export function sessionTokenFromCookie(request: IncomingMessage): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  return parseCookies(header)[SESSION_COOKIE] ?? null;
}

export function bearerToken(request: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? null;
}

/**
 * A Set-Cookie value that stores the token, or (null) clears the cookie.
 * `secure` comes from ProxyTrust#isSecure (client-address.ts): only TLS here
 * or a trusted proxy's X-Forwarded-Proto makes a request HTTPS.
 */
export function sessionCookie(token: string | null, options: { maxAgeSeconds: number; secure: boolean }): string {
  return serialize(SESSION_COOKIE, token ?? '', {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: '/',
    // A session lasting under a second still needs a cookie that lives: Max-Age=0 would delete it.
    maxAge: token === null ? 0 : Math.max(1, Math.floor(options.maxAgeSeconds)),
  });
}
