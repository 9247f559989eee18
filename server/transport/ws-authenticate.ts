import type { IncomingMessage } from 'node:http';
import type { AuthSession } from '../domain/models.js';
import type { Services } from '../domain/services.js';
import { CloseCode } from './close-codes.js';
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

/** Why a socket is refused: the close code and a reason that says what to fix, never the token itself. */
export interface Refusal {
  readonly code: CloseCode;
  readonly reason: string;
}

/**
 * 4401 is fatal for graphql-ws clients (its `Unauthorized`): retrying the same
 * token cannot help, so the caller hears at once that it must sign in again.
 */
const badToken = (reason: string): Refusal => ({ code: CloseCode.InvalidToken, reason });
const UNKNOWN_TOKEN = badToken('Unknown or expired token: sign in again');
const FOREIGN_COOKIE: Refusal = { code: CloseCode.Forbidden, reason: 'Forbidden' };

/**
 * The token connection_init carries, in the shapes clients send: `authToken`,
 * or `Authorization` (any case of the key, as GraphiQL and Apollo-style
 * clients pass their headers), also inside `headers`; with or without
 * `Bearer `. Undefined when there is none; a Refusal when it is malformed.
 */
export function tokenOf(params: Readonly<Record<string, unknown>> | undefined): string | Refusal | undefined {
  if (!params) return undefined;
  const [key, value] = tokenEntry(params) ?? tokenEntry(isRecord(params.headers) ? params.headers : {}) ?? [];
  if (key === undefined || value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return badToken(`${key} must be a string`);
  const token = value.replace(/^\s*Bearer\s+/i, '').trim();
  if (token === '') return badToken(`${key} is empty`);
  if (/\s/.test(token)) return badToken(`${key} must be one token, optionally after "Bearer "`);
  return token;
}

function tokenEntry(params: Readonly<Record<string, unknown>>): [string, unknown] | undefined {
  if (params.authToken !== undefined) return ['authToken', params.authToken];
  const key = Object.keys(params).find((name) => name.toLowerCase() === 'authorization');
  return key === undefined ? undefined : [key, params[key]];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The connection's session: from the token in connection_init, else from the
 * session cookie when the page's Origin may use it. A token that is malformed,
 * unknown or expired closes the socket with 4401 and a reason; a cookie from a
 * foreign page with no token with 4403. No credentials at all make an
 * anonymous connection, which may only log in.
 */
export async function authenticate(ctx: ConnectingContext, services: Services): Promise<AuthSession | null | Refusal> {
  const token = tokenOf(ctx.connectionParams);
  if (token !== undefined) {
    if (typeof token !== 'string') return token;
    return (await services.sessions.authenticate(token)) ?? UNKNOWN_TOKEN;
  }
  const { handshake } = ctx.extra;
  if (!handshake?.cookieToken) return null;
  if (!handshake.cookieAllowed) return FOREIGN_COOKIE;
  return services.sessions.authenticate(handshake.cookieToken);
}
