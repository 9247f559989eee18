import type { Logger } from '../logger.js';
import { PostgresStore } from './postgres/postgres.store.js';
import { SqliteStore } from './sqlite/sqlite.store.js';
import type { Store } from '../domain/ports/store.port.js';
import { withUnavailableErrors } from './unavailable-store.js';

export const isPostgresUrl = (databaseUrl: string) => /^postgres(ql)?:\/\//i.test(databaseUrl);

/**
 * The store DATABASE_URL names, migrated to the newest schema: PostgreSQL for
 * `postgres://…` (shared by every instance), otherwise a SQLite file (one
 * instance only). Throws an error that names DATABASE_URL and says what to
 * do when the database cannot be used. `pgPoolSize` bounds the PostgreSQL
 * connections (PostgresStoreOptions.poolSize). Once open, a failure to store (disk
 * full, read-only, unreachable) reaches clients as UNAVAILABLE.
 */
export async function openStore(databaseUrl: string, log?: Logger, options: { pgPoolSize?: number } = {}): Promise<Store> {
  const store = isPostgresUrl(databaseUrl)
    ? await PostgresStore.open(databaseUrl, {
        poolSize: options.pgPoolSize,
        onIdleError: (error) => log?.warn({ err: error }, 'an idle PostgreSQL connection failed; the pool replaces it'),
      })
    : new SqliteStore(databaseUrl);
  return withUnavailableErrors(store, (error, operation) =>
    log?.warn({ err: error, operation }, 'the database cannot serve right now: the client is told to retry'),
  );
}
