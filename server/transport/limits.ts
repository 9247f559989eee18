import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { DomainError, ErrorCode } from '../domain/errors.js';

/**
 * Limits that hold on both paths: Apollo validates HTTP requests, graphql-ws
 * validates WebSocket operations on its own, so both are handed the same rules.
 */

/** The largest HTTP request body accepted; larger ones get 413. */
export const MAX_HTTP_BODY_BYTES = 1024 * 1024;
/** The largest WebSocket message accepted; a larger one closes the socket with 1009. A 4,000-character message fits many times. */
export const MAX_WS_MESSAGE_BYTES = 64 * 1024;
/** A WebSocket that has not sent connection_init by then is closed with 4408. */
export const CONNECTION_INIT_TIMEOUT_MS = 10_000;
/**
 * Operations one WebSocket connection may have running at once. The web app
 * needs a handful (its live subscriptions and the queries in flight); this
 * leaves room and still stops a runaway client.
 */
export const MAX_OPERATIONS_PER_SOCKET = 50;
/** The longest operation id accepted; a longer one closes the socket with 4400, and is never echoed. */
export const MAX_OPERATION_ID_LENGTH = 128;
/** Deepest selection accepted (introspection is exempt): the deepest real query of the API is 4. */
export const MAX_QUERY_DEPTH = 10;
/** Most aliases in one operation. */
export const MAX_ALIASES = 15;

/**
 * graphql-armor throws its rejection out of the validator by default, which
 * Apollo and graphql-ws treat as a crash (INTERNAL_SERVER_ERROR). Reported as
 * validation errors instead, they reach the client as BAD_USER_INPUT. Its
 * "Syntax Error:" prefix is dropped: the query's syntax is fine, its size is not.
 */
const limitOptions = {
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''))),
  ],
};

export const validationLimits: ValidationRule[] = [
  maxDepthRule({ n: MAX_QUERY_DEPTH, ...limitOptions }) as unknown as ValidationRule,
  maxAliasesRule({ n: MAX_ALIASES, ...limitOptions }) as unknown as ValidationRule,
];

/** "4 MiB", "512 KiB" or "3000 bytes": a size as a person reads it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** What a client gets instead of an answer over MAX_RESPONSE_BYTES: never a truncated one. */
export const answerTooLarge = (maxBytes: number) =>
  new DomainError(ErrorCode.BadUserInput, `The answer would be larger than ${formatBytes(maxBytes)}: ask for fewer messages or fields.`, {
    maxBytes,
  });
