import type Database from 'better-sqlite3';

/** A write to run inside the shared transaction, and what to start once it is committed. */
export interface GroupedWrite<T> {
  /**
   * Runs synchronously inside the transaction; a throw rolls back this write
   * alone. It may run twice (rolled back in between, see GroupCommit), so it
   * does nothing but SQL.
   */
  write(): T;
  /**
   * Called right after the commit, in the order the writes ran, before any
   * later transaction can commit: where a send starts its announcement, so
   * events leave in commit order. The write's promise settles with it.
   */
  afterCommit?(result: T): Promise<void> | void;
}

/**
 * Work the group's writes leave for the end of their transaction (see
 * TransactionTail): begun with each transaction, taken back with a write
 * rolled back alone, run just before COMMIT.
 */
export interface BeforeCommit {
  begin(): void;
  /** Where the work kept so far ends, before a write that may be rolled back alone. */
  mark(): number;
  /** Forgets what was kept after `mark`: that write was rolled back. */
  undo(mark: number): void;
  /** Inside the transaction, after its last write; a throw rolls the whole group back. */
  run(): void;
}

const NOTHING_BEFORE_COMMIT: BeforeCommit = { begin() {}, mark: () => 0, undo() {}, run() {} };

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

interface Queued {
  readonly grouped: GroupedWrite<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Enough to share one commit widely, few enough that one transaction stays short. */
export const WRITES_PER_TRANSACTION = 256;

/**
 * Group commit: the writes that arrive in one turn of the event loop share
 * one transaction, and each is acknowledged once that transaction has
 * committed, so durability is what it was with a transaction each.
 *
 * A commit in WAL mode costs more than the statements of a send: the WAL
 * frames of every page it touched, and the full-text index's new segment
 * (an FTS5 table writes one per transaction, then merges them). Sends in
 * flight together (32 from one client, or one each from many) pay for one.
 *
 * A write that throws (a refused edit, say) rejects alone. The group first
 * runs without savepoints, which cost about as much as a send's statements;
 * when a write throws, the whole transaction is rolled back and the group
 * runs again with each write in a savepoint of its own (better-sqlite3
 * nests transactions that way), so that only the failing ones fail. A
 * failed commit rejects every write of the group, none of which was
 * acknowledged or announced.
 *
 * What the writes leave for the end (a send's prune and marker move, once
 * per channel) runs after the last of them, before COMMIT, in either run:
 * for the writes that succeeded alone.
 *
 * The group runs in `setImmediate`, after the I/O callbacks of this turn and
 * the promise chains they started: every write those chains asked for is in.
 */
export class GroupCommit {
  private queue: Queued[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  // Made once: better-sqlite3 builds a transaction function's wrappers each time one is made.
  private readonly together: Database.Transaction<(group: Queued[]) => Outcome[]>;
  private readonly apart: Database.Transaction<(group: Queued[]) => Outcome[]>;

  constructor(
    db: Database.Database,
    private readonly maxPerTransaction = WRITES_PER_TRANSACTION,
    tail: BeforeCommit = NOTHING_BEFORE_COMMIT,
  ) {
    const inSavepoint = db.transaction((write: () => unknown) => write());
    // One transaction for the group: the tail begun first, run after the last write.
    const withTail = (writeOne: (queued: Queued) => Outcome) =>
      db.transaction((group: Queued[]) => {
        tail.begin();
        const outcomes = group.map(writeOne);
        tail.run();
        return outcomes;
      });
    this.together = withTail(({ grouped }) => ({ ok: true, value: grouped.write() }));
    this.apart = withTail(({ grouped }) => {
      const mark = tail.mark();
      try {
        return { ok: true, value: inSavepoint(grouped.write) };
      } catch (error) {
        tail.undo(mark);
        return { ok: false, error };
      }
    });
  }

  run<T>(grouped: GroupedWrite<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ grouped: grouped as GroupedWrite<unknown>, resolve: resolve as (value: unknown) => void, reject });
      this.scheduled ??= setImmediate(this.flush);
    });
  }

  /** Runs every queued write now, a group at a time: what closing the store does first. */
  readonly flush = (): void => {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    while (this.queue.length > 0) this.commit(this.queue.splice(0, this.maxPerTransaction));
  };

  private commit(group: Queued[]): void {
    let outcomes: Outcome[];
    try {
      outcomes = this.together.immediate(group);
    } catch (error) {
      if (group.length === 1) outcomes = [{ ok: false, error }];
      else {
        try {
          outcomes = this.apart.immediate(group);
        } catch (commitError) {
          for (const queued of group) queued.reject(commitError);
          return;
        }
      }
    }
    group.forEach((queued, index) => {
      const outcome = outcomes[index]!;
      if (!outcome.ok) return queued.reject(outcome.error);
      let announced: Promise<void> | void;
      try {
        announced = queued.grouped.afterCommit?.(outcome.value);
      } catch (error) {
        return queued.reject(error);
      }
      if (announced) announced.then(() => queued.resolve(outcome.value), queued.reject);
      else queued.resolve(outcome.value);
    });
  }
}
