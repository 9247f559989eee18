import { unavailable } from '../domain/errors.js';
import type { Delivery, GroupDelivery, Store } from '../domain/ports/store.port.js';

/** How long a client is asked to wait before it retries what the store could not do. */
export const STORE_RETRY_AFTER_MS = 5000;

/**
 * SQLite result codes that say the database cannot be used right now, for
 * reasons outside the request: the disk or the file size limit is full, the
 * file became read-only, another program held the lock past the busy
 * timeout, or the disk failed. Extended codes (SQLITE_IOERR_WRITE,
 * SQLITE_READONLY_DBMOVED…) share the prefix.
 */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|READONLY|BUSY|LOCKED|IOERR|CANTOPEN)/;

/**
 * PostgreSQL SQLSTATEs of the same kind: 08 connection exceptions, 53
 * insufficient resources (53100 disk full), 57P01-57P03 a server shutting
 * down or starting, 58030 an I/O error, 25006 a read-only transaction (a
 * standby after a failover).
 */
const POSTGRES_UNAVAILABLE = /^(08...|53...|57P0[123]|58030|25006)$/;

/** The connection itself failing, below SQL: node's socket errors and node-postgres's own. */
const CONNECTION_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const POSTGRES_CLIENT_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** Whether `error` says the store cannot serve right now, rather than that the request or our code is wrong. */
export function isStoreUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (SQLITE_UNAVAILABLE.test(code) || POSTGRES_UNAVAILABLE.test(code) || CONNECTION_ERRNO.has(code)))
    return true;
  return error instanceof Error && POSTGRES_CLIENT_MESSAGES.test(error.message);
}

/**
 * The one place where the stores' failures to store become what clients
 * see: an UNAVAILABLE DomainError with `retryAfterMs`, never a generic
 * error. Wraps every method of `store` but `ping` (whose failure /healthz
 * reports itself) and `close`. `onUnavailable` hears the underlying error,
 * for the log.
 *
 * Errors thrown by an `announce` callback (or a `groupDelivery`) the caller passed in are the
 * caller's (the event transport's), not the store's: they pass unchanged.
 */
export function withUnavailableErrors(store: Store, onUnavailable: (error: unknown, operation: string) => void): Store {
  // One wrapper per method, made at its first use (by the function, should a method be replaced): every send passes here.
  const wrapped = new WeakMap<object, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'ping' || property === 'close') return value;
      let wrapper = wrapped.get(value);
      if (!wrapper) {
        wrapper = async (...args: unknown[]) => {
          try {
            return await value.apply(target, args.map(markAnnounceErrors));
          } catch (error) {
            if (typeof error === 'object' && error !== null && callerErrors.has(error)) throw error;
            if (!isStoreUnavailable(error)) throw error;
            onUnavailable(error, String(property));
            throw unavailable(STORE_RETRY_AFTER_MS);
          }
        };
        wrapped.set(value, wrapper);
      }
      return wrapper;
    },
  });
}

/** Errors thrown by what a caller passed in (an `announce`, a group delivery): the event transport's, passed on unchanged. */
const callerErrors = new WeakSet<object>();

function markCallerError(error: unknown): never {
  if (typeof error === 'object' && error !== null) callerErrors.add(error);
  throw error;
}

function markAnnounceErrors(arg: unknown): unknown {
  if (typeof arg !== 'object' || arg === null) return arg;
  const { announce, groupDelivery } = arg as { announce?: unknown; groupDelivery?: GroupDelivery };
  if (typeof announce !== 'function' && !groupDelivery) return arg;
  return {
    ...arg,
    ...(typeof announce === 'function' && {
      // Not an async function: the announcement runs in the store's commit order, and an extra turn per send is not free.
      announce: (...announced: unknown[]) => {
        try {
          return Promise.resolve(announce(...announced)).then(undefined, markCallerError);
        } catch (error) {
          return markCallerError(error);
        }
      },
    }),
    ...(groupDelivery && { groupDelivery: markedDelivery(groupDelivery) }),
  };
}

const markedDeliveries = new WeakMap<GroupDelivery, GroupDelivery>();

/** One wrapper per delivery, the same for every call: a store groups the writes that share it. */
function markedDelivery(delivery: GroupDelivery): GroupDelivery {
  let marked = markedDeliveries.get(delivery);
  if (!marked) {
    marked = {
      async deliverAll(deliveries: readonly Delivery[]) {
        try {
          return await delivery.deliverAll(deliveries);
        } catch (error) {
          return markCallerError(error);
        }
      },
    };
    markedDeliveries.set(delivery, marked);
  }
  return marked;
}
