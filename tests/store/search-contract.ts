import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Message, User } from '../../server/domain/models.js';
import type { MessageChange, Store } from '../../server/domain/ports/store.port.js';
import { searchWords } from '../../server/domain/search-rules.js';
import type { StoreHarness } from './store-contract.js';
import { storeSeeds, useStorePair } from './store-seeds.js';

/** Letters only: a word of its own that no other test's message holds, so that searches across all channels stay apart. */
const tag = () =>
  [...randomBytes(6)]
    .map((byte) => String.fromCharCode(97 + (byte % 26)))
    .join('')
    .replace(/^/, 'q');

/**
 * What the Store promises about search: every word, as a prefix of a word
 * of the body, compared by the domain's words (case and accents folded),
 * newest first, never a deleted or pruned message, and direct messages of
 * the asking user only. Runs on every engine.
 */
export function describeSearchContract(engine: string, setUp: () => Promise<StoreHarness>): void {
  describe(`${engine} store: search`, () => {
    const pair = useStorePair(setUp);
    const { newUser, newChannel, send, dm } = storeSeeds(pair, tag);
    let store: Store;
    let other: Store;
    beforeAll(() => ({ store, other } = pair));
    const search = (text: string, extra: { channelId?: string; first?: number; on?: Store } = {}) =>
      (extra.on ?? store).searchMessages({ words: searchWords(text), first: extra.first ?? 20, channelId: extra.channelId ?? null });
    const searchDirect = (user: User, text: string, withUser: User | null = null) =>
      store.searchDirectMessages({ words: searchWords(text), first: 20, userId: user.id, otherUserId: withUser?.id ?? null });
    const change = (message: Message, decision: MessageChange) =>
      store.changeMessage({ channelId: message.channelId, messageId: message.id, decide: () => decision, now: new Date() });
    const bodies = (list: readonly { body: string }[]) => list.map((message) => message.body);

    describe('channel messages', () => {
      it('should find a message by every word, without regard to case or accents, on either instance', async () => {
        const [ada, channel, word] = [await newUser('ada'), await newChannel(), tag()];
        const message = await send(channel.id, ada, `Le Café d'ÉMILE ${word}`);
        await send(channel.id, ada, `Le thé ${word}`);
        for (const text of [`cafe emile ${word}`, `CAFÉ ${word.toUpperCase()}`, `${word} émile`, `${word} Cafe\u0301`])
          expect([text, await search(text)]).toEqual([text, [message]]);
        expect(await search(`cafe ${word}`, { on: other })).toEqual([message]);
        expect(await search(`cafe absent ${word}`)).toEqual([]);
      });

      it('should match each word as the start of a word of the body, never its middle', async () => {
        const [ada, channel, word] = [await newUser('ada'), await newChannel(), tag()];
        const message = await send(channel.id, ada, `Cafés du ${word}`);
        expect(await search(`caf ${word.slice(0, 4)}`, { channelId: channel.id })).toEqual([message]);
        expect(await search(`afé ${word}`)).toEqual([]);
      });

      it('should return the newest first, at most `first`, in one channel when asked', async () => {
        const [ada, here, there, word] = [await newUser('ada'), await newChannel(), await newChannel(), tag()];
        for (const [channel, body] of [
          [here, 'one'],
          [there, 'two'],
          [here, 'three'],
          [there, 'four'],
        ] as const)
          await send(channel.id, ada, `${body} ${word}`);
        expect(bodies(await search(word))).toEqual([`four ${word}`, `three ${word}`, `two ${word}`, `one ${word}`]);
        expect(bodies(await search(word, { first: 3 }))).toEqual([`four ${word}`, `three ${word}`, `two ${word}`]);
        expect(bodies(await search(word, { channelId: here.id }))).toEqual([`three ${word}`, `one ${word}`]);
      });

      it('should return each message with its reactions and mentions, as every read does', async () => {
        const [ada, bob, here, there, word] = [await newUser('ada'), await newUser('bob'), await newChannel(), await newChannel(), tag()];
        const first = await send(here.id, ada, `hi @bob ${word}`, { mentions: [bob] });
        await send(there.id, bob, `plain ${word}`);
        await change(first, { kind: 'react', emoji: '👍', userId: bob.id, on: true });
        const found = await search(word);
        expect(found.map((message) => [message.body, message.mentions, message.reactions])).toEqual([
          [`plain ${word}`, [], []],
          [`hi @bob ${word}`, [bob], [{ emoji: '👍', users: [bob] }]],
        ]);
        expect(found[1]).toEqual((await store.latestMessages(here.id, 1))[0]);
      });

      it('should find an edited message by what it now says, and a deleted one by nothing', async () => {
        const [ada, channel, word] = [await newUser('ada'), await newChannel(), tag()];
        const message = await send(channel.id, ada, `before ${word}`);
        const gone = await send(channel.id, ada, `doomed ${word}`);
        await change(message, { kind: 'edit', body: `après ${word}`, mentionIds: [] });
        await change(gone, { kind: 'delete' });
        expect(await search(`before ${word}`)).toEqual([]);
        expect(bodies(await search(`apres ${word}`))).toEqual([`après ${word}`]);
        expect(await search(`doomed ${word}`)).toEqual([]);
        expect(bodies(await search(word))).toEqual([`après ${word}`]);
      });

      it('should forget the messages the cap removes', async () => {
        const [ada, channel, word] = [await newUser('ada'), await newChannel(), tag()];
        for (const body of ['old', 'middle', 'new']) await send(channel.id, ada, `${body} ${word}`, { keep: 2 });
        expect(bodies(await search(word))).toEqual([`new ${word}`, `middle ${word}`]);
        expect(await search(`old ${word}`)).toEqual([]);
      });

      it('should take words that are operators of a search engine as plain words', async () => {
        const [ada, channel, word] = [await newUser('ada'), await newChannel(), tag()];
        const message = await send(channel.id, ada, `NEAR and OR not ${word}: "quoted" * (x)`);
        expect(await search(`near AND or NOT quoted x ${word}`)).toEqual([message]);
        expect(await search(`"near" -or ${word}*`)).toEqual([message]);
      });

      it('should find letters of any script, and digits', async () => {
        const [ada, channel, word] = [await newUser('ada'), await newChannel(), tag()];
        const message = await send(channel.id, ada, `Привет 東京 ΟΔΌΣ straße 2026 ${word}`);
        expect(await search(`привет ${word}`)).toEqual([message]);
        expect(await search(`東京 οδος STRASSE 202 ${word}`)).toEqual([message]);
      });
    });

    describe('direct messages', () => {
      it("should find only the user's own direct messages, and with a partner only that conversation", async () => {
        const [ada, bob, cy, word] = [await newUser('ada'), await newUser('bob'), await newUser('cy'), tag()];
        const toBob = await dm(ada, bob, `Réunion ${word} with bob`);
        const fromCy = await dm(cy, ada, `réunion ${word} from cy`);
        await dm(bob, cy, `REUNION ${word} between others`);
        expect(bodies(await searchDirect(ada, `reunion ${word}`))).toEqual([fromCy.body, toBob.body]);
        expect(await searchDirect(ada, `reunion ${word}`, bob)).toEqual([toBob]);
        expect(await searchDirect(ada, `others ${word}`)).toEqual([]);
        expect(await searchDirect(ada, `others ${word}`, bob)).toEqual([]);
        expect(bodies(await searchDirect(bob, word))).toEqual([`REUNION ${word} between others`, toBob.body]);
      });

      it('should find an edited direct message by its new words, a deleted or pruned one by nothing, with its reactions', async () => {
        const [ada, bob, word] = [await newUser('ada'), await newUser('bob'), tag()];
        const pruned = await dm(ada, bob, `first ${word}`, 3);
        const edited = await dm(ada, bob, `second ${word}`, 3);
        const deleted = await dm(bob, ada, `third ${word}`, 3);
        await dm(bob, ada, `fourth ${word}`, 3);
        const changeDirect = (messageId: string, decision: MessageChange) =>
          store.changeDirectMessage({ messageId, decide: () => decision, now: new Date() });
        await changeDirect(edited.id, { kind: 'edit', body: `zweite ${word}`, mentionIds: [] });
        await changeDirect(edited.id, { kind: 'react', emoji: '🎉', userId: bob.id, on: true });
        await changeDirect(deleted.id, { kind: 'delete' });
        expect(await searchDirect(ada, `first ${word}`)).toEqual([]);
        expect(bodies(await searchDirect(bob, word))).toEqual([`fourth ${word}`, `zweite ${word}`]);
        expect((await searchDirect(ada, `zweite ${word}`))[0]).toMatchObject({ id: edited.id, reactions: [{ emoji: '🎉', users: [bob] }] });
        expect(pruned.id).not.toBe(edited.id);
      });
    });
  });
}
