import { afterAll, beforeAll } from 'vitest';
import type { Channel, User } from '../../server/domain/models.js';
import type { Store } from '../../server/domain/ports/store.port.js';
import { nameKey, nameSkeleton } from '../../server/domain/text-rules.js';
import type { StoreHarness } from './store-contract.js';

/**
 * Two handles on one fresh database of the engine, opened before the suite
 * and closed after it: where concurrency matters they stand for two
 * instances. Read `store` and `other` inside tests and hooks, once opened.
 */
export function useStorePair(setUp: () => Promise<StoreHarness>): { store: Store; other: Store } {
  const pair = {} as { store: Store; other: Store };
  let harness: StoreHarness | undefined;
  beforeAll(async () => {
    harness = await setUp();
    pair.store = await harness.open();
    pair.other = await harness.open();
  });
  afterAll(async () => {
    await pair.store?.close();
    await pair.other?.close();
    await harness?.dispose();
  });
  return pair;
}

/** Claims `name` for a new user, with a session of its own (`tokenHash`), as a login does. */
export async function claimUser(store: Store, name: string, tokenHash = `hash-${name}`): Promise<User> {
  const result = await store.claimName({
    name,
    nameKey: nameKey(name),
    skeleton: nameSkeleton(name),
    tokenHash,
    now: new Date(),
    idleLimitMs: 60 * 60_000,
    currentSessionId: null,
    verifiedUserId: null,
  });
  if (!result.ok) throw new Error(`could not claim ${name}`);
  return result.user;
}

/** A new user and a new channel, named with `unique()` so that suites sharing a database stay apart. */
export function storeSeeds(pair: { readonly store: Store }, unique: () => string) {
  return {
    newUser: (prefix = 'user'): Promise<User> => claimUser(pair.store, `${prefix}-${unique()}`, `hash-${unique()}${unique()}`),
    async newChannel(): Promise<Channel> {
      const name = `c-${unique()}`;
      return (await pair.store.createChannel({ name, nameKey: name, skeleton: nameSkeleton(name), now: new Date() }))!;
    },
    /** A channel message, sent now without a clientId; the channel keeps 100 unless told. */
    async send(channelId: string, author: User, body: string, extra: { mentions?: User[]; keep?: number } = {}) {
      const sent = await pair.store.addMessage({
        channelId,
        authorId: author.id,
        body,
        mentionIds: extra.mentions?.map((user) => user.id),
        clientId: null,
        now: new Date(),
        keep: extra.keep ?? 100,
      });
      return sent.message;
    },
    /** A direct message, sent now without a clientId. */
    async dm(from: User, to: User, body: string, keep = 100) {
      return (await pair.store.addDirectMessage({ fromId: from.id, toId: to.id, body, clientId: null, now: new Date(), keep })).message;
    },
  };
}
