import type { TypedDocumentString } from './generated/graphql.js';

/** An error the API answered, with what a client acts on: its code, and when to retry. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** `extensions.code`: UNAUTHENTICATED, RATE_LIMITED, UNAVAILABLE… (the schema's ErrorCode enum lists them all). */
    readonly code: string | undefined,
    /** `extensions.retryAfterMs` of RATE_LIMITED and UNAVAILABLE: wait this long, then retry. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; retryAfterMs?: number } }[];
}

/**
 * One operation over HTTP POST, typed by its generated document. A token goes
 * as `Authorization: Bearer`; a token the server no longer knows is answered
 * 401 with UNAUTHENTICATED, which this throws like any other error.
 */
export async function request<TResult, TVariables>(
  httpUrl: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  token?: string,
): Promise<TResult> {
  const response = await fetch(httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json()) as GraphQLBody<TResult>;
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, error.extensions?.code, error.extensions?.retryAfterMs);
  if (!body.data) throw new ApiError(`HTTP ${response.status} without data`, undefined, undefined);
  return body.data;
}

/**
 * Runs `attempt`, and again after `retryAfterMs` when the server says to wait
 * (RATE_LIMITED, UNAVAILABLE), at most `attempts` times. With a `clientId`,
 * a retried send is stored once, however many times it reached the server.
 */
export async function withRetryAfter<T>(attempt: () => Promise<T>, attempts = 5): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ApiError) || error.retryAfterMs === undefined || tries >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs));
    }
  }
}
