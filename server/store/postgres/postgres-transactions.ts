import type pg from 'pg';
import { KeyedMutex } from '../keyed-mutex.js';

/**
 * Namespaces of the two-key advisory locks that order sends; the migration
 * lock uses the one-key form, a separate key space.
 */
export enum LockSpace {
  Channel = 1,
  User = 2,
  /** Claims of a name, keyed by its skeleton's hash. */
  Name = 3,
}

export type OrderingLock = readonly [LockSpace, number];

/** Advisory lock keys are int4: ids beyond fold onto others, which only makes those share a queue. */
export const lockKey = (id: string) => Number(BigInt(id) % 2_147_483_647n);

/** Runs `work` in a transaction on `client`, or on a pooled connection when none is given. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, client?: pg.PoolClient): Promise<T> {
  const own = client ?? (await pool.connect());
  let broken: Error | undefined;
  try {
    await own.query('BEGIN');
    try {
      const result = await work(own);
      await own.query('COMMIT');
      return result;
    } catch (error) {
      await own.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    }
  } finally {
    if (!client) own.release(broken);
  }
}

/** What a committed send or change announces: its message and its outbox entry. */
export interface Announcement<M, E> {
  readonly message: M;
  readonly entry?: E | null;
}

/**
 * Runs sends (and changes of messages) in the order their locks grant:
 * lock, transaction, announce, unlock (see PostgresStore). Work that shares a
 * lock queues in process first, so each instance keeps at most one
 * connection waiting per lock instead of filling the pool with waiters.
 */
export class SendSequencer {
  private readonly queue = new KeyedMutex();

  constructor(private readonly pool: pg.Pool) {}

  /** `announced` picks from the committed result what to announce, or null when nothing was written. */
  run<T, M, E>(
    locks: readonly OrderingLock[],
    announce: ((message: M, entry: E | null) => Promise<void>) | undefined,
    work: (client: pg.PoolClient) => Promise<T>,
    announced: (result: T) => Announcement<M, E> | null,
  ): Promise<T> {
    return this.queue.run(
      locks.map(([space, key]) => `${space}:${key}`),
      async () => {
        const client = await this.pool.connect();
        let broken: Error | undefined;
        try {
          // Session-level locks, taken in the order given (callers sort them), so two sends never deadlock.
          for (const [space, key] of locks) await client.query('SELECT pg_advisory_lock($1, $2)', [space, key]);
          const result = await inTransaction(this.pool, work, client);
          const announcement = announced(result);
          if (announcement) await announce?.(announcement.message, announcement.entry ?? null);
          return result;
        } finally {
          // A connection that cannot unlock is thrown away, which unlocks too.
          await client.query('SELECT pg_advisory_unlock_all()').catch((error: Error) => (broken = error));
          client.release(broken);
        }
      },
    );
  }
}
