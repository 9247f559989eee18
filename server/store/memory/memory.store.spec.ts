import { describe, expect, it } from 'vitest';
import type { User } from '../../domain/models.js';
import { nameKey, nameSkeleton } from '../../domain/text-rules.js';
import { MemoryStore } from './memory.store.js';

/**
 * What the store contract (tests/store) cannot tell apart on a store whose
 * steps never await: that a send's lock is held until its announcement is
 * done, not just until it starts.
 */
const now = new Date('2025-03-01T12:00:00.000Z');

async function userOn(store: MemoryStore, name: string): Promise<User> {
  const result = await store.claimName({
    name,
    nameKey: nameKey(name),
    skeleton: nameSkeleton(name),
    tokenHash: `hash-${name}`,
    now,
    idleLimitMs: 60_000,
    currentSessionId: null,
    verifiedUserId: null,
  });
  if (!result.ok) throw new Error(`${name} is taken`);
  return result.user;
}

/** An announcement that finishes only when the spec says so. */
function heldAnnouncement() {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  return { announce: () => finished, finish };
}

/** Lets every settled promise run its continuation: enough for a send that is not held to commit. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('MemoryStore', () => {
  it("should commit a channel's next message only once the previous one's announcement is done", async () => {
    const store = new MemoryStore(now);
    const ada = await userOn(store, 'ada');
    const [general] = await store.listChannels();
    const held = heldAnnouncement();
    const base = { channelId: general!.id, authorId: ada.id, clientId: null, now, keep: 100 };
    const first = store.addMessage({ ...base, body: 'first', announce: held.announce });
    const second = store.addMessage({ ...base, body: 'second' });
    const elsewhere = await store.createChannel({ name: 'other', nameKey: 'other', skeleton: nameSkeleton('other'), now });
    const unrelated = await store.addMessage({ ...base, channelId: elsewhere!.id, body: 'not held' });
    await settle();
    expect((await store.latestMessages(general!.id, 10)).map((m) => m.body)).toEqual(['first']);
    expect(unrelated.created).toBe(true);
    held.finish();
    await Promise.all([first, second]);
    expect((await store.latestMessages(general!.id, 10)).map((m) => m.body)).toEqual(['first', 'second']);
  });

  it("should commit a user's next direct message, in any conversation, only once the previous one's announcement is done", async () => {
    const store = new MemoryStore(now);
    const [ada, bob, cy, dee] = await Promise.all(['ada', 'bob', 'cy', 'dee'].map((name) => userOn(store, name)));
    const held = heldAnnouncement();
    const dm = (from: User, to: User, body: string, announce?: () => Promise<void>) =>
      store.addDirectMessage({ fromId: from.id, toId: to.id, body, clientId: null, now, keep: 100, announce });
    const first = dm(ada!, bob!, 'first', held.announce);
    // Locks of several keys are granted in no promised order: let the first send commit before the next asks.
    await settle();
    const toBob = dm(cy!, bob!, 'to bob, after');
    await dm(cy!, dee!, 'neither ada nor bob');
    await settle();
    expect((await store.directMessagesAfter(bob!.id, '0')).map((m) => m.body)).toEqual(['first']);
    held.finish();
    await Promise.all([first, toBob]);
    expect((await store.directMessagesAfter(bob!.id, '0')).map((m) => m.body)).toEqual(['first', 'to bob, after']);
  });

  it('should refuse every call once closed, as a closed database does', async () => {
    const store = new MemoryStore(now);
    await store.ping();
    await store.close();
    await expect(store.ping()).rejects.toThrow('The memory store is closed.');
    await expect(store.listChannels()).rejects.toThrow('The memory store is closed.');
  });
});
