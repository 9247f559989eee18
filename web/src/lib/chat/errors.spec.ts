import { describe, expect, it, vi } from 'vitest';
import { FALLBACK_MESSAGE, handleError, OFFLINE_MESSAGE } from './errors.js';

const graphQLError = (code: string, message: string) => ({ graphQLErrors: [{ message, extensions: { code } }] });

describe('handleError', () => {
  it("should show the server's sentence for the codes a person can act on", () => {
    const log = vi.fn();
    expect(handleError(graphQLError('CHANNEL_EXISTS', 'A channel named "x" exists already.'), undefined, log)).toBe('A channel named "x" exists already.');
    expect(handleError(graphQLError('USERNAME_TAKEN', 'The name "ada" is in use.'), undefined, log)).toBe('The name "ada" is in use.');
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
