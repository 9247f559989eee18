import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCode } from '../domain/errors.js';
import { toClientError } from './error-mapping.js';

function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'error' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

describe('toClientError', () => {
  it("should keep a domain error's code, message and details, wherever it was thrown", () => {
    const { log } = recordingLogger();
    const domain = new DomainError(ErrorCode.RateLimited, 'Slow down.', { retryAfterMs: 250 });
    const wrapped = new GraphQLError(domain.message, { path: ['sendMessage'], originalError: domain });
    expect(toClientError(wrapped, log)).toEqual({
      message: 'Slow down.',
      path: ['sendMessage'],
      locations: undefined,
      extensions: { retryAfterMs: 250, code: 'RATE_LIMITED' },
    });
  });

  it('should pass FORBIDDEN through with its sentence and the field at fault', () => {
    const { log, lines } = recordingLogger();
    const domain = new DomainError(ErrorCode.Forbidden, 'Only the author of a message may edit it.', { field: 'id' });
    const wrapped = new GraphQLError(domain.message, { path: ['editMessage'], originalError: domain });
    expect(toClientError(wrapped, log)).toMatchObject({
      message: 'Only the author of a message may edit it.',
      extensions: { field: 'id', code: 'FORBIDDEN' },
    });
    expect(lines).toEqual([]);
  });

  it('should never let details override the code', () => {
    const { log } = recordingLogger();
    const domain = new DomainError(ErrorCode.NotFound, 'Gone.', { code: 'SOMETHING_ELSE' });
    expect(toClientError(domain, log).extensions?.code).toBe('NOT_FOUND');
  });

  it("should turn errors in the request itself into BAD_USER_INPUT with graphql-js's message", () => {
    const { log, lines } = recordingLogger();
    const error = new GraphQLError('Cannot query field "nope" on type "Query".');
    expect(toClientError(error, log)).toMatchObject({ message: error.message, extensions: { code: 'BAD_USER_INPUT' } });
    const apollo = new GraphQLError('Syntax Error: Unexpected <EOF>.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(toClientError(apollo, log).extensions?.code).toBe('BAD_USER_INPUT');
    expect(lines).toEqual([]);
  });

  it('should say in words that a query was too costly to validate', () => {
    const { log } = recordingLogger();
    expect(toClientError(new GraphQLError('Validation aborted.'), log).message).toMatch(/too large or too repetitive/);
  });

  it('should hide anything unexpected behind INTERNAL_SERVER_ERROR, and log it in full', () => {
    const { log, lines } = recordingLogger();
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    const wrapped = new GraphQLError(bug.message, { originalError: bug });
    const client = toClientError(wrapped, log);
    expect(client).toEqual({
      message: 'Something went wrong on our side. Try again in a moment.',
      locations: undefined,
      path: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(client)).not.toMatch(/Cannot read|TypeError/);
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).toMatch(/Cannot read properties/);
  });

  it('should hide an unknown Apollo code too', () => {
    const { log } = recordingLogger();
    const error = new GraphQLError('internal detail', { extensions: { code: 'SOME_PLUGIN_CODE' } });
    expect(toClientError(error, log).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });
});
