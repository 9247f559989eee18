import type pg from 'pg';
import type { Delivery, GroupDelivery } from '../../domain/ports/store.port.js';
import { KeyedMutex } from '../keyed-mutex.js';
import { forgetAndUnlock } from './postgres-statements.js';
import type { OrderingLock } from './postgres-transactions.js';

/** A send (or change of a message) to run under its ordering locks, in its group's transaction. */
export interface SequencedWrite<T> {
  /**
   * The write's statements, on the group's connection inside its
   * transaction. A throw rolls back this write alone. It may run twice
   * (rolled back in between, see SendSequencer), so it does nothing but SQL.
   */
  write(client: pg.PoolClient): Promise<T>;
  /** What the committed result announces, or null when nothing was written. */
  announcement(result: T): Announcing | null;
}

/**
 * How a committed write is announced: with the other writes of its group
 * that go to the same delivery (its outbox entry and events), or alone.
 */
export type Announcing = { readonly together: GroupDelivery; readonly delivery: Delivery } | { readonly alone: () => Promise<void> };

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

interface Queued {
  readonly sequenced: SequencedWrite<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Enough to share one commit and one publish widely, few enough that the locks are held briefly. */
export const WRITES_PER_GROUP = 64;

/**
 * Runs sends (and changes of messages) in the order their locks grant,
 * several at a time: the writes waiting for the same locks form a group,
 * which takes one connection and the advisory locks once, runs every write
 * in one transaction in the order they were queued, commits once (one disk
 * flush instead of one per send), announces them all in that order, and
 * unlocks (see PostgresStore for why the locks outlive the commit), forgetting
 * the outbox entries just published in the same round trip. Ids of one
 * channel are thus handed out, committed and announced in queue order. Each
 * write is acknowledged once the group committed and it was announced.
 *
 * Under load a group holds the writes that queued while the one before
 * was running, so the round trips of a send (connect, lock and BEGIN, COMMIT,
 * publish, remove, unlock) are paid once per group rather than once per send.
 *
 * A write that throws (a refused edit, say) rejects alone. The group first
 * runs without savepoints, which would cost a round trip each; when a write
 * throws, the transaction is rolled back and the group runs again with each
 * write in a savepoint of its own, so that only the failing ones fail. A
 * failed commit rejects every write of the group, none of which was
 * announced.
 *
 * Groups of one lock set queue in process first (KeyedMutex), so each
 * instance keeps at most one connection waiting per lock instead of filling
 * the pool with waiters.
 */
export class SendSequencer {
  private readonly queue = new KeyedMutex();
  /** Writes queued for a lock set (by its keys, in order) and not yet in a group; one group is always queued for each. */
  private readonly waiting = new Map<string, Queued[]>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly maxPerGroup = WRITES_PER_GROUP,
  ) {}

  /** Callers sort `locks`, so two groups never deadlock. */
  run<T>(locks: readonly OrderingLock[], sequenced: SequencedWrite<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const keys = locks.map(([space, key]) => `${space}:${key}`);
      const set = keys.join(' ');
      const queued: Queued = { sequenced, resolve: resolve as (value: unknown) => void, reject };
      const waiting = this.waiting.get(set);
      if (waiting) return void waiting.push(queued);
      this.waiting.set(set, [queued]);
      this.nextGroup(set, keys, locks);
    });
  }

  /** Queues the next group of a lock set: it takes the writes waiting once the locks are its turn. */
  private nextGroup(set: string, keys: readonly string[], locks: readonly OrderingLock[]): void {
    void this.queue.run(keys, () => {
      const waiting = this.waiting.get(set)!;
      const group = waiting.splice(0, this.maxPerGroup);
      // The rest go in a group of their own, behind whatever else queued on these locks meanwhile.
      if (waiting.length === 0) this.waiting.delete(set);
      else this.nextGroup(set, keys, locks);
      return this.commit(locks, group);
    });
  }

  /** Settles every write of the group; never throws. */
  private async commit(locks: readonly OrderingLock[], group: readonly Queued[]): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      for (const queued of group) queued.reject(error);
      return;
    }
    let broken: Error | undefined;
    let published: readonly string[] = [];
    try {
      const outcomes =
        (await this.attempt(client, group, false, lockAndBegin(locks))) ?? (await this.attempt(client, group, true, 'BEGIN'))!;
      published = await announce(group, outcomes);
    } catch (error) {
      // A lock, BEGIN, COMMIT or ROLLBACK that failed: nothing of the group was announced, and the connection is suspect.
      broken = error instanceof Error ? error : new Error(String(error));
      for (const queued of group) queued.reject(error);
    } finally {
      // A connection that cannot unlock is thrown away, which unlocks too. Entries
      // that could not be forgotten are published again by a relay, and dropped by id.
      await client.query(forgetAndUnlock(published)).catch((error: Error) => (broken = error));
      client.release(broken);
    }
  }

  /**
   * One transaction for the group. Without savepoints, a write that throws
   * rolls the whole group back: null then, to run it again with them (unless
   * the group is that write alone, which then simply fails). `begin` opens
   * the transaction (the first attempt takes the locks in the same round trip).
   */
  private async attempt(client: pg.PoolClient, group: readonly Queued[], savepoints: boolean, begin: string): Promise<Outcome[] | null> {
    await client.query(begin);
    const outcomes: Outcome[] = [];
    try {
      for (const { sequenced } of group) outcomes.push(savepoints ? await inSavepoint(client, sequenced) : await ran(client, sequenced));
    } catch (error) {
      await client.query('ROLLBACK');
      // With savepoints, only a failing SAVEPOINT or ROLLBACK TO gets here: the whole group fails.
      if (savepoints) throw error;
      return group.length > 1 ? null : [{ ok: false, error }];
    }
    await client.query('COMMIT');
    return outcomes;
  }
}

/**
 * Takes the group's session-level advisory locks, in the order given, and
 * opens its transaction, in one round trip: a simple query, so the keys
 * (int4 by lockKey) are checked to be integers before they are written in.
 * The locks outlive the transaction, until the group is announced.
 */
export function lockAndBegin(locks: readonly OrderingLock[]): string {
  const taken = locks.map(([space, key]) => {
    if (!Number.isInteger(space) || !Number.isInteger(key)) throw new Error(`Advisory lock keys are integers, not ${space}:${key}.`);
    return `SELECT pg_advisory_lock(${space}, ${key});`;
  });
  return `${taken.join(' ')} BEGIN`;
}

async function ran(client: pg.PoolClient, sequenced: SequencedWrite<unknown>): Promise<Outcome> {
  return { ok: true, value: await sequenced.write(client) };
}

/** Runs a write in a savepoint of its own: when it throws, only its own statements are undone. */
async function inSavepoint(client: pg.PoolClient, sequenced: SequencedWrite<unknown>): Promise<Outcome> {
  await client.query('SAVEPOINT write');
  try {
    const value = await sequenced.write(client);
    await client.query('RELEASE SAVEPOINT write');
    return { ok: true, value };
  } catch (error) {
    // A failure here leaves the transaction unusable: it escapes, and the group fails.
    await client.query('ROLLBACK TO SAVEPOINT write');
    return { ok: false, error };
  }
}

/** A run of consecutive writes of a group announced through one delivery. */
interface Together {
  readonly to: GroupDelivery;
  readonly deliveries: Delivery[];
  readonly settled: { readonly queued: Queued; readonly value: unknown }[];
}

/**
 * Announces a committed group in order and settles each write: consecutive
 * writes with one delivery go out together, a write announced alone waits
 * for those before it. Whether an older entry waits is the group's first
 * entry's to say (see GroupDelivery). Returns the ids of the entries published.
 */
async function announce(group: readonly Queued[], outcomes: readonly Outcome[]): Promise<string[]> {
  let together: Together | null = null;
  let olderPending: boolean | undefined;
  const published: string[] = [];
  const flush = async () => {
    if (!together) return;
    const { to, deliveries, settled } = together;
    together = null;
    try {
      published.push(...(await to.deliverAll(deliveries)));
      for (const { queued, value } of settled) queued.resolve(value);
    } catch (error) {
      for (const { queued } of settled) queued.reject(error);
    }
  };
  for (const [index, queued] of group.entries()) {
    const outcome = outcomes[index]!;
    if (!outcome.ok) {
      queued.reject(outcome.error);
      continue;
    }
    let announcing: Announcing | null;
    try {
      announcing = queued.sequenced.announcement(outcome.value);
    } catch (error) {
      queued.reject(error);
      continue;
    }
    if (announcing === null) queued.resolve(outcome.value);
    else if ('together' in announcing) {
      const { entry, events } = announcing.delivery;
      olderPending ??= entry.olderPending;
      if (together && (together as Together).to !== announcing.together) await flush();
      together ??= { to: announcing.together, deliveries: [], settled: [] };
      together.deliveries.push({ entry: { id: entry.id, olderPending }, events });
      together.settled.push({ queued, value: outcome.value });
    } else {
      await flush();
      await announcing.alone().then(
        () => queued.resolve(outcome.value),
        (error: unknown) => queued.reject(error),
      );
    }
  }
  await flush();
  return published;
}
