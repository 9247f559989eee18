import { connect } from 'node:net';
import pg from 'pg';

/**
 * PostgreSQL and Redis for the scenarios that need them: a fresh database
 * created for the run and dropped after it, and a Redis prefix of its own,
 * so a run neither sees nor leaves anything. Where either is not reachable,
 * the scenario is skipped with a warning.
 */
export const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface BenchBackends {
  /** DATABASE_URL, REDIS_URL, REDIS_PREFIX for the chat server. */
  env: Record<string, string>;
  /** Drops the database (closing what is still connected to it). */
  drop(): Promise<void>;
}

async function admin<T>(task: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await task(client);
  } finally {
    await client.end();
  }
}

/** Whether Redis answers PING within 3 s. */
export function redisReachable(url = REDIS_URL): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(3_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** A fresh database and Redis prefix, or why there cannot be one. */
export async function createBenchBackends(name: string): Promise<BenchBackends | string> {
  if (!(await redisReachable())) return `Redis is not reachable at ${REDIS_URL} (BENCH_REDIS_URL)`;
  const database = `flask_chat_bench_${name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${Date.now().toString(36)}`;
  try {
    await admin((client) => client.query(`CREATE DATABASE ${database}`));
  } catch (error) {
    return `PostgreSQL is not usable at ${POSTGRES_ADMIN_URL} (BENCH_POSTGRES_URL): ${error instanceof Error ? error.message : String(error)}`;
  }
  const databaseUrl = new URL(POSTGRES_ADMIN_URL);
  databaseUrl.pathname = `/${database}`;
  return {
    env: { DATABASE_URL: databaseUrl.toString(), REDIS_URL, REDIS_PREFIX: `${database}:` },
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).then(() => undefined),
  };
}
