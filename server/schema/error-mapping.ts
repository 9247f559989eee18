import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { INTERNAL_SERVER_ERROR } from '../api/codes.js';
import { DomainError, ErrorCode } from '../domain/errors.js';
import type { Logger } from '../logger.js';

/**
 * The one place where errors become what clients see.
 *
 * - A DomainError keeps its code, message and details.
 * - An error in the request itself (syntax, validation, a variable of the
 *   wrong type, a limit) is BAD_USER_INPUT with graphql-js's message, which
 *   names the field at fault.
 * - Anything else is a fault of ours: logged in full, shown as
 *   INTERNAL_SERVER_ERROR with no detail.
 */
export function toClientError(error: unknown, log: Logger): GraphQLFormattedError {
  const graphQLError = error instanceof GraphQLError ? error : null;
  const original = unwrap(error);
  const where = graphQLError ? { locations: graphQLError.locations, path: graphQLError.path } : {};

  if (original instanceof DomainError)
    return { message: original.message, ...where, extensions: { ...original.details, code: original.code } };

  if (graphQLError && isRequestError(graphQLError))
    return { message: requestErrorMessage(graphQLError), ...where, extensions: { code: ErrorCode.BadUserInput } };

  log.error({ err: original }, 'unexpected error while executing an operation');
  return {
    message: 'Something went wrong on our side. Try again in a moment.',
    ...where,
    extensions: { code: INTERNAL_SERVER_ERROR },
  };
}

/** graphql-js gives up checking a query that costs too much, with a terse message of its own. */
function requestErrorMessage(error: GraphQLError): string {
  if (error.message === 'Validation aborted.') return 'The query is too large or too repetitive to check. Send a smaller one.';
  return error.message;
}

function unwrap(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

/**
 * graphql-js raises request errors (parse, validation, coercion of variables
 * and arguments) as GraphQLErrors without an original error; Apollo marks its
 * own with these codes.
 */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_FOUND',
]);

function isRequestError(error: GraphQLError): boolean {
  const code = error.extensions?.code;
  if (typeof code === 'string') return REQUEST_ERROR_CODES.has(code);
  return !error.originalError || error.originalError instanceof GraphQLError;
}
