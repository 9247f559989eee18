import { describe, expect, it } from 'vitest';
import { Topic } from './ports/events.port.js';
import { ErrorCode } from './errors.js';
import { FRESH_MESSAGE_STATE, type DirectMessage, type User } from './models.js';
import { perHour } from './rate-limiter.js';
import { domainError, domainFixture, ELSEWHERE, HOME, HOUR, receivedBefore, type DomainFixtureOptions } from './testing/domain-fixture.js';

async function setUp(options: DomainFixtureOptions = {}) {
  const fixture = domainFixture(options);
  const [ada, bob, cy] = [await fixture.signIn('ada'), await fixture.signIn('bob'), await fixture.signIn('cy')];
  return { ...fixture, ada, bob, cy };
}

type Fixture = Awaited<ReturnType<typeof setUp>>;

/** What a user's stream received up to now: a sentinel with an id above any sent closes the list. */
const receivedBy = (fixture: Fixture, stream: AsyncIterator<DirectMessage>, user: User) =>
  receivedBefore(
    stream,
    () =>
      fixture.bus.publish(
        Topic.DirectMessageAdded,
        { id: '999999', from: user, to: user, body: 'sentinel', createdAt: '', clientId: null, ...FRESH_MESSAGE_STATE },
        user.id,
      ),
    (message) => message.body === 'sentinel',
  );

describe('DirectMessageService.send', () => {
  it('should deliver a message to a live user to both sides, dated by the clock', async () => {
    const fixture = await setUp();
    const { directMessages, clock, ada, bob, cy } = fixture;
    const [toAda, toBob, toCy] = await Promise.all([ada, bob, cy].map((u) => directMessages.subscribe(u.user, undefined)));
    clock.advance(60_000);
    const sent = await directMessages.send(ada.user, { to: ' BOB ', body: ' hi bob ' }, HOME);
    expect(sent).toEqual({
      id: expect.stringMatching(/^\d+$/),
      from: ada.user,
      to: bob.user,
      body: 'hi bob',
      createdAt: '2025-03-01T12:01:00.000Z',
      clientId: null,
      ...FRESH_MESSAGE_STATE,
    });
    expect(await receivedBy(fixture, toAda, ada.user)).toEqual([sent]);
    expect(await receivedBy(fixture, toBob, bob.user)).toEqual([sent]);
    expect(await receivedBy(fixture, toCy, cy.user)).toEqual([]);
  });

  it('should refuse a message to a user who signed out, with NOT_FOUND, and to a name nobody has', async () => {
    const { directMessages, sessions, ada, bob } = await setUp();
    await sessions.logout(bob);
    const refused = await domainError(directMessages.send(ada.user, { to: 'bob', body: 'are you there?' }, HOME));
    expect(refused).toMatchObject({ code: ErrorCode.NotFound, details: { field: 'to' } });
    expect(refused.message).toBe('"bob" signed out and their name is free: nobody will read a message to them.');
    expect(await domainError(directMessages.send(ada.user, { to: 'nobody', body: 'hi' }, HOME))).toMatchObject({
      code: ErrorCode.NotFound,
      message: 'There is no user named "nobody".',
    });
    expect(await directMessages.partners(ada.user)).toEqual([]);
  });

  it('should answer a resend with the clientId of a stored message with that message, delivering nothing again', async () => {
    const fixture = await setUp();
    const { directMessages, ada, bob } = fixture;
    const toBob = await directMessages.subscribe(bob.user, undefined);
    const first = await directMessages.send(ada.user, { to: 'bob', body: 'once', clientId: 'k-1' }, HOME);
    expect(await directMessages.send(ada.user, { to: 'bob', body: 'once', clientId: 'k-1' }, HOME)).toEqual(first);
    const reply = await directMessages.send(bob.user, { to: 'ada', body: 'mine', clientId: 'k-1' }, HOME);
    expect(reply.id).not.toBe(first.id);
    expect(await receivedBy(fixture, toBob, bob.user)).toEqual([first, reply]);
  });

  it('should limit messages to people never written with, and not replies or later messages', async () => {
    const { directMessages, clock, ada, bob, cy } = await setUp({
      limits: { newConversationsPerUser: { ratePerSecond: perHour(1), burst: 1 } },
    });
    await directMessages.send(ada.user, { to: 'bob', body: 'new conversation' }, HOME);
    await directMessages.send(ada.user, { to: 'bob', body: 'not new any more' }, HOME);
    await directMessages.send(bob.user, { to: 'ada', body: 'a reply is not new either' }, HOME);
    expect(await domainError(directMessages.send(ada.user, { to: 'cy', body: 'hello' }, HOME))).toMatchObject({
      code: ErrorCode.RateLimited,
      details: { retryAfterMs: HOUR },
    });
    // Each sender has an allowance of their own.
    expect((await directMessages.send(bob.user, { to: 'cy', body: 'bob may' }, HOME)).to).toEqual(cy.user);
    clock.advance(HOUR);
    expect((await directMessages.send(ada.user, { to: 'cy', body: 'after an hour' }, HOME)).to).toEqual(cy.user);
    expect((await directMessages.partners(ada.user)).map((u) => u.name)).toEqual(['cy', 'bob']);
  });

  it('should limit sends per user and per address, as in channels', async () => {
    const { directMessages, clock, ada, bob, cy } = await setUp({
      limits: { sendsPerUser: { ratePerSecond: 1, burst: 1 }, sendsPerAddress: { ratePerSecond: 1, burst: 2 } },
    });
    await directMessages.send(ada.user, { to: 'bob', body: '1' }, HOME);
    expect((await domainError(directMessages.send(ada.user, { to: 'bob', body: '2' }, ELSEWHERE))).details).toEqual({
      retryAfterMs: 1000,
    });
    await directMessages.send(bob.user, { to: 'ada', body: '2' }, HOME);
    expect((await domainError(directMessages.send(cy.user, { to: 'ada', body: '3' }, HOME))).code).toBe(ErrorCode.RateLimited);
    clock.advance(1000);
    await directMessages.send(cy.user, { to: 'ada', body: '3' }, HOME);
  });
});

describe('DirectMessageService conversations', () => {
  it('should show a conversation the same from both sides, newest last, within the message limit', async () => {
    const fixture = await setUp({ messageLimit: 3 });
    const { directMessages, ada, bob, cy } = fixture;
    await directMessages.send(ada.user, { to: 'cy', body: 'other conversation' }, HOME);
    for (let i = 1; i <= 5; i++) await directMessages.send(i % 2 ? ada.user : bob.user, { to: i % 2 ? 'bob' : 'ada', body: `d${i}` }, HOME);
    const fromAda = await directMessages.conversation(ada.user, 'bob', undefined);
    expect(fromAda.map((m) => m.body)).toEqual(['d3', 'd4', 'd5']);
    expect(await directMessages.conversation(bob.user, 'ADA', 50)).toEqual(fromAda);
    expect((await directMessages.conversation(ada.user, 'bob', 1)).map((m) => m.body)).toEqual(['d5']);
    expect((await directMessages.conversation(cy.user, 'ada', undefined)).map((m) => m.body)).toEqual(['other conversation']);
    // A resume from the start replays what is retained: the older ones are gone, not merely left unread.
    const replay = await receivedBy(fixture, await directMessages.subscribe(bob.user, '0'), bob.user);
    expect(replay.map((m) => m.body)).toEqual(['d3', 'd4', 'd5']);
  });

  it('should keep a conversation readable after the other user signed out', async () => {
    const { directMessages, sessions, ada, bob } = await setUp();
    const sent = await directMessages.send(ada.user, { to: 'bob', body: 'before you left' }, HOME);
    await sessions.logout(bob);
    expect(await directMessages.conversation(ada.user, 'bob', undefined)).toEqual([sent]);
  });

  it('should list conversation partners, most recent first', async () => {
    const { directMessages, ada, bob, cy } = await setUp();
    await directMessages.send(ada.user, { to: 'bob', body: '1' }, HOME);
    await directMessages.send(cy.user, { to: 'ada', body: '2' }, HOME);
    expect(await directMessages.partners(ada.user)).toEqual([cy.user, bob.user]);
    await directMessages.send(bob.user, { to: 'ada', body: '3' }, HOME);
    expect(await directMessages.partners(ada.user)).toEqual([bob.user, cy.user]);
    expect(await directMessages.partners(bob.user)).toEqual([ada.user]);
  });
});

describe('DirectMessageService.subscribe', () => {
  it("should replay the user's messages of every conversation after `after`, then go on live", async () => {
    const fixture = await setUp();
    const { directMessages, ada, bob, cy } = fixture;
    const a = await directMessages.send(ada.user, { to: 'bob', body: 'a' }, HOME);
    const b = await directMessages.send(cy.user, { to: 'ada', body: 'b' }, HOME);
    await directMessages.send(bob.user, { to: 'cy', body: 'not for ada' }, HOME);
    const c = await directMessages.send(ada.user, { to: 'cy', body: 'c' }, HOME);
    const resumed = await directMessages.subscribe(ada.user, a.id);
    const fromStart = await directMessages.subscribe(ada.user, 0);
    const d = await directMessages.send(bob.user, { to: 'ada', body: 'd' }, HOME);
    expect(await receivedBy(fixture, resumed, ada.user)).toEqual([b, c, d]);
    expect(await receivedBy(fixture, fromStart, ada.user)).toEqual([a, b, c, d]);
  });

  it('should refuse a malformed `after`', async () => {
    const { directMessages, ada } = await setUp();
    expect(await domainError(() => directMessages.subscribe(ada.user, 'yesterday'))).toMatchObject({
      code: ErrorCode.BadUserInput,
      details: { field: 'after' },
    });
  });
});
