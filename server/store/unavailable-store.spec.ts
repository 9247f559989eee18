import { describe, expect, it, vi } from 'vitest';
import { DomainError, ErrorCode } from '../domain/errors.js';
import type { Store } from '../domain/ports/store.port.js';
import { isStoreUnavailable, STORE_RETRY_AFTER_MS, withUnavailableErrors } from './unavailable-store.js';

const failure = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isStoreUnavailable', () => {
  it.each([
    'SQLITE_FULL',
    'SQLITE_READONLY',
    'SQLITE_READONLY_DBMOVED',
    'SQLITE_BUSY',
    'SQLITE_LOCKED',
    'SQLITE_IOERR_WRITE',
    'SQLITE_CANTOPEN',
  ])('should count SQLite %s as the store being unavailable', (code) => expect(isStoreUnavailable(failure(code))).toBe(true));

  it.each(['08006', '08001', '53100', '53300', '57P01', '57P03', '25006', 'ECONNREFUSED', 'ECONNRESET'])(
    'should count PostgreSQL or connection code %s as the store being unavailable',
    (code) => expect(isStoreUnavailable(failure(code))).toBe(true),
  );

  it('should count node-postgres losing its connection as the store being unavailable', () => {
    expect(isStoreUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isStoreUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it.each(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR', 'SQLITE_CORRUPT', '23505', '42P01'])(
    'should leave %s a fault of ours, not a store that is unavailable',
    (code) => expect(isStoreUnavailable(failure(code))).toBe(false),
  );
});

describe('withUnavailableErrors', () => {
  const storeThat = (methods: Partial<Record<keyof Store, (...args: any[]) => Promise<unknown>>>) => methods as unknown as Store;

  it('should turn a failure to store into UNAVAILABLE with retryAfterMs, and tell the log the cause', async () => {
    const cause = failure('SQLITE_FULL', 'database or disk is full');
    const onUnavailable = vi.fn();
    const store = withUnavailableErrors(storeThat({ addMessage: async () => Promise.reject(cause) }), onUnavailable);
    const error = await store.addMessage({} as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: ErrorCode.Unavailable,
      message: 'The server cannot store messages right now. Try again in a moment.',
      details: { retryAfterMs: STORE_RETRY_AFTER_MS },
    });
    expect(onUnavailable).toHaveBeenCalledWith(cause, 'addMessage');
  });

  it('should also catch a store method that throws before it returns a promise', async () => {
    const store = withUnavailableErrors(
      storeThat({
        listChannels: () => {
          throw failure('SQLITE_IOERR_READ');
        },
      }),
      () => {},
    );
    await expect(store.listChannels()).rejects.toMatchObject({ code: ErrorCode.Unavailable });
  });

  it('should pass other errors on unchanged', async () => {
    const bug = new TypeError('a bug of ours');
    const store = withUnavailableErrors(storeThat({ listChannels: async () => Promise.reject(bug) }), () => {});
    await expect(store.listChannels()).rejects.toBe(bug);
  });

  it("should pass on an error of the caller's announce callback, even one that looks like a connection failure", async () => {
    const publishFailed = failure('ECONNREFUSED', 'Redis is away');
    const store = withUnavailableErrors(
      storeThat({ addMessage: async (input: { announce: (m: unknown) => Promise<void> }) => input.announce({ id: '1' }) }),
      () => {},
    );
    await expect(store.addMessage({ announce: async () => Promise.reject(publishFailed) } as never)).rejects.toBe(publishFailed);
  });

  it('should leave ping alone: /healthz reports its failure itself', async () => {
    const cause = failure('SQLITE_FULL');
    const store = withUnavailableErrors(storeThat({ ping: async () => Promise.reject(cause) }), () => {});
    await expect(store.ping()).rejects.toBe(cause);
  });
});
