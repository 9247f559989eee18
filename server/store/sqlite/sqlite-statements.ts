import type Database from 'better-sqlite3';
import type { Step } from '../sql/sql-flow.js';
import type { IdRow } from '../sql/sql-rows.js';
import { compile, sqliteDialect, statement, type SqlParams, type Statement } from '../sql/sql-statement.js';

/** The outbox's own statements here: whether an older entry waits is a second read in SQLite. */
export const insertOutbox = statement<{ events: string; now: string }, IdRow>(
  'insert_outbox',
  `INSERT INTO event_outbox (events, created_at) VALUES (:events, :now) RETURNING id`,
);
export const outboxBefore = statement<{ id: string }, { readonly one: number }>(
  'outbox_before',
  `SELECT 1 AS one FROM event_outbox WHERE id < :id LIMIT 1`,
);
export const removeOutbox = statement<{ id: string }>('remove_outbox', `DELETE FROM event_outbox WHERE id = :id`);

/**
 * The shared statements on one better-sqlite3 database, each prepared the
 * first time it runs and kept: answers synchronously, so a flow runs to its
 * end without yielding.
 */
export class SqliteStatements {
  private readonly prepared = new Map<Statement<SqlParams, unknown>, { run: Database.Statement; bind: boolean }>();

  constructor(private readonly db: Database.Database) {}

  readonly execute = (step: Step): unknown => {
    const { run, bind } = this.prepare(step.statement);
    const params = bind ? step.params : undefined;
    switch (step.mode) {
      case 'rows':
        return params ? run.all(params) : run.all();
      case 'row':
        return params ? run.get(params) : run.get();
      case 'changes':
        return (params ? run.run(params) : run.run()).changes;
    }
  };

  private prepare(source: Statement<SqlParams, unknown>) {
    let entry = this.prepared.get(source);
    if (!entry) {
      const compiled = compile(source, sqliteDialect);
      // better-sqlite3 refuses an object of parameters for a statement that takes none.
      entry = { run: this.db.prepare(compiled.text), bind: compiled.order.length > 0 };
      this.prepared.set(source, entry);
    }
    return entry;
  }
}
