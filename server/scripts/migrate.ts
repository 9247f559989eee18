/**
 * `npm run migrate`: brings the database DATABASE_URL names (SQLite or
 * PostgreSQL) to the newest schema, then exits. The server does the same at
 * start-up; this is for deployments that migrate before rolling instances.
 */
import 'dotenv/config';
import { loadConfig } from '../config.js';
import { isPostgresUrl, openStore } from '../store/open-store.js';

try {
  const config = loadConfig();
  const store = await openStore(config.databaseUrl);
  await store.close();
  console.log(`The ${isPostgresUrl(config.databaseUrl) ? 'PostgreSQL' : 'SQLite'} database is up to date.`);
} catch (error) {
  console.error(`Migration failed: ${(error as Error).message}`);
  process.exit(1);
}
