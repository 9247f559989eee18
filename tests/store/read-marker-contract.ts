import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DirectMessage, Message, User } from '../../server/domain/models.js';
import type { Store } from '../../server/domain/ports/store.port.js';
import type { StoreHarness } from './store-contract.js';
import { storeSeeds, useStorePair } from './store-seeds.js';

const unique = () => randomBytes(4).toString('hex');

/**
 * What the Store promises about read markers and unread counts, on every
 * engine: markers only move forward (also when two instances move one at
 * once), a send moves its author's marker, counts cover retained messages
 * that others wrote and that are not deleted, and the mentions among them.
 */
export function describeReadMarkerContract(engine: string, setUp: () => Promise<StoreHarness>): void {
  describe(`${engine} store: read markers`, () => {
    const pair = useStorePair(setUp);
    const { newUser, newChannel, send, dm } = storeSeeds(pair, unique);
    let store: Store;
    let other: Store;
    beforeAll(() => ({ store, other } = pair));
    const stateIn = async (user: User, channelId: string) => (await store.channelReadStates(user.id, [channelId])).get(channelId);

    describe('channels', () => {
      it('should count every message of others as unread before the reader has a marker', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const channel = await newChannel();
        await send(channel.id, bob, 'one');
        await send(channel.id, bob, 'two');
        expect(await stateIn(ada, channel.id)).toEqual({ lastReadId: null, unreadCount: 2, mentionCount: 0 });
      });

      it("should move the sender's marker to their message, so that their own messages are never unread", async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const channel = await newChannel();
        await send(channel.id, bob, 'before');
        const mine = await send(channel.id, ada, 'mine');
        expect(await stateIn(ada, channel.id)).toEqual({ lastReadId: mine.id, unreadCount: 0, mentionCount: 0 });
        expect((await stateIn(bob, channel.id))?.unreadCount).toBe(1);
      });

      it('should count what others wrote after the marker, and the mentions of the reader among them', async () => {
        const [ada, bob, cy] = [await newUser('ada'), await newUser('bob'), await newUser('cy')];
        const channel = await newChannel();
        const read = await send(channel.id, bob, 'read');
        await store.moveChannelMarker(ada.id, channel.id, read.id);
        await send(channel.id, bob, 'hi @ada', { mentions: [ada] });
        await send(channel.id, cy, 'hi @bob', { mentions: [bob] });
        await send(channel.id, cy, 'plain');
        expect(await stateIn(ada, channel.id)).toEqual({ lastReadId: read.id, unreadCount: 3, mentionCount: 1 });
      });

      it('should not count deleted messages', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const channel = await newChannel();
        const gone = await send(channel.id, bob, 'hi @ada', { mentions: [ada] });
        await send(channel.id, bob, 'stays');
        await store.changeMessage({ channelId: channel.id, messageId: gone.id, decide: () => ({ kind: 'delete' }), now: new Date() });
        expect(await stateIn(ada, channel.id)).toEqual({ lastReadId: null, unreadCount: 1, mentionCount: 0 });
      });

      it('should count retained messages only: the cap removes unread ones', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const channel = await newChannel();
        for (let i = 0; i < 5; i++) await send(channel.id, bob, `m${i}`, { keep: 3, mentions: i === 0 ? [ada] : [] });
        expect(await stateIn(ada, channel.id)).toEqual({ lastReadId: null, unreadCount: 3, mentionCount: 0 });
      });

      it('should only move a marker forward', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const channel = await newChannel();
        const first = await send(channel.id, bob, 'one');
        const second = await send(channel.id, bob, 'two');
        const third = await send(channel.id, bob, 'three');
        expect(await store.moveChannelMarker(ada.id, channel.id, second.id)).toEqual({
          lastReadId: second.id,
          unreadCount: 1,
          mentionCount: 0,
        });
        expect((await store.moveChannelMarker(ada.id, channel.id, first.id)).lastReadId).toBe(second.id);
        expect((await store.moveChannelMarker(ada.id, channel.id, third.id)).unreadCount).toBe(0);
        expect((await stateIn(ada, channel.id))?.lastReadId).toBe(third.id);
      });

      it('should end at the largest id when two instances move one marker at once', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const channel = await newChannel();
        const sent: Message[] = [];
        for (let i = 0; i < 12; i++) sent.push(await send(channel.id, bob, `m${i}`));
        const moves = [...sent].reverse().map((message, i) => (i % 2 ? store : other).moveChannelMarker(ada.id, channel.id, message.id));
        const answers = await Promise.all(moves);
        const newest = sent.at(-1)!.id;
        // Each answer is where the marker stood after that move: never below the id it was given.
        answers.forEach((answer, i) => expect(BigInt(answer.lastReadId)).toBeGreaterThanOrEqual(BigInt(sent.at(-1 - i)!.id)));
        expect((await stateIn(ada, channel.id))?.lastReadId).toBe(newest);
        expect((await other.channelReadStates(ada.id, [channel.id])).get(channel.id)?.lastReadId).toBe(newest);
      });

      it("should answer many channels' states at once, each its own", async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const channels = [await newChannel(), await newChannel(), await newChannel()];
        await send(channels[0]!.id, bob, 'one');
        await send(channels[1]!.id, bob, 'one @ada', { mentions: [ada] });
        await send(channels[1]!.id, bob, 'two');
        const states = await store.channelReadStates(
          ada.id,
          channels.map((channel) => channel.id),
        );
        expect(channels.map((channel) => states.get(channel.id))).toEqual([
          { lastReadId: null, unreadCount: 1, mentionCount: 0 },
          { lastReadId: null, unreadCount: 2, mentionCount: 1 },
          { lastReadId: null, unreadCount: 0, mentionCount: 0 },
        ]);
      });

      it('should tell where an id stands among the retained messages', async () => {
        const bob = await newUser('bob');
        const channel = await newChannel();
        expect(await store.channelMessagePosition(channel.id, '1')).toEqual({ retained: false, oldestId: null, newestId: null });
        const sent: Message[] = [];
        for (let i = 0; i < 4; i++) sent.push(await send(channel.id, bob, `m${i}`, { keep: 2 }));
        expect(await store.channelMessagePosition(channel.id, sent[3]!.id)).toEqual({
          retained: true,
          oldestId: sent[2]!.id,
          newestId: sent[3]!.id,
        });
        expect((await store.channelMessagePosition(channel.id, sent[0]!.id)).retained).toBe(false);
      });
    });

    describe('direct conversations', () => {
      it('should list conversations most recently active first, with the last message, marker and unread count', async () => {
        const [ada, bob, cy] = [await newUser('ada'), await newUser('bob'), await newUser('cy')];
        await dm(bob, ada, 'from bob');
        const fromCy = await dm(cy, ada, 'from cy');
        const reply = await dm(ada, bob, 'reply to bob');
        const late = await dm(bob, ada, 'bob again');
        const list = await store.directConversations(ada.id);
        expect(list.map((conversation) => conversation.with.id)).toEqual([bob.id, cy.id]);
        expect(list[0]).toMatchObject({ lastMessage: { id: late.id, body: 'bob again' }, lastReadId: reply.id, unreadCount: 1 });
        expect(list[1]).toMatchObject({ lastMessage: { id: fromCy.id }, lastReadId: null, unreadCount: 1 });
        expect((await store.directConversations(bob.id))[0]).toMatchObject({ with: { id: ada.id }, lastReadId: late.id, unreadCount: 0 });
      });

      it('should only move a conversation marker forward, and not count deleted or pruned messages', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const sent: DirectMessage[] = [];
        for (let i = 0; i < 5; i++) sent.push(await dm(bob, ada, `m${i}`, 4));
        await store.changeDirectMessage({ messageId: sent[4]!.id, decide: () => ({ kind: 'delete' }), now: new Date() });
        expect((await store.directConversations(ada.id))[0]?.unreadCount).toBe(3);
        expect(await store.moveDirectMarker(ada.id, bob.id, sent[2]!.id)).toEqual({
          lastReadId: sent[2]!.id,
          unreadCount: 1,
          mentionCount: 0,
        });
        expect((await store.moveDirectMarker(ada.id, bob.id, sent[1]!.id)).lastReadId).toBe(sent[2]!.id);
        expect(await store.directMessagePosition(ada.id, bob.id, sent[0]!.id)).toEqual({
          retained: false,
          oldestId: sent[1]!.id,
          newestId: sent[4]!.id,
        });
      });

      it('should end at the largest id when two instances move one conversation marker at once', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const sent: DirectMessage[] = [];
        for (let i = 0; i < 10; i++) sent.push(await dm(bob, ada, `m${i}`));
        await Promise.all([...sent].reverse().map((message, i) => (i % 2 ? store : other).moveDirectMarker(ada.id, bob.id, message.id)));
        expect((await store.directConversations(ada.id))[0]).toMatchObject({ lastReadId: sent.at(-1)!.id, unreadCount: 0 });
      });

      it('should count nothing unread in notes to oneself', async () => {
        const ada = await newUser('ada');
        const note = await dm(ada, ada, 'note');
        expect(await store.directConversations(ada.id)).toMatchObject([{ with: { id: ada.id }, lastReadId: note.id, unreadCount: 0 }]);
      });
    });
  });
}
