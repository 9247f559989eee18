import type pg from 'pg';
import { runFlow, type Flow, type Step } from '../sql/sql-flow.js';
import {
  compile,
  positional,
  postgresDialect,
  statement,
  type CompiledStatement,
  type SqlParams,
  type Statement,
} from '../sql/sql-statement.js';

/**
 * The outbox's own statements here. Whether an older entry still waits is
 * read by the insert itself, in the send's transaction, under its ordering
 * lock, so a send never overtakes an event of its channel (or user) that has
 * yet to go out.
 */
export const insertOutbox = statement<{ events: string; now: string }, { readonly id: string; readonly older: boolean }>(
  'insert_outbox',
  `WITH entry AS (INSERT INTO event_outbox (events, created_at) VALUES (:events, :now) RETURNING id)
   SELECT entry.id, EXISTS (SELECT 1 FROM event_outbox o WHERE o.id < entry.id) AS older FROM entry`,
);
export const removeOutbox = statement<{ ids: readonly string[] }>(
  'remove_outbox',
  `DELETE FROM event_outbox WHERE id = ANY(:ids::bigint[])`,
);

/**
 * Forgets published outbox entries and releases a connection's advisory
 * locks in one round trip: a simple query (two statements cannot share one
 * with parameters), so the ids, which PostgreSQL handed out, are checked to
 * be digits before they are written into it.
 */
export function forgetAndUnlock(ids: readonly string[]): string {
  const unlock = 'SELECT pg_advisory_unlock_all()';
  if (ids.length === 0) return unlock;
  for (const id of ids) if (!/^[0-9]+$/.test(id)) throw new Error(`An outbox entry id is a bigint, not ${JSON.stringify(id)}.`);
  return `DELETE FROM event_outbox WHERE id = ANY('{${ids.join(',')}}'::bigint[]); ${unlock}`;
}

const compiled = new Map<Statement<SqlParams, unknown>, CompiledStatement>();

function compiledFor(source: Statement<SqlParams, unknown>): CompiledStatement {
  let entry = compiled.get(source);
  if (!entry) compiled.set(source, (entry = compile(source, postgresDialect)));
  return entry;
}

/**
 * Runs one step on a pool or a connection, as a named prepared statement:
 * parsed once per connection, and typed by PostgreSQL from its columns.
 */
export async function execute(on: pg.Pool | pg.PoolClient, step: Step): Promise<unknown> {
  const source = compiledFor(step.statement);
  const result = await on.query({
    name: step.statement.name,
    text: source.text,
    values: positional(source, step.params, step.statement.name),
  });
  if (step.mode === 'rows') return result.rows;
  return step.mode === 'row' ? result.rows[0] : (result.rowCount ?? 0);
}

/** Runs a flow on a pool (each step on any connection) or on one connection (inside its transaction). */
export function runOn<T>(on: pg.Pool | pg.PoolClient, flow: Flow<T>): Promise<T> {
  return runFlow(flow, (step) => execute(on, step));
}
