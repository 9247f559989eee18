import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectMessage, User } from '../../server/domain/models.js';
import { nameKey, nameSkeleton } from '../../server/domain/text-rules.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite.store.js';

/**
 * The SQLite store keeps sends in commit order without locks because
 * better-sqlite3 is synchronous: the sends of one turn of the event loop
 * commit together (group commit), and their announcements start right after
 * that commit, in id order, before any other JavaScript (any later write)
 * can run. A SQL layer that yielded to the event loop anywhere on that path
 * would break it.
 */
describe('SQLite sends, grouped and without yielding', () => {
  let store: SqliteStore;
  let ada: User;
  let bob: User;

  const claim = (name: string) => claimOn(store, name);
  const claimOn = async (on: SqliteStore, name: string) => {
    const result = await on.claimName({
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

  const send = (body: string, announced: string[], clientId: string | null = null) =>
    store.addMessage({
      channelId: '1',
      authorId: ada.id,
      body,
      clientId,
      now: new Date(),
      keep: 100,
      announce: async (message) => void announced.push(`${message.id}:${message.body}`),
    });

  it('should commit the sends of one turn together and announce each right after, in id order, before the calls settle', async () => {
    const announced: string[] = [];
    const pending = ['a', 'b', 'c', 'd'].map((body) => send(body, announced));
    // Nothing is committed or announced before the turn ends.
    expect(announced).toEqual([]);
    expect((await store.latestMessages('1', 100)).map((m) => m.body)).not.toContain('a');
    const sent = await Promise.all(pending);
    const ids = sent.map(({ message }) => Number(message.id));
    expect(ids).toEqual([ids[0], ids[0]! + 1, ids[0]! + 2, ids[0]! + 3]);
    expect(announced).toEqual(sent.map(({ message }) => `${message.id}:${message.body}`));
  });

  it('should put a send asked for while a group is announced into the next group, after it', async () => {
    const announced: string[] = [];
    let late: ReturnType<typeof send> | undefined;
    const early = await store.addMessage({
      channelId: '1',
      authorId: ada.id,
      body: 'early',
      clientId: null,
      now: new Date(),
      keep: 100,
      announce: async (message) => {
        announced.push(`${message.id}:${message.body}`);
        late = send('late', announced);
      },
    });
    const { message } = await late!;
    expect(Number(message.id)).toBe(Number(early.message.id) + 1);
    expect(announced).toEqual([`${early.message.id}:early`, `${message.id}:late`]);
  });

  it('should store a clientId repeated within one group once', async () => {
    const announced: string[] = [];
    const [one, two] = await Promise.all([send('once', announced, 'c-twice'), send('once', announced, 'c-twice')]);
    expect(one.created).toBe(true);
    expect(two).toEqual({ message: one.message, created: false });
    expect(announced).toEqual([`${one.message.id}:once`]);
  });

  it('should roll back a refused change alone, and keep the rest of its group', async () => {
    const announced: string[] = [];
    const { message } = await send('to edit', announced);
    const refused = store.changeMessage({
      channelId: '1',
      messageId: message.id,
      now: new Date(),
      decide: () => {
        throw new Error('refused by the domain');
      },
    });
    const edited = store.changeMessage({
      channelId: '1',
      messageId: message.id,
      now: new Date(),
      decide: () => ({ kind: 'edit', body: 'edited', mentionIds: [] }),
      announce: async (changed) => void announced.push(`${changed.id}:${changed.body}:v${changed.version}`),
    });
    const after = send('after', announced);
    await expect(refused).rejects.toThrow('refused by the domain');
    expect((await edited)?.message).toMatchObject({ body: 'edited', version: 2 });
    const { message: later } = await after;
    expect(announced).toEqual([`${message.id}:to edit`, `${message.id}:edited:v2`, `${later.id}:after`]);
  });

  it('should commit a direct message and announce it before the call settles', async () => {
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
    expect((await pending).created).toBe(true);
    expect(announced.map((m) => [m.body, m.from.name, m.to.name])).toEqual([['hello', 'ada', 'bob']]);
  });

  it('should commit what is still queued when the store closes', async () => {
    const file = new SqliteStore(':memory:');
    const user = await claimOn(file, 'cy');
    const pending = file.addMessage({ channelId: '1', authorId: user.id, body: 'last words', clientId: null, now: new Date(), keep: 100 });
    await file.close();
    expect((await pending).message.body).toBe('last words');
  });
});
