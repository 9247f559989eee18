import { join } from 'node:path';
import { describe } from 'vitest';
import { MemoryStore } from '../../server/store/memory/memory.store.js';
import { PostgresStore } from '../../server/store/postgres/postgres.store.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite.store.js';
import { makeTempDir, removeTempDir } from '../support/test-server.js';
import { describeMessageChangeContract } from './message-change-contract.js';
import { describeReadMarkerContract } from './read-marker-contract.js';
import { describeSearchContract } from './search-contract.js';
import { describeSendGroupContract } from './send-group-contract.js';
import { describeStoreContract, type StoreHarness } from './store-contract.js';
import { createTestDatabase, servicesAvailable } from './test-services.js';

const sqliteHarness = async (): Promise<StoreHarness> => {
  const dir = makeTempDir();
  const file = join(dir, 'contract.db');
  // A SQLite file serves one instance: a second store on it is refused, so
  // both handles of the contract are the one store.
  let store: SqliteStore | undefined;
  return {
    open: async () => (store ??= new SqliteStore(file)),
    dispose: async () => removeTempDir(dir),
  };
};

const memoryHarness = async (): Promise<StoreHarness> => {
  // The memory store lives in one process: both handles of the contract are the one store.
  const store = new MemoryStore();
  return {
    open: async () => store,
    dispose: async () => {},
  };
};

describeStoreContract('SQLite', sqliteHarness);
describeMessageChangeContract('SQLite', sqliteHarness);
describeSearchContract('SQLite', sqliteHarness);
describeReadMarkerContract('SQLite', sqliteHarness);
describeSendGroupContract('SQLite', sqliteHarness);
describeStoreContract('MemoryStore', memoryHarness);
describeMessageChangeContract('MemoryStore', memoryHarness);
describeSearchContract('MemoryStore', memoryHarness);
describeReadMarkerContract('MemoryStore', memoryHarness);

const postgres = await servicesAvailable('The PostgreSQL store contract', { postgres: true });

describe.skipIf(!postgres)('on PostgreSQL', () => {
  const postgresHarness = async (): Promise<StoreHarness> => {
    const database = await createTestDatabase();
    return {
      open: () => PostgresStore.open(database.url),
      dispose: () => database.drop(),
    };
  };
  describeStoreContract('PostgreSQL', postgresHarness);
  describeMessageChangeContract('PostgreSQL', postgresHarness);
  describeSearchContract('PostgreSQL', postgresHarness);
  describeReadMarkerContract('PostgreSQL', postgresHarness);
  describeSendGroupContract('PostgreSQL', postgresHarness);
});
