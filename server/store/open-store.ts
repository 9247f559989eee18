import type { Logger } from '../logger.js';
import { PostgresStore } from './postgres/postgres.store.js';
import { SqliteStore } from './sqlite/sqlite.store.js';
import type { Store } from './store.js';

export const isPostgresUrl = (databaseUrl: string) => /^postgres(ql)?:\/\//i.test(databaseUrl);

/**
 * The store DATABASE_URL names, migrated to the newest schema: PostgreSQL for
 * `postgres://…` (shared by every instance), otherwise a SQLite file (one
 * instance only). Throws a clear error when PostgreSQL cannot be reached.
 */
export async function openStore(databaseUrl: string, log?: Logger): Promise<Store> {
  if (isPostgresUrl(databaseUrl))
    return PostgresStore.open(databaseUrl, {
      onIdleError: (error) => log?.warn({ err: error }, 'an idle PostgreSQL connection failed; the pool replaces it'),
    });
  return new SqliteStore(databaseUrl);
}
