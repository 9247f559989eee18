import { nameKey, nameSkeleton } from '../../server/domain/text-rules.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite.store.js';

/** The name of the n-th seeded channel (from 1): zero-padded, so that names sort as numbers do. */
export const seededChannelName = (n: number) => `channel-${String(n).padStart(5, '0')}`;

/**
 * Writes `count` channels straight into a SQLite database file, before a
 * server opens it: a server with thousands of channels, without thousands of
 * API calls (which per-user limits would refuse). The file is migrated first,
 * so #general keeps id 1 and the seeded channels follow it.
 */
export async function seedChannels(databaseFile: string, count: number): Promise<void> {
  const store = new SqliteStore(databaseFile);
  try {
    const now = new Date();
    for (let n = 1; n <= count; n++) {
      const name = seededChannelName(n);
      await store.createChannel({ name, nameKey: nameKey(name), skeleton: nameSkeleton(name), now });
    }
  } finally {
    await store.close();
  }
}
