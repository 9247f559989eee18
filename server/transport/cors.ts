import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSameOrigin } from './origin.js';

/**
 * Headers whose presence proves that a browser asked first (a CORS
 * preflight), so that no page of another site can have sent the request
 * unseen: Apollo's own two, and Authorization, which no page may add to a
 * cross-site request without a preflight either. A GET carrying one of them
 * may run a query; a GET with the cookie alone is refused as a possible CSRF.
 */
export const CSRF_PREFLIGHT_HEADERS: readonly string[] = ['x-apollo-operation-name', 'apollo-require-preflight', 'authorization'];

/** What a page of a CORS_ORIGINS origin may send: the token, JSON, and the preflight headers. */
const ALLOWED_REQUEST_HEADERS = ['authorization', 'content-type', 'accept', 'apollo-require-preflight', 'x-apollo-operation-name'];

/** How long a browser may reuse a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * The Origin of a request from a page of another site listed in CORS_ORIGINS,
 * or null: same origin, no Origin (not a browser), or an origin not listed.
 * Such a page calls with a Bearer token: its request never rides on the
 * session cookie (the caller ignores it), and no answer says
 * Access-Control-Allow-Credentials.
 */
export function corsOriginOf(request: IncomingMessage, corsOrigins: readonly string[]): string | null {
  const origin = request.headers.origin;
  if (origin === undefined || corsOrigins.length === 0) return null;
  if (isSameOrigin(origin, request.headers.host)) return null;
  return corsOrigins.includes(origin) ? origin : null;
}

/** Lets the page of `origin` read the answer, and the WWW-Authenticate of a refused token. */
export function allowOrigin(response: ServerResponse, origin: string): void {
  response.setHeader('Access-Control-Allow-Origin', origin);
  response.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate');
}

/** The answer to a preflight from a listed origin: GET and POST, with the headers a GraphQL client sends. */
export function answerPreflight(response: ServerResponse, origin: string): void {
  allowOrigin(response, origin);
  response.setHeader('Access-Control-Allow-Methods', 'GET, POST');
  response.setHeader('Access-Control-Allow-Headers', ALLOWED_REQUEST_HEADERS.join(', '));
  response.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
  response.statusCode = 204;
  response.end();
}
