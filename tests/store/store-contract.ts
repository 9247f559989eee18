import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRESH_MESSAGE_STATE, type Message, type User } from '../../server/domain/models.js';
import { nameKey, nameSkeleton } from '../../server/domain/text-rules.js';
import type { ClaimNameInput, Store, WrittenOutboxEntry } from '../../server/domain/ports/store.port.js';

/** A database for one run of the contract: `open` gives a store on it, and a second call a second instance sharing it. */
export interface StoreHarness {
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

const HOUR = 60 * 60 * 1000;
const unique = () => randomBytes(4).toString('hex');

/**
 * Every rule the Store interface promises, run against one engine. The same
 * suite runs on SQLite and PostgreSQL; where concurrency matters, two store
 * handles on one database stand for two server instances.
 */
export function describeStoreContract(engine: string, setUp: () => Promise<StoreHarness>): void {
  describe(`${engine} store contract`, () => {
    let harness: StoreHarness;
    let store: Store;
    let other: Store;

    beforeAll(async () => {
      harness = await setUp();
      store = await harness.open();
      other = await harness.open();
    });
    afterAll(async () => {
      await store?.close();
      await other?.close();
      await harness?.dispose();
    });

    const claim = async (name: string, overrides: Partial<ClaimNameInput> = {}, on = store) => {
      const tokenHash = overrides.tokenHash ?? `hash-${unique()}${unique()}`;
      const result = await on.claimName({
        name,
        nameKey: nameKey(name),
        skeleton: nameSkeleton(name),
        verifiedUserId: null,
        now: new Date(),
        idleLimitMs: HOUR,
        currentSessionId: null,
        ...overrides,
        tokenHash,
      });
      // The session a claim opened, found as a client's next request finds it: by its token.
      return result.ok ? { ...result, sessionId: (await on.findSession(tokenHash))!.sessionId } : result;
    };
    const newUser = async (prefix = 'user'): Promise<User> => {
      const result = await claim(`${prefix}-${unique()}`);
      if (!result.ok) throw new Error('could not create a user');
      return result.user;
    };
    const createChannel = (name: string, key = nameKey(name), on = store, now = new Date()) =>
      on.createChannel({ name, nameKey: key, skeleton: nameSkeleton(key), now });
    const newChannel = async () => (await createChannel(`c-${unique()}`))!;
    const send = (channelId: string, author: User, body: string, extra: { clientId?: string; keep?: number; on?: Store } = {}) =>
      (extra.on ?? store).addMessage({
        channelId,
        authorId: author.id,
        body,
        clientId: extra.clientId ?? null,
        now: new Date(),
        keep: extra.keep ?? 100,
      });

    describe('channels', () => {
      it('should start with the general channel', async () => {
        const channels = await store.listChannels();
        expect(channels.map((channel) => channel.name)).toContain('general');
      });

      it('should refuse a channel whose name key is taken', async () => {
        const key = `news-${unique()}`;
        const now = new Date();
        const created = await createChannel(key.toUpperCase(), key, store, now);
        expect(created).toEqual({ id: expect.stringMatching(/^\d+$/), name: key.toUpperCase(), createdAt: now.toISOString() });
        expect(await createChannel(key, key, other)).toBeNull();
        expect(await store.findChannel(created!.id)).toEqual(created);
      });

      it('should list channels in the byte order of their name keys, whatever the database locale', async () => {
        const stem = unique();
        await createChannel(`${stem}éa`);
        await createChannel(`${stem}fa`);
        await createChannel(`${stem}Zz`);
        const mine = (await store.listChannels()).map((channel) => channel.name).filter((name) => name.startsWith(stem));
        expect(mine).toEqual([`${stem}fa`, `${stem}Zz`, `${stem}éa`]);
      });

      it('should refuse a channel whose name looks like a taken one', async () => {
        const stem = unique();
        expect(await createChannel(`room${stem}`)).not.toBeNull();
        expect(
          await other.createChannel({
            name: `r00m${stem}`,
            nameKey: `r00m${stem}`,
            skeleton: nameSkeleton(`room${stem}`),
            now: new Date(),
          }),
        ).toBeNull();
      });

      it('should find no channel for an unknown id', async () => {
        expect(await store.findChannel('999999999')).toBeNull();
      });
    });

    describe('users and sessions', () => {
      const userOf = (result: Awaited<ReturnType<typeof claim>>) => {
        if (!result.ok) throw new Error(`claim refused: ${result.reason}`);
        return result;
      };

      it('should create the user on the first claim of a name', async () => {
        const name = `Ada-${unique()}`;
        const result = await claim(name);
        expect(result).toEqual({
          ok: true,
          user: { id: expect.stringMatching(/^\d+$/), name, protected: false },
          sessionId: expect.any(String),
          endedSessionIds: [],
        });
        expect(await store.findUserByName(nameKey(name), nameSkeleton(name))).toEqual({ user: userOf(result).user, ended: false });
      });

      it('should refuse a name held by another live session', async () => {
        const name = `Bob-${unique()}`;
        expect((await claim(name)).ok).toBe(true);
        expect(await claim(name.toUpperCase(), {}, other)).toEqual({ ok: false, reason: 'taken', holder: name });
      });

      it('should refuse a look-alike of a name in use, whose skeleton is the same', async () => {
        const stem = unique();
        expect((await claim(`sam${stem}`)).ok).toBe(true);
        const lookAlike = await other.claimName({
          name: `5am${stem}`,
          nameKey: `5am${stem}`,
          skeleton: nameSkeleton(`sam${stem}`),
          verifiedUserId: null,
          tokenHash: `hash-${unique()}`,
          now: new Date(),
          idleLimitMs: HOUR,
          currentSessionId: null,
        });
        expect(lookAlike).toEqual({ ok: false, reason: 'taken', holder: `sam${stem}` });
      });

      it("should let the holder's own session claim the name again and end its earlier sessions", async () => {
        const name = `Cy-${unique()}`;
        const first = userOf(await claim(name));
        const again = await claim(name, { currentSessionId: first.sessionId });
        expect(again).toMatchObject({ ok: true, user: first.user, endedSessionIds: [first.sessionId] });
      });

      it('should give a free name without a password to a new user, and end the old one', async () => {
        const name = `dora-${unique()}`;
        const first = userOf(await claim(name, { now: new Date(Date.now() - 2 * HOUR) }));
        const restyled = name.replace('dora', 'Dora');
        const second = userOf(await claim(restyled, {}, other));
        expect(second.user.id).not.toBe(first.user.id);
        expect(second).toMatchObject({ user: { name: restyled }, endedSessionIds: [first.sessionId] });
        expect(await store.findUserByName(nameKey(name), nameSkeleton(name))).toEqual({ user: second.user, ended: false });
      });

      it('should name the newest ended user of a name when no live user has it', async () => {
        const name = `ended-${unique()}`;
        const first = userOf(await claim(name));
        expect(await store.endSession(first.sessionId, new Date())).toBe(true);
        await other.releaseUser(first.user.id, new Date());
        expect(await store.findUserByName(nameKey(name), nameSkeleton(name))).toEqual({ user: first.user, ended: true });
        const next = userOf(await claim(name, {}, other));
        expect(next.user.id).not.toBe(first.user.id);
        expect(await store.findUserByName(nameKey(name), nameSkeleton(name))).toEqual({ user: next.user, ended: false });
      });

      it('should keep a protected user for good, and give its name only to a claim verified for it', async () => {
        const name = `Pat-${unique()}`;
        const first = userOf(await claim(name));
        const protectedUser = await store.setPasswordHash(first.user.id, 'scrypt$stored');
        expect(protectedUser).toEqual({ ...first.user, protected: true });
        expect(await other.passwordHashOf(first.user.id)).toBe('scrypt$stored');
        expect(await store.findClaimCandidates(nameKey(name), nameSkeleton(name))).toEqual([
          expect.objectContaining({ id: first.user.id, passwordHash: 'scrypt$stored', protected: true }),
        ]);
        expect(await claim(name, {}, other)).toEqual({ ok: false, reason: 'wrong-password', holder: name });
        await store.endSession(first.sessionId, new Date());
        await store.releaseUser(first.user.id, new Date());
        expect(await claim(name, {}, other)).toEqual({ ok: false, reason: 'wrong-password', holder: name });
        const back = userOf(await claim(name, { verifiedUserId: first.user.id }, other));
        expect(back.user).toEqual(protectedUser);
      });

      it('should take a protected name over from the session holding it, ending that session', async () => {
        const name = `Quin-${unique()}`;
        const first = userOf(await claim(name));
        await store.setPasswordHash(first.user.id, 'scrypt$stored');
        const takeover = userOf(await claim(name, { verifiedUserId: first.user.id }, other));
        expect(takeover).toMatchObject({ user: { id: first.user.id }, endedSessionIds: [first.sessionId] });
      });

      it('should give a name to exactly one of many simultaneous claims on two instances', async () => {
        const name = `Eve-${unique()}`;
        const results = await Promise.all(Array.from({ length: 12 }, (_, i) => claim(name, {}, i % 2 ? store : other)));
        expect(results.filter((result) => result.ok)).toHaveLength(1);
        expect(results.filter((result) => !result.ok)).toHaveLength(11);
      });

      it('should find a session by its token hash, with its last use, but not an ended one', async () => {
        const tokenHash = `hash-${unique()}`;
        const at = new Date(Date.now() - 2 * HOUR);
        const result = userOf(await claim(`Fay-${unique()}`, { tokenHash, now: at }));
        // Even an idle one: whether it has gone idle is the domain's to say, from lastUsedAt.
        expect(await other.findSession(tokenHash)).toEqual({ sessionId: result.sessionId, user: result.user, lastUsedAt: at });
        expect(await store.findSession('unknown')).toBeNull();
        expect(await store.endSession(result.sessionId, new Date())).toBe(true);
        expect(await other.endSession(result.sessionId, new Date())).toBe(false);
        expect(await store.findSession(tokenHash)).toBeNull();
      });

      it('should record the use of a session', async () => {
        const tokenHash = `hash-${unique()}`;
        const result = userOf(await claim(`Gus-${unique()}`, { tokenHash, now: new Date(Date.now() - 2 * HOUR) }));
        const now = new Date();
        await other.touchSession(result.sessionId, now);
        expect((await store.findSession(tokenHash))?.lastUsedAt).toEqual(now);
      });

      it('should find no user for an unknown name', async () => {
        const name = `nobody-${unique()}`;
        expect(await store.findUserByName(nameKey(name), nameSkeleton(name))).toBeNull();
      });
    });

    describe('the outbox', () => {
      it('should keep the events of a send with its message until removed, and say when older ones still wait', async () => {
        const author = await newUser();
        const channel = await newChannel();
        const entries: (WrittenOutboxEntry | null)[] = [];
        const sendWithEvents = (body: string, on = store) =>
          on.addMessage({
            channelId: channel.id,
            authorId: author.id,
            body,
            clientId: null,
            now: new Date(),
            keep: 100,
            outbox: (message) => [{ topic: 'MESSAGE_ADDED', scope: channel.id, payload: { id: message.id, body } }],
            announce: async (_message, entry) => void entries.push(entry),
          });
        const first = await sendWithEvents('first');
        const second = await sendWithEvents('second', other);
        expect(entries.map((entry) => entry?.olderPending)).toEqual([expect.any(Boolean), true]);
        const pending = (await other.pendingEvents(new Date(Date.now() + 1000), 1000)).filter((entry) =>
          entries.some((written) => written?.id === entry.id),
        );
        expect(pending.map((entry) => entry.events)).toEqual([
          [{ topic: 'MESSAGE_ADDED', scope: channel.id, payload: { id: first.message.id, body: 'first' } }],
          [{ topic: 'MESSAGE_ADDED', scope: channel.id, payload: { id: second.message.id, body: 'second' } }],
        ]);
        await store.removeEvents(pending.map((entry) => entry.id));
        const left = await other.pendingEvents(new Date(Date.now() + 1000), 1000);
        expect(left.filter((entry) => entries.some((written) => written?.id === entry.id))).toEqual([]);
      });

      it('should write nothing to the outbox for a send without events', async () => {
        const author = await newUser();
        const seen: (WrittenOutboxEntry | null)[] = [];
        await store.addMessage({
          channelId: (await newChannel()).id,
          authorId: author.id,
          body: 'plain',
          clientId: null,
          now: new Date(),
          keep: 100,
          announce: async (_message, entry) => void seen.push(entry),
        });
        expect(seen).toEqual([null]);
      });
    });

    describe('channel messages', () => {
      it('should keep only the newest messages of a channel, in the same step as the insert', async () => {
        const author = await newUser();
        const [channel, elsewhere] = [await newChannel(), await newChannel()];
        await send(elsewhere.id, author, 'elsewhere', { keep: 3 });
        const sent: Message[] = [];
        for (let i = 1; i <= 5; i++) sent.push((await send(channel.id, author, `m${i}`, { keep: 3 })).message);
        expect((await store.latestMessages(channel.id, 10)).map((m) => m.body)).toEqual(['m3', 'm4', 'm5']);
        expect((await store.latestMessages(channel.id, 2)).map((m) => m.body)).toEqual(['m4', 'm5']);
        expect(await store.latestMessages(channel.id, 0)).toEqual([]);
        expect(await store.latestMessages(elsewhere.id, 10)).toHaveLength(1);
        expect(sent[4]).toEqual({
          id: expect.stringMatching(/^\d+$/),
          channelId: channel.id,
          author,
          body: 'm5',
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          clientId: null,
          ...FRESH_MESSAGE_STATE,
          mentions: [],
        });
      });

      it('should return the first message for a clientId the author already used in the channel, and announce once', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const [channel, elsewhere] = [await newChannel(), await newChannel()];
        const announced: string[] = [];
        const announce = async (message: Message) => void announced.push(message.id);
        const input = { channelId: channel.id, authorId: ada.id, body: 'hi', clientId: 'c-1', now: new Date(), keep: 100, announce };
        const first = await store.addMessage(input);
        const again = await other.addMessage({ ...input, body: 'hi again' });
        expect(first.created).toBe(true);
        expect(again).toEqual({ message: first.message, created: false });
        expect(announced).toEqual([first.message.id]);
        expect((await send(channel.id, bob, 'hi', { clientId: 'c-1' })).created).toBe(true);
        expect((await send(elsewhere.id, ada, 'hi', { clientId: 'c-1' })).created).toBe(true);
      });

      it('should store one message when two instances receive the same clientId at once', async () => {
        const author = await newUser();
        const channel = await newChannel();
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => send(channel.id, author, 'once', { clientId: 'same', on: i % 2 ? store : other })),
        );
        expect(results.filter((result) => result.created)).toHaveLength(1);
        expect(new Set(results.map((result) => result.message.id)).size).toBe(1);
        expect(await store.latestMessages(channel.id, 10)).toHaveLength(1);
      });

      it('should resume after an id with every retained message above it, oldest first', async () => {
        const author = await newUser();
        const channel = await newChannel();
        const ids: string[] = [];
        for (let i = 0; i < 4; i++) ids.push((await send(channel.id, author, `r${i}`)).message.id);
        expect((await other.messagesAfter(channel.id, ids[1]!)).map((m) => m.id)).toEqual(ids.slice(2));
        expect((await other.messagesAfter(channel.id, '0')).map((m) => m.id)).toEqual(ids);
        expect(await other.messagesAfter(channel.id, ids[3]!)).toEqual([]);
      });

      it('should commit and announce ids in increasing order within a channel when two instances send at once', async () => {
        const authors = [await newUser('w1'), await newUser('w2')];
        const channel = await newChannel();
        const keep = 25;
        const announced: string[] = [];
        const seenByPoller: string[] = [];
        let sending = true;
        // A reader resuming by id, as a reconnecting client does: it misses
        // a message if a lower id commits after a higher one was read.
        const poller = (async () => {
          let cursor = '0';
          while (sending) {
            for (const message of await store.messagesAfter(channel.id, cursor)) {
              seenByPoller.push(message.id);
              cursor = message.id;
            }
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
        })();
        const sends = Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? store : other).addMessage({
            channelId: channel.id,
            authorId: authors[i % 2]!.id,
            body: `n${i}`,
            clientId: null,
            now: new Date(),
            keep: 1000,
            announce: async (message) => {
              announced.push(message.id);
              await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
            },
          }),
        );
        const results = await Promise.all(sends);
        sending = false;
        await poller;
        const ids = results.map((result) => result.message.id).sort((a, b) => Number(a) - Number(b));
        expect(announced.map(Number)).toEqual(ids.map(Number));
        for (const message of await store.messagesAfter(channel.id, seenByPoller.at(-1) ?? '0')) seenByPoller.push(message.id);
        expect(seenByPoller).toEqual(ids);

        await Promise.all(
          Array.from({ length: 10 }, (_, i) => send(channel.id, authors[0]!, `cap${i}`, { keep, on: i % 2 ? store : other })),
        );
        const kept = await store.latestMessages(channel.id, 1000);
        expect(kept).toHaveLength(keep);
        expect(kept.map((m) => Number(m.id))).toEqual([...kept.map((m) => Number(m.id))].sort((a, b) => a - b));
      });
    });

    describe('direct messages', () => {
      const dm = (
        from: User,
        to: User,
        body: string,
        extra: { clientId?: string; keep?: number; on?: Store; announce?: (m: any) => Promise<void> } = {},
      ) =>
        (extra.on ?? store).addDirectMessage({
          fromId: from.id,
          toId: to.id,
          body,
          clientId: extra.clientId ?? null,
          now: new Date(),
          keep: extra.keep ?? 100,
          announce: extra.announce,
        });

      it('should keep the newest messages of a conversation, read from either side', async () => {
        const [ada, bob, cy] = [await newUser('ada'), await newUser('bob'), await newUser('cy')];
        await dm(ada, cy, 'other conversation', { keep: 3 });
        for (let i = 1; i <= 5; i++) await dm(i % 2 ? ada : bob, i % 2 ? bob : ada, `d${i}`, { keep: 3, on: i % 2 ? store : other });
        const fromAda = await store.latestDirectMessages(ada.id, bob.id, 10);
        expect(fromAda.map((m) => m.body)).toEqual(['d3', 'd4', 'd5']);
        expect(await other.latestDirectMessages(bob.id, ada.id, 10)).toEqual(fromAda);
        expect(fromAda[2]).toMatchObject({ from: ada, to: bob, clientId: null, createdAt: expect.stringMatching(/Z$/) });
        expect(await store.latestDirectMessages(ada.id, cy.id, 10)).toHaveLength(1);
        expect(await store.latestDirectMessages(ada.id, bob.id, 0)).toEqual([]);
      });

      it('should return the first direct message for a clientId the sender already used with the recipient', async () => {
        const [ada, bob] = [await newUser('ada'), await newUser('bob')];
        const first = await dm(ada, bob, 'hi', { clientId: 'k' });
        const results = await Promise.all([dm(ada, bob, 'hi', { clientId: 'k', on: other }), dm(ada, bob, 'hi', { clientId: 'k' })]);
        expect(results).toEqual([
          { message: first.message, created: false },
          { message: first.message, created: false },
        ]);
        expect((await dm(bob, ada, 'hi', { clientId: 'k' })).created).toBe(true);
      });

      it('should list conversation partners, most recent first', async () => {
        const [ada, bob, cy] = [await newUser('ada'), await newUser('bob'), await newUser('cy')];
        await dm(ada, bob, '1');
        await dm(cy, ada, '2');
        expect(await other.listConversationPartners(ada.id)).toEqual([cy, bob]);
        await dm(ada, bob, '3');
        expect(await store.listConversationPartners(ada.id)).toEqual([bob, cy]);
      });

      it('should tell whether two users have exchanged a direct message, in either direction', async () => {
        const [ada, bob, cy] = [await newUser('ada'), await newUser('bob'), await newUser('cy')];
        expect(await store.hasDirectMessagesBetween(ada.id, bob.id)).toBe(false);
        await dm(bob, ada, 'hello');
        expect(await store.hasDirectMessagesBetween(ada.id, bob.id)).toBe(true);
        expect(await other.hasDirectMessagesBetween(bob.id, ada.id)).toBe(true);
        expect(await store.hasDirectMessagesBetween(ada.id, cy.id)).toBe(false);
        expect(await store.hasDirectMessagesBetween(bob.id, cy.id)).toBe(false);
      });

      it("should replay a user's direct messages from every conversation after an id", async () => {
        const [ada, bob, cy] = [await newUser('ada'), await newUser('bob'), await newUser('cy')];
        const a = await dm(ada, bob, 'a');
        const b = await dm(cy, ada, 'b');
        const c = await dm(ada, ada, 'note to self');
        await dm(bob, cy, 'not ada');
        expect((await other.directMessagesAfter(ada.id, '0')).map((m) => m.id)).toEqual([a, b, c].map((r) => r.message.id));
        expect((await other.directMessagesAfter(ada.id, a.message.id)).map((m) => m.id)).toEqual([b, c].map((r) => r.message.id));
      });

      it("should commit and announce a user's direct messages in id order when two instances send at once", async () => {
        const target = await newUser('target');
        const senders = [await newUser('s1'), await newUser('s2'), await newUser('s3')];
        const announced: string[] = [];
        const announce = async (message: { id: string }) => {
          announced.push(message.id);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
        };
        const results = await Promise.all(
          Array.from({ length: 30 }, (_, i) => dm(senders[i % 3]!, target, `x${i}`, { on: i % 2 ? store : other, announce, keep: 1000 })),
        );
        const ids = results.map((result) => Number(result.message.id)).sort((x, y) => x - y);
        expect(announced.map(Number)).toEqual(ids);
        expect((await store.directMessagesAfter(target.id, '0')).map((m) => Number(m.id))).toEqual(ids);
      });
    });
  });
}
