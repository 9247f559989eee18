import { HeaderMap, type ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError, ErrorCode } from '../domain/errors.js';
import type { AuthSession } from '../domain/models.js';
import type { Services } from '../domain/services.js';
import type { Logger } from '../logger.js';
import type { GraphQLContext } from '../schema/context.js';
import { toClientError } from '../schema/error-mapping.js';
import type { ProxyTrust } from './client-address.js';
import { bearerToken, sessionCookie, sessionTokenFromCookie } from './cookies.js';
import { allowOrigin, answerPreflight, corsOriginOf } from './cors.js';
import { answerTooLarge, MAX_HTTP_BODY_BYTES } from './limits.js';
import { setSecurityHeaders } from './security-headers.js';

/** Serves whatever is not the API: the web app, the playground. Calls `next` when it has nothing. */
export type NodeHandler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

export interface HttpDependencies {
  apollo: ApolloServer<GraphQLContext>;
  services: Services;
  log: Logger;
  /** Checks the store (and event transport) for /healthz; throws when unhealthy. */
  healthCheck: () => Promise<void>;
  sessionMaxAgeSeconds: number;
  /** Who sent a request, and over what (TRUST_PROXY decides whether X-Forwarded-For and -Proto count). */
  proxy: ProxyTrust;
  /** MAX_RESPONSE_BYTES: a larger answer is replaced by an error. */
  maxResponseBytes: number;
  /** The web app and the playground, when built. */
  web: NodeHandler | null;
  /** CORS_ORIGINS: pages of these origins may call /graphql with a Bearer token, never with the cookie. */
  corsOrigins: readonly string[];
}

class PayloadTooLargeError extends Error {}

/** The request listener for the one HTTP port: /graphql, /healthz, then the web app. */
export function createHttpHandler(deps: HttpDependencies) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const path = (request.url ?? '/').split('?')[0]!;
    const secure = deps.proxy.isSecure(request);
    setSecurityHeaders(response, { secure, path });
    // The web app reads X-Forwarded-Proto too: it gets our verdict, never a client's own claim.
    request.headers['x-forwarded-proto'] = secure ? 'https' : 'http';
    if (deps.log.isLevelEnabled('debug')) logWhenAnswered(deps, request, response, path);
    const handled =
      path === '/graphql'
        ? handleGraphQL(deps, request, response, secure)
        : path === '/healthz'
          ? handleHealth(deps, response)
          : serveWeb(deps, request, response);
    handled.catch((error: unknown) => {
      deps.log.error({ err: error, path }, 'request failed');
      if (!response.headersSent) sendJson(response, 500, { error: 'Something went wrong on our side.' });
      else response.destroy();
    });
  };
}

/**
 * One debug line per request once it is answered (or abandoned). The path
 * goes without its query string, which may carry a GET query's variables.
 */
function logWhenAnswered(deps: HttpDependencies, request: IncomingMessage, response: ServerResponse, path: string): void {
  const startedAt = performance.now();
  response.once('close', () => {
    deps.log.debug(
      {
        method: request.method,
        path,
        status: response.statusCode,
        durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
        client: deps.proxy.clientOf(request).address,
        ...(response.writableFinished ? {} : { aborted: true }),
      },
      'request',
    );
  });
}

async function handleHealth(deps: HttpDependencies, response: ServerResponse): Promise<void> {
  try {
    await deps.healthCheck();
    sendJson(response, 200, { status: 'ok' });
  } catch (error) {
    deps.log.warn({ err: error }, 'health check failed');
    sendJson(response, 503, { status: 'unavailable' });
  }
}

async function serveWeb(deps: HttpDependencies, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const notFound = () =>
    sendJson(response, 404, {
      error: deps.web ? 'Not found.' : 'Not found. The web app is not built: run `npm run build`.',
    });
  if (!deps.web) return notFound();
  deps.web(request, response, notFound);
}

async function handleGraphQL(deps: HttpDependencies, request: IncomingMessage, response: ServerResponse, secure: boolean) {
  const method = (request.method ?? 'GET').toUpperCase();
  const corsOrigin = corsOriginOf(request, deps.corsOrigins);
  // What /graphql answers depends on the Origin once some origins may read it.
  if (deps.corsOrigins.length > 0) response.setHeader('Vary', 'Origin');
  if (corsOrigin) allowOrigin(response, corsOrigin);
  if (method === 'OPTIONS' && request.headers.origin !== undefined) {
    if (corsOrigin) return answerPreflight(response, corsOrigin);
    return sendJson(response, 403, {
      errors: [
        {
          message: 'Pages of this origin may not call the API: the server lists the origins it allows in CORS_ORIGINS.',
          extensions: { code: ErrorCode.Forbidden },
        },
      ],
    });
  }
  if (method !== 'GET' && method !== 'POST') {
    response.setHeader('Allow', 'GET, POST');
    return sendJson(response, 405, { errors: [{ message: 'Use POST (or GET for queries).', extensions: { code: 'BAD_REQUEST' } }] });
  }

  let raw: string;
  try {
    raw = method === 'POST' ? await readBody(request, MAX_HTTP_BODY_BYTES) : '';
  } catch (error) {
    if (error instanceof PayloadTooLargeError) {
      response.setHeader('Connection', 'close');
      return sendJson(response, 413, {
        errors: [{ message: `The request is larger than ${MAX_HTTP_BODY_BYTES} bytes.`, extensions: { code: 'BAD_USER_INPUT' } }],
      });
    }
    throw error;
  }

  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = raw;
  if (method === 'POST' && headers.get('content-type')?.startsWith('application/json')) {
    try {
      body = raw === '' ? {} : JSON.parse(raw);
    } catch {
      return sendJson(response, 400, {
        errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_USER_INPUT' } }],
      });
    }
  }

  const cookies: string[] = [];
  const result = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers, search: new URL(request.url ?? '/', 'http://x').search, body },
    context: async (): Promise<GraphQLContext> => ({
      services: deps.services,
      // A page of a CORS origin calls with its token only: the cookie is the user's session on this site, not theirs.
      session: await sessionOf(deps, request, corsOrigin === null),
      client: deps.proxy.clientOf(request),
      setSessionCookie: (token) => cookies.push(sessionCookie(token, { maxAgeSeconds: deps.sessionMaxAgeSeconds, secure })),
    }),
  });

  for (const [key, value] of result.headers) response.setHeader(key, value);
  if (cookies.length > 0) response.setHeader('Set-Cookie', cookies);
  response.setHeader('Cache-Control', 'no-store');
  response.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    response.end(withinAnswerCap(deps, result.body.string));
    return;
  }
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}

/**
 * The session of a request: its Bearer token's, else (when `cookieCounts`) its
 * cookie's, else none. A Bearer token that is unknown or expired is refused
 * with 401 and `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750),
 * never taken for no token: a client with a stale token learns it at once.
 * Thrown from Apollo's context, so the refusal has the API's error body.
 */
async function sessionOf(deps: HttpDependencies, request: IncomingMessage, cookieCounts: boolean): Promise<AuthSession | null> {
  const token = bearerToken(request);
  if (token === null) return cookieCounts ? deps.services.sessions.authenticate(sessionTokenFromCookie(request)) : null;
  const session = await deps.services.sessions.authenticate(token);
  if (session) return session;
  const refusal = new DomainError(ErrorCode.Unauthenticated, 'The Bearer token is unknown or has expired: sign in again for a new one.');
  throw new GraphQLError(refusal.message, {
    originalError: refusal,
    extensions: {
      http: {
        status: 401,
        headers: new HeaderMap([
          ['www-authenticate', 'Bearer error="invalid_token", error_description="The token is unknown or has expired"'],
        ]),
      },
    },
  });
}

/**
 * The answer, or an error in its place when it passes MAX_RESPONSE_BYTES:
 * never a truncated answer. The cost limit keeps honest queries far below.
 */
function withinAnswerCap(deps: HttpDependencies, body: string): string {
  // A UTF-16 unit is at most 3 bytes of UTF-8: most answers need no count at all.
  if (body.length * 3 <= deps.maxResponseBytes || Buffer.byteLength(body) <= deps.maxResponseBytes) return body;
  deps.log.warn({ bytes: Buffer.byteLength(body), limit: deps.maxResponseBytes }, 'answer over MAX_RESPONSE_BYTES refused');
  return JSON.stringify({ errors: [toClientError(answerTooLarge(deps.maxResponseBytes), deps.log)] });
}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      request.resume();
      reject(new PayloadTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        reject(new PayloadTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}
