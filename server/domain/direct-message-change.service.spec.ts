import { describe, expect, it } from 'vitest';
import { Topic } from './ports/events.port.js';
import { ErrorCode } from './errors.js';
import { FRESH_MESSAGE_STATE, type DirectMessage, type User } from './models.js';
import { domainError, domainFixture, HOME, receivedBefore, type DomainFixtureOptions } from './testing/domain-fixture.js';

async function setUp(options: DomainFixtureOptions = {}) {
  const fixture = domainFixture(options);
  const [ada, bob, cy] = [(await fixture.signIn('ada')).user, (await fixture.signIn('bob')).user, (await fixture.signIn('cy')).user];
  const first = await fixture.directMessages.send(ada, { to: 'bob', body: 'hi bob' }, HOME);
  return { ...fixture, ada, bob, cy, first };
}

type Fixture = Awaited<ReturnType<typeof setUp>>;

/** What a user's update stream received up to now: a sentinel closes the list. */
const updatesFor = (fixture: Fixture, stream: AsyncIterator<DirectMessage>, user: User) =>
  receivedBefore(
    stream,
    () => fixture.bus.publish(Topic.DirectMessageUpdated, { ...fixture.first, body: 'sentinel', ...FRESH_MESSAGE_STATE }, user.id),
    (message) => message.body === 'sentinel',
  );

describe('DirectMessageService changes', () => {
  it('should let the sender edit and delete, announcing each new state to both users and nobody else', async () => {
    const fixture = await setUp();
    const { directMessages, clock, ada, bob, cy, first } = fixture;
    const [toAda, toBob, toCy] = await Promise.all([ada, bob, cy].map((user) => directMessages.updates(user)));
    clock.advance(1000);
    const edited = await directMessages.edit(ada, { id: first.id, body: 'hi Bob!' }, HOME);
    expect(edited).toEqual({ ...first, body: 'hi Bob!', editedAt: '2025-03-01T12:00:01.000Z', version: 2 });
    const deleted = await directMessages.delete(ada, { id: first.id });
    expect(deleted).toEqual({ ...edited, body: '', deleted: true, version: 3 });
    expect(await directMessages.delete(ada, { id: first.id })).toEqual(deleted);
    expect(await directMessages.conversation(bob, 'ada', 10)).toEqual([deleted]);
    expect(await updatesFor(fixture, toAda, ada)).toEqual([edited, deleted]);
    expect(await updatesFor(fixture, toBob, bob)).toEqual([edited, deleted]);
    expect(await updatesFor(fixture, toCy, cy)).toEqual([]);
  });

  it('should refuse the recipient an edit or a deletion with FORBIDDEN, and tell a third user there is no such message', async () => {
    const { directMessages, bob, cy, first } = await setUp();
    expect(await domainError(directMessages.edit(bob, { id: first.id, body: 'mine' }, HOME))).toMatchObject({ code: ErrorCode.Forbidden });
    expect(await domainError(directMessages.delete(bob, { id: first.id }))).toMatchObject({ code: ErrorCode.Forbidden });
    for (const attempt of [
      directMessages.edit(cy, { id: first.id, body: 'x' }, HOME),
      directMessages.delete(cy, { id: first.id }),
      directMessages.react(cy, { id: first.id, emoji: '👍', on: true }, HOME),
    ])
      expect(await domainError(attempt)).toMatchObject({ code: ErrorCode.NotFound, details: { field: 'id' } });
    expect(await domainError(directMessages.delete(bob, { id: '987654' }))).toMatchObject({ code: ErrorCode.NotFound });
    expect(await domainError(directMessages.delete(bob, { id: '-1' }))).toMatchObject({ code: ErrorCode.BadUserInput });
  });

  it('should let either user react, twice changing nothing, and refuse a reaction to a deleted message', async () => {
    const fixture = await setUp();
    const { directMessages, ada, bob, first } = fixture;
    const toBob = await directMessages.updates(bob);
    const byBob = await directMessages.react(bob, { id: first.id, emoji: '❤', on: true }, HOME);
    const byAda = await directMessages.react(ada, { id: first.id, emoji: '❤️', on: true }, HOME);
    expect(byAda.reactions).toEqual([{ emoji: '❤️', users: [bob, ada] }]);
    expect(await directMessages.react(ada, { id: first.id, emoji: '❤️', on: true }, HOME)).toEqual(byAda);
    expect(byAda.version).toBe(3);
    expect(await updatesFor(fixture, toBob, bob)).toEqual([byBob, byAda]);
    await directMessages.delete(ada, { id: first.id });
    expect(await domainError(directMessages.react(bob, { id: first.id, emoji: '👍', on: true }, HOME))).toMatchObject({
      code: ErrorCode.BadUserInput,
    });
  });

  it('should change nothing when the body is the same', async () => {
    const { directMessages, ada, first } = await setUp();
    expect(await directMessages.edit(ada, { id: first.id, body: 'hi bob ' }, HOME)).toEqual(first);
  });

  it('should count edits and reactions against the allowance of sends', async () => {
    const { directMessages, ada, first } = await setUp({ limits: { sendsPerUser: { ratePerSecond: 1, burst: 2 } } });
    await directMessages.react(ada, { id: first.id, emoji: '👍', on: true }, HOME);
    expect(await domainError(directMessages.edit(ada, { id: first.id, body: 'later' }, HOME))).toMatchObject({
      code: ErrorCode.RateLimited,
    });
  });
});
