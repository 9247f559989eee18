import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../server/domain/models.js';
import type { Store } from '../../server/domain/ports/store.port.js';
import type { StoreHarness } from './store-contract.js';
import { storeSeeds, useStorePair } from './store-seeds.js';

const unique = () => randomBytes(4).toString('hex');

/** The ids a send group should leave: the newest `keep` of those sent. */
const newest = (ids: readonly string[], keep: number) => [...ids].sort((a, b) => Number(a) - Number(b)).slice(-keep);

/**
 * Sends issued in one turn, as a busy client's are: the engines commit them
 * together (SQLite's group commit, PostgreSQL's send groups), and what they
 * store, answer and leave in the read markers is what the same sends one
 * after another would have. The SQL engines only: the failing write relies
 * on a transaction rolling it back.
 */
export function describeSendGroupContract(engine: string, setUp: () => Promise<StoreHarness>): void {
  describe(`${engine} store: sends committed together`, () => {
    const pair = useStorePair(setUp);
    const { newUser, newChannel } = storeSeeds(pair, unique);
    let store: Store;
    beforeAll(() => ({ store } = pair));

    const send = (channelId: string, author: User, body: string, extra: { keep?: number; clientId?: string; fail?: boolean } = {}) =>
      store.addMessage({
        channelId,
        authorId: author.id,
        body,
        clientId: extra.clientId ?? null,
        now: new Date(),
        keep: extra.keep ?? 100,
        // Writing the outbox comes after the insert, the prune and the marker: a throw there takes all of them back.
        outbox: extra.fail
          ? () => {
              throw new Error(`refused ${body}`);
            }
          : undefined,
      });
    const sendDirect = (from: User, to: User, body: string, keep: number) =>
      store.addDirectMessage({ fromId: from.id, toId: to.id, body, clientId: null, now: new Date(), keep });
    const retained = async (channelId: string) => (await store.latestMessages(channelId, 1000)).map((message) => message.id);
    const markerOf = async (user: User, channelId: string) =>
      (await store.channelReadStates(user.id, [channelId])).get(channelId)?.lastReadId;

    it('should keep exactly the newest messages up to the cap after a group of sends past it', async () => {
      const [ada] = [await newUser('ada')];
      const channel = await newChannel();
      const before = [];
      for (const body of ['a', 'b', 'c']) before.push((await send(channel.id, ada, body, { keep: 5 })).message.id);
      const sent = await Promise.all(Array.from({ length: 12 }, (_, index) => send(channel.id, ada, `group ${index}`, { keep: 5 })));
      const ids = sent.map(({ message }) => message.id);
      expect(sent.every(({ created }) => created)).toBe(true);
      expect(await retained(channel.id)).toEqual(newest([...before, ...ids], 5));
    });

    it('should keep what sends one after another would have when the sends of a group carry different caps', async () => {
      const [ada] = [await newUser('ada')];
      const channel = await newChannel();
      for (const body of ['a', 'b', 'c', 'd']) await send(channel.id, ada, body);
      // One after another: 5 then min(6, 2) = 2, then 3, then min(4, 10) = 4.
      const sent = await Promise.all([
        send(channel.id, ada, 'x', { keep: 100 }),
        send(channel.id, ada, 'y', { keep: 2 }),
        send(channel.id, ada, 'z', { keep: 100 }),
        send(channel.id, ada, 'w', { keep: 10 }),
      ]);
      const all = await store.latestMessages(channel.id, 1000);
      expect(all.map((message) => message.body)).toEqual(['x', 'y', 'z', 'w']);
      expect(all.map((message) => message.id)).toEqual(sent.map(({ message }) => message.id));
    });

    it('should cap each channel and conversation a group sends to', async () => {
      const [ada, bob] = [await newUser('ada'), await newUser('bob')];
      const [first, second] = [await newChannel(), await newChannel()];
      const sends = Array.from({ length: 8 }, (_, index) => index).flatMap((index) => [
        send(first.id, index % 2 ? ada : bob, `first ${index}`, { keep: 3 }),
        send(second.id, ada, `second ${index}`, { keep: 4 }),
        sendDirect(index % 2 ? ada : bob, index % 2 ? bob : ada, `direct ${index}`, 2),
      ]);
      const ids = (await Promise.all(sends)).map(({ message }) => message.id);
      const every = (offset: number) => ids.filter((_, position) => position % 3 === offset);
      expect(await retained(first.id)).toEqual(newest(every(0), 3));
      expect(await retained(second.id)).toEqual(newest(every(1), 4));
      expect((await store.latestDirectMessages(ada.id, bob.id, 1000)).map((message) => message.id)).toEqual(newest(every(2), 2));
    });

    it("should leave each author's read marker at their newest message of the group", async () => {
      const [ada, bob, cy] = [await newUser('ada'), await newUser('bob'), await newUser('cy')];
      const channel = await newChannel();
      const authors = [ada, bob, ada, ada, bob, ada];
      // Keep 2: the authors' newest are not all retained, and their markers still point at them.
      const sent = await Promise.all(authors.map((author, index) => send(channel.id, author, `m${index}`, { keep: 2 })));
      const ids = sent.map(({ message }) => message.id);
      expect(await markerOf(ada, channel.id)).toBe(ids[5]);
      expect(await markerOf(bob, channel.id)).toBe(ids[4]);
      expect(await markerOf(cy, channel.id)).toBeNull();

      const notes = await Promise.all([
        sendDirect(ada, cy, 'one', 100),
        sendDirect(cy, ada, 'two', 100),
        sendDirect(ada, cy, 'three', 100),
      ]);
      const conversation = async (user: User) =>
        (await store.directConversations(user.id)).find((found) => found.lastMessage?.id === notes[2]!.message.id);
      expect((await conversation(ada))?.lastReadId).toBe(notes[2]!.message.id);
      expect((await conversation(cy))?.lastReadId).toBe(notes[1]!.message.id);
    });

    it('should cap and move markers for the other sends of a group when one of them fails', async () => {
      const [ada, bob] = [await newUser('ada'), await newUser('bob')];
      const channel = await newChannel();
      const results = await Promise.allSettled([
        send(channel.id, ada, 'a', { keep: 3 }),
        send(channel.id, ada, 'b', { keep: 3 }),
        // Its cap of 1 and bob's marker are taken back with it.
        send(channel.id, bob, 'refused', { keep: 1, fail: true }),
        send(channel.id, ada, 'c', { keep: 3 }),
        send(channel.id, ada, 'd', { keep: 3 }),
      ]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      const ids = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.message.id] : []));
      expect((await store.latestMessages(channel.id, 1000)).map((message) => message.body)).toEqual(['b', 'c', 'd']);
      expect(await retained(channel.id)).toEqual(ids.slice(1));
      expect(await markerOf(ada, channel.id)).toBe(ids[3]);
      expect(await markerOf(bob, channel.id)).toBeNull();
    });

    it('should find no message to change when a send earlier in the same group pushed it past the cap', async () => {
      const [ada] = [await newUser('ada')];
      const channel = await newChannel();
      const oldest = (await send(channel.id, ada, 'oldest', { keep: 2 })).message;
      await send(channel.id, ada, 'newer', { keep: 2 });
      const [, changed] = await Promise.all([
        send(channel.id, ada, 'newest', { keep: 2 }),
        store.changeMessage({
          channelId: channel.id,
          messageId: oldest.id,
          decide: () => ({ kind: 'edit', body: 'too late', mentionIds: [] }),
          now: new Date(),
        }),
      ]);
      expect(changed).toBeNull();
      expect((await store.latestMessages(channel.id, 1000)).map((message) => message.body)).toEqual(['newer', 'newest']);
    });

    it('should store a resend anew when a send earlier in the same group pushed the first past the cap', async () => {
      const [ada] = [await newUser('ada')];
      const channel = await newChannel();
      const first = (await send(channel.id, ada, 'first', { keep: 2, clientId: 'again' })).message;
      await send(channel.id, ada, 'second', { keep: 2 });
      const [, resent] = await Promise.all([
        send(channel.id, ada, 'third', { keep: 2 }),
        send(channel.id, ada, 'first', { keep: 2, clientId: 'again' }),
      ]);
      expect(resent.created).toBe(true);
      expect(resent.message.id).not.toBe(first.id);
      expect((await store.latestMessages(channel.id, 1000)).map((message) => message.body)).toEqual(['third', 'first']);
    });

    it('should answer a resend in a group with the first message while it is retained', async () => {
      const [ada] = [await newUser('ada')];
      const channel = await newChannel();
      const first = (await send(channel.id, ada, 'first', { keep: 3, clientId: 'again' })).message;
      const [, resent] = await Promise.all([
        send(channel.id, ada, 'second', { keep: 3 }),
        send(channel.id, ada, 'first', { keep: 3, clientId: 'again' }),
      ]);
      expect(resent).toEqual({ message: first, created: false });
    });
  });
}
