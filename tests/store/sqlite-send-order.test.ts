import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectMessage, Message, User } from '../../server/domain/models.js';
import { nameKey, nameSkeleton } from '../../server/domain/text-rules.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite.store.js';

/**
 * The SQLite store keeps sends in commit order without locks because
 * better-sqlite3 is synchronous: a send's transaction commits and its
 * announcement starts before the call returns its promise, so no other
 * JavaScript (no other send) can run in between. A SQL layer that yielded to
 * the event loop anywhere on that path would break it.
 */
describe('SQLite sends, without yielding', () => {
  let store: SqliteStore;
  let ada: User;
  let bob: User;

  const claim = async (name: string) => {
    const result = await store.claimName({
      name,
      nameKey: nameKey(name),
      skeleton: nameSkeleton(name),
      tokenHash: `hash-${name}`,
      now: new Date(),
      idleLimitMs: 60_000,
      currentSessionId: null,
      verifiedUserId: null,
    });
    if (!result.ok) throw new Error(`could not claim ${name}`);
    return result.user;
  };

  beforeAll(async () => {
    store = new SqliteStore(':memory:');
    ada = await claim('ada');
    bob = await claim('bob');
  });
  afterAll(async () => {
    await store?.close();
  });

  it('should commit a channel message and start announcing it before the call returns', async () => {
    const announced: Message[] = [];
    const pending = store.addMessage({
      channelId: '1',
      authorId: ada.id,
      body: 'first',
      clientId: null,
      now: new Date(),
      keep: 100,
      announce: async (message) => void announced.push(message),
    });
    expect(announced.map((m) => m.body)).toEqual(['first']);
    const { message } = await pending;
    expect(message).toMatchObject({ body: 'first', channelId: '1', author: { id: ada.id, name: 'ada', protected: false } });
  });

  it('should commit a direct message and start announcing it before the call returns', async () => {
    const announced: DirectMessage[] = [];
    const pending = store.addDirectMessage({
      fromId: ada.id,
      toId: bob.id,
      body: 'hello',
      clientId: 'c-1',
      now: new Date(),
      keep: 100,
      announce: async (message) => void announced.push(message),
    });
    expect(announced.map((m) => [m.body, m.from.name, m.to.name])).toEqual([['hello', 'ada', 'bob']]);
    expect((await pending).created).toBe(true);
  });
});
