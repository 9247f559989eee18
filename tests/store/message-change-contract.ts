import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DirectMessage, Message, User } from '../../server/domain/models.js';
import type { MessageChange, Store, WrittenOutboxEntry } from '../../server/domain/ports/store.port.js';
import type { StoreHarness } from './store-contract.js';
import { storeSeeds, useStorePair } from './store-seeds.js';

const unique = () => randomBytes(4).toString('hex');

/** Thrown by a decision that refuses, as a DomainError would be. */
class Refused extends Error {}

/**
 * What the Store promises about a message after it is sent: edits,
 * deletions, reactions and mentions, read back by every read, and changes
 * ordered and announced like sends. Runs on every engine; where concurrency
 * matters, two store handles on one database stand for two instances.
 */
export function describeMessageChangeContract(engine: string, setUp: () => Promise<StoreHarness>): void {
  describe(`${engine} store: changing messages`, () => {
    const pair = useStorePair(setUp);
    const { newUser, newChannel } = storeSeeds(pair, unique);
    let store: Store;
    let other: Store;
    beforeAll(() => ({ store, other } = pair));
    const send = (channelId: string, author: User, body: string, extra: { mentions?: User[]; clientId?: string; keep?: number } = {}) =>
      store.addMessage({
        channelId,
        authorId: author.id,
        body,
        mentionIds: extra.mentions?.map((user) => user.id),
        clientId: extra.clientId ?? null,
        now: new Date(),
        keep: extra.keep ?? 100,
      });
    const dm = (from: User, to: User, body: string, keep = 100) =>
      store.addDirectMessage({ fromId: from.id, toId: to.id, body, clientId: null, now: new Date(), keep });

    /** A change of a channel message, recording what it announced. */
    const change = (
      message: Message,
      decision: MessageChange | ((current: Message) => MessageChange),
      extra: { on?: Store; announced?: Message[]; now?: Date; outbox?: boolean; entries?: (WrittenOutboxEntry | null)[] } = {},
    ) =>
      (extra.on ?? store).changeMessage({
        channelId: message.channelId,
        messageId: message.id,
        decide: typeof decision === 'function' ? decision : () => decision,
        now: extra.now ?? new Date(),
        announce: async (changed, entry) => {
          extra.announced?.push(changed);
          extra.entries?.push(entry);
        },
        outbox: extra.outbox ? (changed) => [{ topic: 'MESSAGE_UPDATED', scope: changed.channelId, payload: changed }] : undefined,
      });
    const changeDirect = (message: DirectMessage, decision: MessageChange, announced: DirectMessage[] = [], on = store) =>
      on.changeDirectMessage({
        messageId: message.id,
        decide: () => decision,
        now: new Date(),
        announce: async (changed) => void announced.push(changed),
      });
    const react = (user: User, emoji: string, on = true): MessageChange => ({ kind: 'react', emoji, userId: user.id, on });
    const latest = async (channelId: string) => (await store.latestMessages(channelId, 100)).at(-1)!;

    describe('mentions', () => {
      it('should keep the mentions of a sent message in the order given and return them from every read', async () => {
        const [ada, bob, cy] = [await newUser('ada'), await newUser('bob'), await newUser('cy')];
        const channel = await newChannel();
        // Cy is the newer user but mentioned first: the order is the body's, not the ids'.
        const { message } = await send(channel.id, ada, 'hi @cy and @bob', { mentions: [cy, bob], clientId: 'm-1' });
        expect(message.mentions).toEqual([cy, bob]);
        expect((await store.latestMessages(channel.id, 10))[0]!.mentions).toEqual([cy, bob]);
        expect((await other.messagesAfter(channel.id, '0'))[0]!.mentions).toEqual([cy, bob]);
        expect((await send(channel.id, ada, 'again', { clientId: 'm-1' })).message).toEqual(message);
        expect((await change(message, { kind: 'none' }))?.message).toEqual(message);
      });

      it('should give each message of a list its own mentions, and none to a message without', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const [channel, elsewhere] = [await newChannel(), await newChannel()];
        await send(channel.id, ada, 'one @bob', { mentions: [bob] });
        await send(elsewhere.id, bob, 'between @ada', { mentions: [ada] });
        await send(channel.id, bob, 'plain');
        await send(channel.id, bob, 'two @ada', { mentions: [ada] });
        const list = await store.latestMessages(channel.id, 10);
        expect(list.map((m) => [m.body, m.mentions.map((user) => user.id)])).toEqual([
          ['one @bob', [bob.id]],
          ['plain', []],
          ['two @ada', [ada.id]],
        ]);
      });
    });

    describe('edits', () => {
      it('should replace the body and the mentions, set editedAt and add one to the version', async () => {
        const [ada, bob, cy] = [await newUser('ada'), await newUser('bob'), await newUser('cy')];
        const channel = await newChannel();
        const { message } = await send(channel.id, ada, 'hi @bob', { mentions: [bob] });
        await change(message, react(bob, '👍'));
        const now = new Date(Date.now() + 1000);
        const announced: Message[] = [];
        const outcome = await change(message, { kind: 'edit', body: 'hi @cy', mentionIds: [cy.id] }, { announced, now });
        expect(outcome).toEqual({
          changed: true,
          message: {
            ...message,
            body: 'hi @cy',
            mentions: [cy],
            editedAt: now.toISOString(),
            version: 3,
            reactions: [{ emoji: '👍', users: [bob] }],
          },
        });
        expect(announced).toEqual([outcome!.message]);
        expect(await latest(channel.id)).toEqual(outcome!.message);
        expect((await other.messagesAfter(channel.id, '0'))[0]).toEqual(outcome!.message);
        const cleared = await change(message, { kind: 'edit', body: 'hi all', mentionIds: [] });
        expect(cleared?.message).toMatchObject({ body: 'hi all', mentions: [], version: 4 });
        expect((await latest(channel.id)).mentions).toEqual([]);
      });

      it('should edit a direct message and return the edit from every read', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const { message } = await dm(ada, bob, 'helo');
        const announced: DirectMessage[] = [];
        const outcome = await changeDirect(message, { kind: 'edit', body: 'hello', mentionIds: [] }, announced, other);
        expect(outcome).toEqual({ changed: true, message: { ...message, body: 'hello', editedAt: expect.any(String), version: 2 } });
        expect(announced).toEqual([outcome!.message]);
        expect(await store.latestDirectMessages(bob.id, ada.id, 10)).toEqual([outcome!.message]);
        expect(await store.directMessagesAfter(ada.id, '0')).toEqual([outcome!.message]);
      });
    });

    describe('deletions', () => {
      it('should empty the body, remove reactions and mentions, keep the id and place, and add one to the version', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const channel = await newChannel();
        const { message } = await send(channel.id, ada, 'oops @bob', { mentions: [bob] });
        const after = (await send(channel.id, bob, 'after')).message;
        await change(message, react(bob, '😮'));
        const deleted = await change(message, { kind: 'delete' });
        expect(deleted).toEqual({
          changed: true,
          message: { ...message, body: '', deleted: true, reactions: [], mentions: [], version: 3 },
        });
        expect((await store.latestMessages(channel.id, 10)).map((m) => [m.id, m.body, m.deleted])).toEqual([
          [message.id, '', true],
          [after.id, 'after', false],
        ]);
      });

      it('should change and announce nothing when a message is deleted twice', async () => {
        const ada = await newUser('ada');
        const channel = await newChannel();
        const { message } = await send(channel.id, ada, 'twice');
        await change(message, { kind: 'delete' });
        const announced: Message[] = [];
        const again = await change(message, { kind: 'delete' }, { announced, on: other });
        expect(again).toEqual({ changed: false, message: expect.objectContaining({ deleted: true, version: 2 }) });
        expect(announced).toEqual([]);
      });

      it('should delete a direct message with its reactions', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const { message } = await dm(ada, bob, 'secret');
        await changeDirect(message, react(bob, '👀'));
        const outcome = await changeDirect(message, { kind: 'delete' });
        expect(outcome?.message).toMatchObject({ body: '', deleted: true, reactions: [], version: 3 });
        expect(await other.directMessagesAfter(bob.id, '0')).toEqual([outcome!.message]);
      });
    });

    describe('reactions', () => {
      it('should list one entry per emoji in the order each was first used, its users oldest first', async () => {
        const [ada, bob, cy] = [await newUser('ada'), await newUser('bob'), await newUser('cy')];
        const channel = await newChannel();
        const { message } = await send(channel.id, ada, 'react to me');
        await change(message, react(ada, '👍'));
        await change(message, react(bob, '🎉'), { on: other });
        const third = await change(message, react(cy, '👍'));
        expect(third?.message.reactions).toEqual([
          { emoji: '👍', users: [ada, cy] },
          { emoji: '🎉', users: [bob] },
        ]);
        // Ada's 👍 again is her newest: she now comes after Cy, and 👍, which Cy kept on, keeps its place.
        expect((await change(message, react(ada, '👍', false)))?.message.reactions[0]).toEqual({ emoji: '👍', users: [cy] });
        expect((await change(message, react(ada, '👍')))?.message.reactions).toEqual([
          { emoji: '👍', users: [cy, ada] },
          { emoji: '🎉', users: [bob] },
        ]);
        // Once every 👍 is gone, a new 👍 is first used after 🎉.
        await change(message, react(ada, '👍', false));
        await change(message, react(cy, '👍', false));
        const last = await change(message, react(bob, '👍'));
        expect(last?.message.reactions).toEqual([
          { emoji: '🎉', users: [bob] },
          { emoji: '👍', users: [bob] },
        ]);
        expect(last?.message.version).toBe(9);
        expect((await other.latestMessages(channel.id, 1))[0]).toEqual(last!.message);
      });

      it('should change nothing for a reaction already there or one already gone, and announce nothing', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const channel = await newChannel();
        const { message } = await send(channel.id, ada, 'toggle');
        const announced: Message[] = [];
        expect((await change(message, react(bob, '👍'), { announced }))?.changed).toBe(true);
        expect(await change(message, react(bob, '👍'), { announced, on: other })).toEqual({ changed: false, message: announced[0] });
        expect((await change(message, react(bob, '👍', false), { announced }))?.changed).toBe(true);
        expect((await change(message, react(bob, '👍', false), { announced }))?.changed).toBe(false);
        expect((await change(message, react(ada, '🎉', false), { announced }))?.changed).toBe(false);
        expect(announced.map((m) => [m.version, m.reactions.length])).toEqual([
          [2, 1],
          [3, 0],
        ]);
        expect((await latest(channel.id)).version).toBe(3);
      });

      it('should give each message of a list its own reactions, whatever other conversations hold', async () => {
        const [ada, bob, cy] = [await newUser('ada'), await newUser('bob'), await newUser('cy')];
        const first = (await dm(ada, bob, 'first')).message;
        const between = (await dm(bob, cy, 'not ada')).message;
        const plain = (await dm(bob, ada, 'plain')).message;
        const last = (await dm(ada, bob, 'last')).message;
        await changeDirect(first, react(bob, '❤️'));
        await changeDirect(between, react(cy, '🙈'));
        await changeDirect(last, react(ada, '👍'));
        const expected = [
          [first.id, [{ emoji: '❤️', users: [bob] }]],
          [plain.id, []],
          [last.id, [{ emoji: '👍', users: [ada] }]],
        ];
        expect((await store.directMessagesAfter(ada.id, '0')).map((m) => [m.id, m.reactions])).toEqual(expected);
        expect((await other.latestDirectMessages(bob.id, ada.id, 10)).map((m) => [m.id, m.reactions])).toEqual(expected);
      });

      it('should end in the right set and version when many users on two instances toggle at once, announced in order', async () => {
        const users = await Promise.all(Array.from({ length: 20 }, (_, i) => newUser(`r${i}`)));
        const channel = await newChannel();
        const { message } = await send(channel.id, users[0]!, 'everyone react');
        const announced: Message[] = [];
        // Each user toggles in sequence; the users run at once, alternating instances.
        const outcomes = await Promise.all(
          users.map(async (user, i) => {
            const on = i % 2 ? store : other;
            const steps = [react(user, '👍'), react(user, '👍'), react(user, '👍', false), react(user, '👍')];
            if (i % 2 === 0) steps.push(react(user, '🎉'));
            const changed: boolean[] = [];
            for (const step of steps) changed.push((await change(message, step, { on, announced }))!.changed);
            return changed;
          }),
        );
        const effective = outcomes.flat().filter(Boolean).length;
        expect(effective).toBe(20 * 3 + 10);
        const final = await latest(channel.id);
        expect(final.version).toBe(1 + effective);
        expect(final.reactions.map((reaction) => reaction.emoji)).toEqual(['👍', '🎉']);
        const ids = (index: number) => final.reactions[index]!.users.map((user) => user.id).sort();
        expect(ids(0)).toEqual(users.map((user) => user.id).sort());
        expect(ids(1)).toEqual(
          users
            .filter((_, i) => i % 2 === 0)
            .map((user) => user.id)
            .sort(),
        );
        // Announced as committed: every version once, in order.
        expect(announced.map((m) => m.version)).toEqual(Array.from({ length: effective }, (_, i) => i + 2));
      });

      it('should announce sends and changes of one channel in commit order', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const channel = await newChannel();
        const { message } = await send(channel.id, ada, 'start');
        const events: string[] = [];
        const slowly = async (event: string) => {
          events.push(event);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
        };
        const work = Array.from({ length: 10 }, (_, i) =>
          i % 2
            ? (i % 4 === 1 ? store : other).addMessage({
                channelId: channel.id,
                authorId: bob.id,
                body: `s${i}`,
                clientId: null,
                now: new Date(),
                keep: 100,
                announce: (sent) => slowly(`send ${sent.id}`),
              })
            : (i % 4 === 0 ? store : other).changeMessage({
                channelId: channel.id,
                messageId: message.id,
                decide: () => react(i % 3 ? ada : bob, `${i}️⃣`),
                now: new Date(),
                announce: (changed) => slowly(`change v${changed.version}`),
              }),
        );
        await Promise.all(work);
        const changes = events.filter((event) => event.startsWith('change'));
        const sends = events.filter((event) => event.startsWith('send')).map((event) => Number(event.slice(5)));
        expect(changes).toEqual(['change v2', 'change v3', 'change v4', 'change v5', 'change v6']);
        expect(sends).toEqual([...sends].sort((a, b) => a - b));
      });
    });

    describe('decisions', () => {
      it('should hand the decision the message as stored now, and write nothing for none', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const channel = await newChannel();
        const { message } = await send(channel.id, ada, 'look', { mentions: [bob] });
        await change(message, react(bob, '👍'), { on: other });
        const seen: Message[] = [];
        const announced: Message[] = [];
        const outcome = await change(
          message,
          (current) => {
            seen.push(current);
            return { kind: 'none' };
          },
          { announced, outbox: true },
        );
        expect(seen).toEqual([await latest(channel.id)]);
        expect(seen[0]).toMatchObject({ version: 2, reactions: [{ emoji: '👍', users: [bob] }], mentions: [bob] });
        expect(outcome).toEqual({ changed: false, message: seen[0] });
        expect(announced).toEqual([]);
      });

      it('should change nothing when the decision refuses, and pass its error on', async () => {
        const ada = await newUser('ada');
        const channel = await newChannel();
        const { message } = await send(channel.id, ada, 'keep me');
        await expect(
          change(message, () => {
            throw new Refused('not yours');
          }),
        ).rejects.toBeInstanceOf(Refused);
        expect(await latest(channel.id)).toEqual(message);
      });

      it('should change nothing when a write of the change fails halfway', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const channel = await newChannel();
        const { message } = await send(channel.id, ada, 'before @bob', { mentions: [bob] });
        // The body is written before the mentions, of which one names no user.
        await expect(change(message, { kind: 'edit', body: 'after', mentionIds: [bob.id, '987654321'] })).rejects.toThrow();
        expect(await latest(channel.id)).toEqual(message);
        expect((await change(message, { kind: 'edit', body: 'after', mentionIds: [] }))?.message.version).toBe(2);
      });

      it('should find no message that the cap removed, that is in another channel, or that never was', async () => {
        const ada = await newUser('ada');
        const [channel, elsewhere] = [await newChannel(), await newChannel()];
        const { message } = await send(channel.id, ada, 'old', { keep: 1 });
        await change(message, react(ada, '👍'));
        await send(channel.id, ada, 'new', { keep: 1 });
        let decided = false;
        const decide = () => ((decided = true), react(ada, '🎉'));
        expect(await change(message, decide)).toBeNull();
        expect(await change({ ...message, channelId: elsewhere.id }, decide)).toBeNull();
        expect(await change({ ...message, id: '987654321' }, decide)).toBeNull();
        expect(decided).toBe(false);
        const direct = (await dm(ada, ada, 'note', 1)).message;
        await dm(ada, ada, 'newer note', 1);
        expect(await changeDirect(direct, react(ada, '👍'))).toBeNull();
        expect(await changeDirect({ ...direct, id: '987654321' }, react(ada, '👍'))).toBeNull();
      });
    });

    describe('the outbox', () => {
      it("should write a change's events with it, and hand its entry to the announcement", async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const channel = await newChannel();
        const { message } = await send(channel.id, ada, 'news');
        const entries: (WrittenOutboxEntry | null)[] = [];
        const outcome = await change(message, react(bob, '🔥'), { outbox: true, entries });
        expect(entries).toEqual([{ id: expect.any(String), olderPending: expect.any(Boolean) }]);
        const pending = await other.pendingEvents(new Date(Date.now() + 1000), 10_000);
        expect(pending.find((entry) => entry.id === entries[0]!.id)?.events).toEqual([
          { topic: 'MESSAGE_UPDATED', scope: channel.id, payload: JSON.parse(JSON.stringify(outcome!.message)) },
        ]);
        await store.removeEvents([entries[0]!.id]);
        await change(message, react(bob, '🔥'), { outbox: true, entries });
        expect(entries).toHaveLength(1);
      });
    });
  });
}
