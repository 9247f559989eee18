import type Database from 'better-sqlite3';

/** The tables search reads, each with the external-content FTS5 table that indexes its search_words. */
const INDEXED = [
  { content: 'messages', index: 'message_search' },
  { content: 'direct_messages', index: 'direct_message_search' },
] as const;

/** Short enough that the index is seldom far behind, long enough that a busy second shares a few batches. */
export const INDEX_DELAY_MS = 200;
/** Past this many new rows, index at once rather than at the timer: one batch stays short. */
export const INDEX_BATCH_ROWS = 2000;

export interface SearchIndexerOptions {
  /** How long after the first unindexed send the index catches up; default INDEX_DELAY_MS. */
  readonly delayMs?: number;
  /** How many new rows make it catch up at once, without waiting for the timer; default INDEX_BATCH_ROWS. */
  readonly batchRows?: number;
}

/**
 * Writes the full-text index behind the sends, many rows in one transaction
 * (migration 8 says why). A send commits its row alone; this catches the
 * index up: the rows above search_index_state.indexed_through, as their
 * search_words stand now (an edit or a prune of a row not yet indexed
 * touched only the row), then indexed_through moved to the newest id.
 *
 * It catches up at open (rows a killed process left), on a short unref'd
 * timer after a send, at once when many rows wait, before every search (so
 * a search sees every committed message) and at close. Each run is its own
 * transaction, so it must run between the store's transactions, never inside
 * one: better-sqlite3 is synchronous, so a timer, a search or close never
 * find one open, and a send only notes that a row waits.
 *
 * Every row is indexed, a deleted one's '' too: the index then holds exactly
 * the rows up to indexed_through, which is what FTS5's integrity check and
 * the delete trigger rely on. (So between catch-ups, an integrity check
 * against the content table, rank 1, reports the rows still waiting; and
 * whoever rebuilds an index by hand must move indexed_through to the
 * table's newest id in the same transaction, or those rows are indexed twice.)
 */
export class SearchIndexer {
  /** New rows committed since the last catch-up: this process is the file's only writer (see lockDatabaseFile). */
  private waiting = 0;
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Immediate | null = null;
  private readonly catchUp: Database.Transaction<() => void>;
  private readonly delayMs: number;
  private readonly batchRows: number;

  constructor(
    private readonly db: Database.Database,
    options: SearchIndexerOptions = {},
  ) {
    this.delayMs = options.delayMs ?? INDEX_DELAY_MS;
    this.batchRows = options.batchRows ?? INDEX_BATCH_ROWS;
    const steps = INDEXED.map(({ content, index }) => {
      const through = `(SELECT indexed_through FROM search_index_state WHERE content_table = '${content}')`;
      return {
        insert: db.prepare(`INSERT INTO ${index}(rowid, search_words) SELECT id, search_words FROM ${content} WHERE id > ${through}`),
        // Never back: the newest rows may have been pruned since, and their ids are not reused.
        advance: db.prepare(
          `UPDATE search_index_state SET indexed_through = max(indexed_through, COALESCE((SELECT max(id) FROM ${content}), 0))
           WHERE content_table = '${content}'`,
        ),
      };
    });
    this.catchUp = db.transaction(() => {
      for (const step of steps) {
        step.insert.run();
        step.advance.run();
      }
    });
  }

  /** A send committed a new row: index it soon, or now if many wait. */
  added(): void {
    this.waiting++;
    // Right after the group that added it, not inside its commit: the rest of the group's announcements go first.
    if (this.waiting >= this.batchRows) this.soon ??= setImmediate(this.fromTimer);
    else if (this.timer === null) this.timer = setTimeout(this.fromTimer, this.delayMs).unref();
  }

  /** Before a search: indexes what waits, if anything does, so that the search finds it. */
  beforeSearch(): void {
    if (this.waiting > 0) this.indexNow();
  }

  /** Indexes every row above indexed_through, whatever this process knows of them: at open and at close. */
  indexNow(): void {
    if (this.db.inTransaction) throw new Error('The search index must catch up between transactions: call indexNow after the commit.');
    this.cancel();
    this.catchUp.immediate();
    this.waiting = 0;
  }

  /** Stops the timers; what waits is indexed at the next open. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.soon) clearImmediate(this.soon);
    this.timer = null;
    this.soon = null;
  }

  private readonly fromTimer = (): void => {
    this.timer = null;
    this.soon = null;
    if (!this.db.open) return;
    try {
      this.indexNow();
    } catch {
      // Busy or full for now: nothing is lost (the rows are stored), a search catches up
      // itself and reports what fails, and the timer tries again.
      this.timer ??= setTimeout(this.fromTimer, this.delayMs).unref();
    }
  };
}
