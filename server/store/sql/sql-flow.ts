import type { SqlParams, Statement } from './sql-statement.js';

/**
 * One statement for the engine to run: `rows` answers its rows, `row` its
 * first row (or undefined), `changes` how many rows it changed.
 */
export interface Step {
  readonly statement: Statement<SqlParams, unknown>;
  readonly params: SqlParams;
  readonly mode: 'rows' | 'row' | 'changes';
}

/**
 * Work of several statements written once for both engines: a generator
 * that yields each statement and is resumed with its answer. The SQLite
 * store runs it without yielding to the event loop (so inside one
 * synchronous transaction), the PostgreSQL store awaits each step.
 */
export type Flow<T> = Generator<Step, T, unknown>;

export function* rows<P extends SqlParams, R>(statement: Statement<P, R>, params: P): Flow<R[]> {
  return (yield { statement, params, mode: 'rows' }) as R[];
}

export function* first<P extends SqlParams, R>(statement: Statement<P, R>, params: P): Flow<R | undefined> {
  return (yield { statement, params, mode: 'row' }) as R | undefined;
}

/** The one row a statement always returns (an INSERT … RETURNING, a row looked up by a key just written). */
export function* only<P extends SqlParams, R>(statement: Statement<P, R>, params: P): Flow<R> {
  const row = (yield { statement, params, mode: 'row' }) as R | undefined;
  if (row === undefined) throw new Error(`Statement ${statement.name} returned no row.`);
  return row;
}

export function* changes<P extends SqlParams>(statement: Statement<P, never>, params: P): Flow<number> {
  return (yield { statement, params, mode: 'changes' }) as number;
}

/** Runs a flow on an executor that answers synchronously (better-sqlite3). */
export function runFlowSync<T>(flow: Flow<T>, execute: (step: Step) => unknown): T {
  let next = flow.next();
  while (!next.done) next = flow.next(execute(next.value));
  return next.value;
}

/** Runs a flow on an executor that answers asynchronously (node-postgres). */
export async function runFlow<T>(flow: Flow<T>, execute: (step: Step) => Promise<unknown>): Promise<T> {
  let next = flow.next();
  while (!next.done) next = flow.next(await execute(next.value));
  return next.value;
}
