import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMigrations } from '../../server/store/postgres/migrations.js';
import { sqliteMigrations } from '../../server/store/sqlite/migrations.js';
import { makeTempDir, removeTempDir } from '../support/test-server.js';
import { createTestDatabase, servicesAvailable, type TestDatabase } from './test-services.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** `npm run migrate`, as an operator runs it, for one DATABASE_URL. */
function migrate(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/scripts/migrate.ts'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run migrate on SQLite', () => {
  it('should bring a new SQLite file to the newest schema, with the general channel', async () => {
    const dir = makeTempDir();
    try {
      const file = join(dir, 'fresh.db');
      const { code, output } = await migrate(file);
      expect(code, output).toBe(0);
      const db = new Database(file, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(sqliteMigrations.length);
      expect(db.prepare('SELECT name FROM channels').all()).toEqual([{ name: 'general' }]);
      db.close();
    } finally {
      removeTempDir(dir);
    }
  });
});

const postgres = await servicesAvailable('The PostgreSQL migration tests', { postgres: true });

describe.skipIf(!postgres)('npm run migrate on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('should migrate once when several instances migrate at the same moment', async () => {
    const runs = await Promise.all([migrate(database.url), migrate(database.url), migrate(database.url)]);
    for (const run of runs) expect(run.code, run.output).toBe(0);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const versions = await client.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.rows.map((row) => row.version)).toEqual(postgresMigrations.map((_, i) => i + 1));
      expect((await client.query('SELECT name FROM channels')).rows).toEqual([{ name: 'general' }]);
    } finally {
      await client.end();
    }
  });

  it('should fail with a clear message when PostgreSQL is unreachable', async () => {
    const { code, output } = await migrate('postgres://postgres@127.0.0.1:1/nowhere');
    expect(code).not.toBe(0);
    expect(output).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1\/nowhere/);
  });
});
