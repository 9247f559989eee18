import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../server/store/postgres/migrations.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite.store.js';
import { makeTempDir, removeTempDir } from '../support/test-server.js';
import { createTestDatabase, servicesAvailable, type TestDatabase } from './test-services.js';

/**
 * The two migration lists describe one schema: a table, column or index
 * added to one engine and forgotten in the other fails here. Each schema is
 * read from a database migrated from empty, in SQLite's terms (PostgreSQL's
 * types mapped to the affinity they are stored as in SQLite).
 */
interface Schema {
  tables: Record<string, Record<string, { type: string; nullable: boolean }>>;
  indexes: Record<string, { table: string; unique: boolean; columns: string[]; where: string | null }>;
  foreignKeys: string[];
}

/** How PostgreSQL's types are kept in SQLite: ids, counters and booleans (0/1) as INTEGER, timestamps and JSON as TEXT. */
const SQLITE_TYPE_OF: Record<string, string> = {
  bigint: 'INTEGER',
  integer: 'INTEGER',
  boolean: 'INTEGER',
  text: 'TEXT',
  jsonb: 'TEXT',
  'timestamp with time zone': 'TEXT',
  bytea: 'BLOB',
};

/** An FTS5 table and the shadow tables SQLite keeps it in (an external-content table has no _content). */
const fts5Tables = (name: string) => [name, ...['data', 'idx', 'docsize', 'config'].map((shadow) => `${name}_${shadow}`)];

/**
 * Differences that are meant. PostgreSQL keeps its schema version in a
 * table, SQLite in PRAGMA user_version. The health row's probe is filled and
 * rolled back by SQLite's check, to learn whether the file can still grow;
 * PostgreSQL's check is the one-row update alone. Search indexes the same
 * column on both, `search_words`: SQLite in FTS5 tables, PostgreSQL in a GIN
 * index on the table itself. SQLite's index is written behind the sends, and
 * search_index_state records how far it has come; PostgreSQL's GIN index is
 * written with the row.
 */
const ONLY_IN_POSTGRES = {
  tables: ['schema_migrations'],
  columns: [] as string[],
  indexes: ['messages_search', 'direct_messages_search'],
};
const ONLY_IN_SQLITE = {
  tables: [...fts5Tables('message_search'), ...fts5Tables('direct_message_search'), 'search_index_state'],
  columns: ['health.probe'],
  indexes: [] as string[],
};

/** A WHERE of a partial index, as both engines print it: `ended_at IS NULL`. */
const predicate = (text: string | null) =>
  text === null
    ? null
    : text
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/^\((.*)\)$/, '$1')
        .toLowerCase();

/** A UNIQUE written on a column makes an index named by the engine: named here as PostgreSQL names it. */
const constraintIndexName = (table: string, columns: string[]) => `${table}_${columns.join('_')}_key`;

function sqliteSchema(file: string): Schema {
  const db = new Database(file, { readonly: true });
  try {
    const schema: Schema = { tables: {}, indexes: {}, foreignKeys: [] };
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as {
      name: string;
    }[];
    for (const { name: table } of tables) {
      const columns = db.pragma(`table_info(${table})`) as { name: string; type: string; notnull: number; pk: number }[];
      schema.tables[table] = Object.fromEntries(
        // A primary key is never NULL, though SQLite reports an INTEGER PRIMARY KEY as nullable.
        columns.map((c) => [c.name, { type: c.type.toUpperCase(), nullable: c.notnull === 0 && c.pk === 0 }]),
      );
      const indexes = db.pragma(`index_list(${table})`) as { name: string; unique: number; origin: string }[];
      for (const index of indexes.filter((i) => i.origin !== 'pk')) {
        const columns = (db.pragma(`index_info(${index.name})`) as { seqno: number; name: string }[])
          .sort((a, b) => a.seqno - b.seqno)
          .map((c) => c.name);
        const sql = (db.prepare(`SELECT sql FROM sqlite_schema WHERE name = ?`).get(index.name) as { sql: string | null })?.sql;
        const name = index.origin === 'u' ? constraintIndexName(table, columns) : index.name;
        const where = sql?.match(/\bWHERE\b(.*)$/is)?.[1] ?? null;
        schema.indexes[name] = { table, unique: index.unique === 1, columns, where: predicate(where) };
      }
      const keys = db.pragma(`foreign_key_list(${table})`) as { table: string; from: string; to: string }[];
      for (const key of keys) schema.foreignKeys.push(`${table}.${key.from} -> ${key.table}.${key.to}`);
    }
    schema.foreignKeys.sort();
    return schema;
  } finally {
    db.close();
  }
}

async function postgresSchema(client: pg.Client): Promise<Schema> {
  const schema: Schema = { tables: {}, indexes: {}, foreignKeys: [] };
  const columns = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
     WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  for (const column of columns.rows) {
    const type = SQLITE_TYPE_OF[column.data_type];
    if (!type) throw new Error(`${column.table_name}.${column.column_name} has the type ${column.data_type}: map it in SQLITE_TYPE_OF.`);
    (schema.tables[column.table_name] ??= {})[column.column_name] = { type, nullable: column.is_nullable === 'YES' };
  }
  const indexes = await client.query<{ name: string; table: string; unique: boolean; columns: string[]; where: string | null }>(
    `SELECT i.relname AS name, t.relname AS table, ix.indisunique AS unique,
       array(SELECT pg_get_indexdef(ix.indexrelid, k, true) FROM generate_series(1, ix.indnatts) k ORDER BY k) AS columns,
       pg_get_expr(ix.indpred, ix.indrelid, true) AS where
     FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
     WHERE t.relnamespace = current_schema()::regnamespace AND NOT ix.indisprimary`,
  );
  for (const index of indexes.rows)
    schema.indexes[index.name] = { table: index.table, unique: index.unique, columns: index.columns, where: predicate(index.where) };
  const keys = await client.query<{ key: string }>(
    `SELECT format('%s.%s -> %s.%s', c.conrelid::regclass, a.attname, c.confrelid::regclass, af.attname) AS key
     FROM pg_constraint c
     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
     WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`,
  );
  schema.foreignKeys = keys.rows.map((row) => row.key).sort();
  return schema;
}

function without(schema: Schema, only: { tables: string[]; columns: string[]; indexes: string[] }): Schema {
  const tables = structuredClone(schema.tables);
  for (const table of only.tables) delete tables[table];
  for (const column of only.columns) {
    const [table, name] = column.split('.') as [string, string];
    delete tables[table]![name];
  }
  const indexes = Object.fromEntries(
    Object.entries(schema.indexes).filter(([name, index]) => !only.tables.includes(index.table) && !only.indexes.includes(name)),
  );
  return { tables, indexes, foreignKeys: schema.foreignKeys };
}

const postgres = await servicesAvailable('The schema parity test', { postgres: true });

describe.skipIf(!postgres)('the SQLite and PostgreSQL schemas', () => {
  let dir: string;
  let database: TestDatabase;
  let sqlite: Schema;
  let postgresql: Schema;

  beforeAll(async () => {
    dir = makeTempDir();
    const file = join(dir, 'schema.db');
    await new SqliteStore(file).close();
    sqlite = sqliteSchema(file);
    database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await migratePostgres(client);
      postgresql = await postgresSchema(client);
    } finally {
      await client.end();
    }
  });
  afterAll(async () => {
    await database?.drop();
    if (dir) removeTempDir(dir);
  });

  it('should have the same tables and columns, with the same nullability and matching types', () => {
    expect(without(sqlite, ONLY_IN_SQLITE).tables).toEqual(without(postgresql, ONLY_IN_POSTGRES).tables);
  });

  it('should have the same indexes: names, uniqueness, columns and partial predicates', () => {
    expect(without(sqlite, ONLY_IN_SQLITE).indexes).toEqual(without(postgresql, ONLY_IN_POSTGRES).indexes);
  });

  it('should have the same references between tables', () => {
    expect(sqlite.foreignKeys).toEqual(postgresql.foreignKeys);
  });

  it('should list as meant only differences that exist', () => {
    for (const table of ONLY_IN_POSTGRES.tables)
      expect([table, table in postgresql.tables && !(table in sqlite.tables)]).toEqual([table, true]);
    for (const table of ONLY_IN_SQLITE.tables)
      expect([table, table in sqlite.tables && !(table in postgresql.tables)]).toEqual([table, true]);
    for (const index of ONLY_IN_POSTGRES.indexes)
      expect([index, index in postgresql.indexes && !(index in sqlite.indexes)]).toEqual([index, true]);
    for (const column of ONLY_IN_SQLITE.columns) {
      const [table, name] = column.split('.') as [string, string];
      expect([column, name in (sqlite.tables[table] ?? {}) && !(name in (postgresql.tables[table] ?? {}))]).toEqual([column, true]);
    }
  });
});
