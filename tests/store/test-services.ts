import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';

/**
 * The real PostgreSQL and Redis the store contract and scale-out tests run
 * against. Locally, a missing service skips those tests with a loud message;
 * under CI=true it fails them, since CI promises both services.
 */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const isCI = process.env.CI === 'true';

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

async function redisReachable(): Promise<string | null> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 3000, retryStrategy: () => null });
  let firstError: Error | null = null;
  client.on('error', (error: Error) => (firstError ??= error));
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return (firstError ?? (error as Error)).message || String(error);
  } finally {
    client.disconnect();
  }
}

/**
 * Whether the named services are up. When one is not: throws under CI=true,
 * otherwise prints a loud warning and returns false, for `describe.skipIf`.
 */
export async function servicesAvailable(suite: string, needs: { postgres?: boolean; redis?: boolean }): Promise<boolean> {
  const missing: string[] = [];
  if (needs.postgres) {
    const problem = await postgresReachable();
    if (problem) missing.push(`PostgreSQL at ${POSTGRES_ADMIN_URL} (${problem})`);
  }
  if (needs.redis) {
    const problem = await redisReachable();
    if (problem) missing.push(`Redis at ${REDIS_URL} (${problem})`);
  }
  if (missing.length === 0) return true;
  const message = `${suite} needs ${missing.join(' and ')}`;
  if (isCI) throw new Error(`${message}: CI=true, so this fails instead of skipping.`);
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPED: ${message}.\n!! Start the service (or set TEST_POSTGRES_URL / TEST_REDIS_URL) to run these tests.\n${'!'.repeat(78)}\n`,
  );
  return false;
}

export interface TestDatabase {
  /** A DATABASE_URL for the new, empty database. */
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test run, dropped afterwards. Its collation is a
 * real-world locale (ICU en-US) rather than C, so that orderings which only
 * hold by accident under C show up.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `flask_chat_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} LOCALE_PROVIDER icu ICU_LOCALE 'en-US' TEMPLATE template0`);
  } catch {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A Redis key and channel prefix of its own for one test run, and a way to delete its keys after. */
export function createRedisPrefix(): { prefix: string; cleanUp(): Promise<void> } {
  const prefix = `flask-chat-test:${randomBytes(6).toString('hex')}:`;
  return {
    prefix,
    async cleanUp() {
      const client = new Redis(REDIS_URL, { lazyConnect: true, retryStrategy: () => null });
      client.on('error', () => {});
      try {
        await client.connect();
        const keys: string[] = [];
        let cursor = '0';
        do {
          const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          cursor = next;
          keys.push(...batch);
        } while (cursor !== '0');
        if (keys.length > 0) await client.del(...keys);
      } finally {
        client.disconnect();
      }
    },
  };
}
