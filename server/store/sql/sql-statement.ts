/**
 * One SQL layer for both stores: each statement is written once, with
 * `:name` parameters, and compiled for each engine when it is first used:
 * `@name` for better-sqlite3 (prepared once per database), `$1…` for
 * node-postgres (a named prepared statement, parsed once per connection).
 *
 * Why not a query builder such as Kysely: its SqliteDialect runs
 * better-sqlite3 behind promises and a connection mutex, so every statement
 * would yield to the event loop. The SQLite store's guarantees rest on
 * better-sqlite3 being synchronous: a send's transaction runs to its end
 * before any other JavaScript, and `announce` is called before the method
 * yields, so ids are announced in commit order; the claim's transaction is
 * `.immediate()`. A yielding builder would lose that, and add a promise and a
 * compile step to each write on the path `npm run bench` measures. What the
 * two engines share is plain SQL that both accept; the few fragments that
 * differ are given per dialect (see `Dialect`).
 *
 * The flows that run several statements (a claim, a send) are written once as
 * generators that yield each statement (sql-flows.ts): SQLite runs them to the
 * end synchronously, PostgreSQL awaits each step.
 */

/** SQL fragments that differ between the engines. */
export interface Dialect {
  readonly engine: 'sqlite' | 'postgres';
  /** Makes an ORDER BY on text compare bytes (SQLite's default; PostgreSQL's "C" collation). */
  readonly byteOrder: string;
  /**
   * A parameter holding a JSON array of ids as rows `(id, position)`, the
   * position counting from 0: how one statement writes a list, since
   * better-sqlite3 binds no arrays.
   */
  idList(parameter: string): string;
}

export const sqliteDialect: Dialect = {
  engine: 'sqlite',
  byteOrder: '',
  idList: (parameter) => `(SELECT CAST(value AS INTEGER) AS id, key AS position FROM json_each(${parameter}))`,
};
export const postgresDialect: Dialect = {
  engine: 'postgres',
  byteOrder: ' COLLATE "C"',
  idList: (parameter) =>
    `(SELECT CAST(value AS bigint) AS id, CAST(ordinality - 1 AS integer) AS position
      FROM jsonb_array_elements_text(CAST(${parameter} AS jsonb)) WITH ORDINALITY)`,
};

/**
 * A parameter value both drivers bind the same way; timestamps are passed as
 * ISO 8601 strings. An array binds in PostgreSQL only (`= ANY(:ids)`).
 */
export type SqlValue = string | number | null | readonly string[];
export type SqlParams = Readonly<Record<string, SqlValue>>;

/**
 * A statement with parameters `P` that returns rows `R` (`never` for one
 * that returns none). The types are the promise its text keeps; the contract
 * suite over both engines holds it to them.
 */
export interface Statement<P extends SqlParams, R> {
  /** Unique: the name of its PostgreSQL prepared statement. */
  readonly name: string;
  readonly text: string | ((dialect: Dialect) => string);
  /** Never set: carries P and R for the type checker. */
  readonly types?: { params: P; row: R };
}

export const statement = <P extends SqlParams = Record<never, never>, R = never>(
  name: string,
  text: string | ((dialect: Dialect) => string),
): Statement<P, R> => ({ name, text });

/** `:name`, but neither PostgreSQL's `::type` cast nor a `:` inside a quoted string. */
const PARAMETER = /'(?:[^']|'')*'|::|:([A-Za-z_][A-Za-z0-9_]*)/g;

export interface CompiledStatement {
  readonly text: string;
  /** Parameter names, in the order of `$1…` for PostgreSQL. */
  readonly order: readonly string[];
}

/** The statement's text for one engine. */
export function compile(source: Statement<SqlParams, unknown>, dialect: Dialect): CompiledStatement {
  const raw = typeof source.text === 'string' ? source.text : source.text(dialect);
  const order: string[] = [];
  const text = raw.replace(PARAMETER, (match, name: string | undefined) => {
    if (name === undefined) return match;
    let index = order.indexOf(name);
    if (index < 0) index = order.push(name) - 1;
    return dialect.engine === 'sqlite' ? `@${name}` : `$${index + 1}`;
  });
  return { text, order };
}

/** Parameters in `$1…` order; a missing one is a mistake in code, never a NULL. */
export function positional(compiled: CompiledStatement, params: SqlParams, name: string): SqlValue[] {
  return compiled.order.map((key) => {
    const value = params[key];
    if (value === undefined) throw new Error(`Statement ${name} needs the parameter :${key}.`);
    return value;
  });
}
