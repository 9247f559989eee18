import { ErrorCode } from '../graphql/codes.js';

/**
 * The web client's one error handler: turns what an operation failed with into
 * a sentence for the person, or null when there is nothing to say (an aborted
 * request). The server's messages for its stable codes are written for people
 * and are shown as they are; anything else gets a friendly fallback and is logged.
 */
export interface OperationErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly networkError?: unknown;
  readonly graphQLErrors?: readonly { readonly message: string; readonly extensions?: Record<string, unknown> }[];
}

/** Codes whose server message is meant for the person who caused them: every code the server gives a client. */
const CLIENT_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

export const OFFLINE_MESSAGE = 'Cannot reach the server. Check your connection; it will be retried.';
export const FALLBACK_MESSAGE = 'Something went wrong. Try again in a moment.';

export function errorCode(error: OperationErrorLike | null | undefined): string | null {
  const code = error?.graphQLErrors?.[0]?.extensions?.code;
  return typeof code === 'string' ? code : null;
}

export function isAbort(error: unknown): boolean {
  const networkError = (error as OperationErrorLike | null)?.networkError ?? error;
  return (networkError as { name?: string } | null)?.name === 'AbortError';
}

export function handleError(
  error: OperationErrorLike | null | undefined,
  fallback = FALLBACK_MESSAGE,
  log: (...args: unknown[]) => void = console.error,
): string | null {
  if (!error || isAbort(error)) return null;
  const first = error.graphQLErrors?.[0];
  const code = errorCode(error);
  if (first && code && CLIENT_CODES.has(code)) return first.message;
  if (error.networkError) return OFFLINE_MESSAGE;
  log('operation failed', error);
  return fallback;
}

/**
 * What can be done about a message that was not sent: wait for the
 * connection (`offline`: the server was not reached), try again
 * (`retryable`: over the rate, the server's store away for a moment, or a
 * failure the server did not explain), or nothing (`permanent`: the server
 * refused it for a reason a retry does not change, such as an unknown
 * channel or user, a text over the limit, or a conversation that is not the
 * sender's).
 */
export type DeliveryFailure = 'offline' | 'retryable' | 'permanent';

const RETRYABLE_CODES: ReadonlySet<string> = new Set([ErrorCode.RateLimited, ErrorCode.Unavailable]);

export function deliveryFailure(error: OperationErrorLike | null | undefined): DeliveryFailure {
  const code = errorCode(error);
  if (code) return RETRYABLE_CODES.has(code) || !CLIENT_CODES.has(code) ? 'retryable' : 'permanent';
  return error?.networkError ? 'offline' : 'retryable';
}
