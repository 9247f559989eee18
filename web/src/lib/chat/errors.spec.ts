import { describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../graphql/codes.js';
import { deliveryFailure, errorCode, FALLBACK_MESSAGE, handleError, OFFLINE_MESSAGE } from './errors.js';

const graphQLError = (code: string, message: string) => ({ graphQLErrors: [{ message, extensions: { code } }] });

describe('handleError', () => {
  it("should show the server's sentence for the codes a person can act on", () => {
    const log = vi.fn();
    expect(handleError(graphQLError('CHANNEL_EXISTS', 'A channel named "x" exists already.'), undefined, log)).toBe(
      'A channel named "x" exists already.',
    );
    expect(handleError(graphQLError('USERNAME_TAKEN', 'The name "ada" is in use.'), undefined, log)).toBe('The name "ada" is in use.');
    expect(log).not.toHaveBeenCalled();
  });

  // The server's own enum: a code it adds is shown as the server words it, with no list to keep in step here.
  it.each(Object.values(ErrorCode))("should show the server's sentence for %s, without logging it", (code) => {
    const log = vi.fn();
    const error = graphQLError(code, `A sentence for ${code}.`);
    expect(handleError(error, 'Not sent.', log)).toBe(`A sentence for ${code}.`);
    expect(errorCode(error)).toBe(code);
    expect(log).not.toHaveBeenCalled();
  });

  it('should hide an internal error behind the fallback and log it', () => {
    const log = vi.fn();
    expect(handleError(graphQLError('INTERNAL_SERVER_ERROR', 'stack trace'), 'Not sent.', log)).toBe('Not sent.');
    expect(handleError({ message: 'weird' }, undefined, log)).toBe(FALLBACK_MESSAGE);
    expect(log).toHaveBeenCalledTimes(2);
  });

  it('should say the server cannot be reached on a network error', () => {
    expect(handleError({ networkError: new TypeError('Failed to fetch') }, undefined, vi.fn())).toBe(OFFLINE_MESSAGE);
  });

  it('should say nothing about an aborted request', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(handleError({ networkError: abort }, undefined, vi.fn())).toBeNull();
    expect(handleError(null)).toBeNull();
  });
});

describe('deliveryFailure', () => {
  it('should wait for the connection when the server was not reached', () => {
    expect(deliveryFailure({ networkError: new TypeError('Failed to fetch') })).toBe('offline');
  });

  it('should offer a retry over the rate, while the store is away, or for an unexplained failure', () => {
    expect(deliveryFailure(graphQLError(ErrorCode.RateLimited, 'Slow down.'))).toBe('retryable');
    expect(deliveryFailure(graphQLError(ErrorCode.Unavailable, 'Try again soon.'))).toBe('retryable');
    expect(deliveryFailure(graphQLError('INTERNAL_SERVER_ERROR', 'oops'))).toBe('retryable');
    expect(deliveryFailure({ message: 'weird' })).toBe('retryable');
  });

  it('should offer no retry for a refusal that a retry does not change', () => {
    for (const code of [ErrorCode.NotFound, ErrorCode.BadUserInput, ErrorCode.Forbidden, ErrorCode.Unauthenticated])
      expect(deliveryFailure(graphQLError(code, 'No.'))).toBe('permanent');
  });
});
