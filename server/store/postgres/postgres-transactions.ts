import type pg from 'pg';

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
