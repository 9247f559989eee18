import { describe, expect, it } from 'vitest';
import { Topic } from './ports/events.port.js';
import { ErrorCode } from './errors.js';
import { FRESH_MESSAGE_STATE, type Message } from './models.js';
import { MAX_REACTIONS_PER_MESSAGE } from './reaction-rules.js';
import { domainError, domainFixture, HOME, receivedBefore, type DomainFixtureOptions } from './testing/domain-fixture.js';

async function setUp(options: DomainFixtureOptions = {}) {
  const fixture = domainFixture(options);
  const ada = (await fixture.signIn('Ada')).user;
  const bob = (await fixture.signIn('bob')).user;
  const general = (await fixture.channels.list()).find((channel) => channel.name === 'general')!;
  const random = await fixture.channels.create('random', ada, HOME);
  const first = await fixture.messages.send(ada, { channelId: general.id, body: 'hello' }, HOME);
  return { ...fixture, ada, bob, general, random, first };
}

type Fixture = Awaited<ReturnType<typeof setUp>>;

/** What a channel's update stream received up to now: a sentinel closes the list. */
const updatesOn = (fixture: Fixture, stream: AsyncIterator<Message>, channelId: string) =>
  receivedBefore(
    stream,
    () =>
      fixture.bus.publish(
        Topic.MessageUpdated,
        { ...fixture.first, channelId, body: 'sentinel', ...FRESH_MESSAGE_STATE, mentions: [] },
        channelId,
      ),
    (message) => message.body === 'sentinel',
  );

describe('MessageService.edit', () => {
  it('should replace the body, date the edit, add one to the version and announce the new state to the channel only', async () => {
    const fixture = await setUp();
    const { messages, clock, ada, general, random, first } = fixture;
    const [here, there] = [await messages.updates(general.id), await messages.updates(random.id)];
    clock.advance(60_000);
    const edited = await messages.edit(ada, { channelId: general.id, id: first.id, body: ' hello\r\nagain ' }, HOME);
    expect(edited).toEqual({ ...first, body: 'hello\nagain', editedAt: '2025-03-01T12:01:00.000Z', version: 2 });
    expect(await messages.history(general.id, 10)).toEqual([edited]);
    expect(await updatesOn(fixture, here, general.id)).toEqual([edited]);
    expect(await updatesOn(fixture, there, random.id)).toEqual([]);
  });

  it('should resolve the mentions of the new body', async () => {
    const { messages, ada, bob, general, first } = await setUp();
    const edited = await messages.edit(ada, { channelId: general.id, id: first.id, body: 'hi @BOB and @nobody' }, HOME);
    expect(edited.mentions).toEqual([bob]);
    expect((await messages.edit(ada, { channelId: general.id, id: first.id, body: 'hi all' }, HOME)).mentions).toEqual([]);
  });

  it('should refuse anyone but the author with FORBIDDEN, changing and announcing nothing', async () => {
    const fixture = await setUp();
    const { messages, bob, general, first } = fixture;
    const updates = await messages.updates(general.id);
    expect(await domainError(messages.edit(bob, { channelId: general.id, id: first.id, body: 'mine' }, HOME))).toMatchObject({
      code: ErrorCode.Forbidden,
      message: 'Only the author of a message may edit it.',
    });
    expect(await messages.history(general.id, 10)).toEqual([first]);
    expect(await updatesOn(fixture, updates, general.id)).toEqual([]);
  });

  it('should change nothing, version included, when the body is the same once normalised', async () => {
    const fixture = await setUp();
    const { messages, ada, general, first } = fixture;
    const updates = await messages.updates(general.id);
    expect(await messages.edit(ada, { channelId: general.id, id: first.id, body: '  hello ' }, HOME)).toEqual(first);
    expect(await updatesOn(fixture, updates, general.id)).toEqual([]);
  });

  it('should apply the body rules of sending', async () => {
    const { messages, ada, general, first } = await setUp();
    for (const body of ['  ', 'x'.repeat(4001), 'a\u0007b', 42])
      expect(await domainError(messages.edit(ada, { channelId: general.id, id: first.id, body }, HOME))).toMatchObject({
        code: ErrorCode.BadUserInput,
        details: { field: 'body' },
      });
  });

  it('should refuse to edit a deleted message with BAD_USER_INPUT', async () => {
    const { messages, ada, general, first } = await setUp();
    await messages.delete(ada, { channelId: general.id, id: first.id });
    expect(await domainError(messages.edit(ada, { channelId: general.id, id: first.id, body: 'back' }, HOME))).toMatchObject({
      code: ErrorCode.BadUserInput,
    });
  });

  it('should answer NOT_FOUND for an unknown id, a message of another channel and one the cap removed, and BAD_USER_INPUT for a malformed id', async () => {
    const { messages, ada, general, random, first } = await setUp({ messageLimit: 2 });
    const edit = (channelId: string, id: string) => domainError(messages.edit(ada, { channelId, id, body: 'new' }, HOME));
    expect(await edit(general.id, '987654')).toMatchObject({ code: ErrorCode.NotFound, details: { field: 'id' } });
    expect(await edit(random.id, first.id)).toMatchObject({ code: ErrorCode.NotFound });
    expect(await edit(general.id, 'one')).toMatchObject({ code: ErrorCode.BadUserInput, details: { field: 'id' } });
    expect(await edit('424242', first.id)).toMatchObject({ code: ErrorCode.NotFound });
    await messages.send(ada, { channelId: general.id, body: 'two' }, HOME);
    await messages.send(ada, { channelId: general.id, body: 'three' }, HOME);
    expect(await edit(general.id, first.id)).toMatchObject({ code: ErrorCode.NotFound });
  });
});

describe('MessageService.delete', () => {
  it('should empty the body, drop reactions and mentions, keep the id and place, and announce it once', async () => {
    const fixture = await setUp();
    const { messages, ada, bob, general } = fixture;
    const mentioning = await messages.send(ada, { channelId: general.id, body: 'hey @bob' }, HOME);
    await messages.react(bob, { channelId: general.id, messageId: mentioning.id, emoji: '👍', on: true }, HOME);
    const updates = await messages.updates(general.id);
    const deleted = await messages.delete(ada, { channelId: general.id, id: mentioning.id });
    expect(deleted).toEqual({ ...mentioning, body: '', deleted: true, reactions: [], mentions: [], version: 3 });
    expect(await messages.delete(ada, { channelId: general.id, id: mentioning.id })).toEqual(deleted);
    expect((await messages.history(general.id, 10)).map((m) => [m.id, m.deleted])).toEqual([
      [fixture.first.id, false],
      [mentioning.id, true],
    ]);
    expect(await updatesOn(fixture, updates, general.id)).toEqual([deleted]);
  });

  it('should refuse anyone but the author with FORBIDDEN', async () => {
    const { messages, bob, general, first } = await setUp();
    expect(await domainError(messages.delete(bob, { channelId: general.id, id: first.id }))).toMatchObject({
      code: ErrorCode.Forbidden,
      message: 'Only the author of a message may delete it.',
    });
  });
});

describe('MessageService.react', () => {
  it('should toggle each user’s emoji, each emoji in the order it was first used, announcing each change', async () => {
    const fixture = await setUp();
    const { messages, ada, bob, general, first } = fixture;
    const updates = await messages.updates(general.id);
    const react = (user: typeof ada, emoji: string, on: boolean) =>
      messages.react(user, { channelId: general.id, messageId: first.id, emoji, on }, HOME);
    const one = await react(bob, '👍', true);
    const two = await react(ada, '🎉', true);
    const three = await react(ada, '👍', true);
    expect(three.reactions).toEqual([
      { emoji: '👍', users: [bob, ada] },
      { emoji: '🎉', users: [ada] },
    ]);
    expect(await react(ada, '👍', true)).toEqual(three);
    const four = await react(bob, '👍', false);
    // 👍 keeps its place while anyone has it on, though its first user took it off.
    expect(four.reactions).toEqual([
      { emoji: '👍', users: [ada] },
      { emoji: '🎉', users: [ada] },
    ]);
    expect(await react(bob, '👍', false)).toEqual(four);
    expect([one, two, three, four].map((m) => m.version)).toEqual([2, 3, 4, 5]);
    expect(await updatesOn(fixture, updates, general.id)).toEqual([one, two, three, four]);
  });

  it('should refuse what is not one emoji, and a reaction to a deleted message, with BAD_USER_INPUT', async () => {
    const { messages, ada, bob, general, first } = await setUp();
    const react = (emoji: string) =>
      domainError(messages.react(bob, { channelId: general.id, messageId: first.id, emoji, on: true }, HOME));
    for (const emoji of ['1', '#', 'ok', '👍👍'])
      expect(await react(emoji)).toMatchObject({ code: ErrorCode.BadUserInput, details: { field: 'emoji' } });
    await messages.delete(ada, { channelId: general.id, id: first.id });
    expect(await react('👍')).toMatchObject({ code: ErrorCode.BadUserInput, message: 'This message was deleted: it takes no reactions.' });
  });

  it(`should take at most ${MAX_REACTIONS_PER_MESSAGE} different emoji on one message`, async () => {
    const { messages, bob, general, first } = await setUp();
    const emoji = [...'😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗🤩'];
    const react = (e: string) => messages.react(bob, { channelId: general.id, messageId: first.id, emoji: e, on: true }, HOME);
    for (const e of emoji.slice(0, MAX_REACTIONS_PER_MESSAGE)) await react(e);
    expect(await domainError(react(emoji[MAX_REACTIONS_PER_MESSAGE]!))).toMatchObject({
      code: ErrorCode.BadUserInput,
      details: { field: 'emoji' },
    });
    expect((await react(emoji[0]!)).reactions).toHaveLength(MAX_REACTIONS_PER_MESSAGE);
  });
});

describe('MessageService mentions and limits', () => {
  it('should resolve mentions on send to live users, whatever their case or look-alike letters, and leave unknown names as text', async () => {
    const { messages, signIn, sessions, ada, bob, general } = await setUp();
    const lovelace = (await signIn('Ada Lovelace')).user;
    const gone = await signIn('gone');
    await sessions.logout(gone);
    // "аda" with a Cyrillic а is ada's name as names are compared.
    const sent = await messages.send(bob, { channelId: general.id, body: '@аda, @BOB! @{ada lovelace} @gone @nobody @ada' }, HOME);
    expect(sent.body).toBe('@аda, @BOB! @{ada lovelace} @gone @nobody @ada');
    expect(sent.mentions).toEqual([ada, bob, lovelace]);
  });

  it('should count edits and reactions against the allowance of sends', async () => {
    const { messages, ada, general, first } = await setUp({ limits: { sendsPerUser: { ratePerSecond: 1, burst: 3 } } });
    // setUp sent one message already: two left.
    await messages.edit(ada, { channelId: general.id, id: first.id, body: 'one' }, HOME);
    await messages.react(ada, { channelId: general.id, messageId: first.id, emoji: '👍', on: true }, HOME);
    expect(await domainError(messages.edit(ada, { channelId: general.id, id: first.id, body: 'two' }, HOME))).toMatchObject({
      code: ErrorCode.RateLimited,
    });
    expect(
      await domainError(messages.react(ada, { channelId: general.id, messageId: first.id, emoji: '🎉', on: true }, HOME)),
    ).toMatchObject({
      code: ErrorCode.RateLimited,
    });
  });
});
