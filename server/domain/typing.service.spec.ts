import { describe, expect, it } from 'vitest';
import type { TypingEvent, User } from './models.js';
import { DirectMessageService } from './direct-message.service.js';
import { ImmediateDelivery } from './event-outbox.js';
import { MessageService } from './message.service.js';
import { Topic } from './ports/events.port.js';
import { RateLimiter } from './rate-limiter.js';
import { domainError, domainFixture, HOME } from './testing/domain-fixture.js';
import type { FakeClock } from './testing/fake-clock.js';
import { TypingService, type ScheduleTimer } from './typing.service.js';

const LAPSE = 5000;

/** Timers driven by the fake clock: `fire` runs those due by it, as real time would have. */
function fakeTimers(clock: FakeClock) {
  let pending: { at: number; run: () => void }[] = [];
  const schedule: ScheduleTimer = (run, ms) => {
    const timer = { at: clock.nowMs() + ms, run };
    pending.push(timer);
    return () => void (pending = pending.filter((other) => other !== timer));
  };
  return {
    schedule,
    get armed() {
      return pending.length;
    },
    async fire() {
      const due = pending.filter((timer) => timer.at <= clock.nowMs());
      pending = pending.filter((timer) => !due.includes(timer));
      for (const timer of due) timer.run();
      // Let the lapse it started publish.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

async function typingFixture(options: { ratePerSecond?: number; burst?: number } = {}) {
  const fixture = domainFixture();
  const timers = fakeTimers(fixture.clock);
  const limiter = new RateLimiter({ ratePerSecond: options.ratePerSecond ?? 0, burst: options.burst ?? 1 }, fixture.clock.nowMs);
  const typing = new TypingService(
    fixture.store,
    fixture.bus,
    fixture.channels,
    { lapseMs: LAPSE, perUser: limiter, schedule: timers.schedule },
    fixture.clock.now,
  );
  // The senders, as index.ts builds them: told of the typing service, so that a send ends the typing.
  const delivery = new ImmediateDelivery(fixture.bus);
  const off = () => new RateLimiter({ ratePerSecond: 0, burst: 1 });
  const sends = { perUser: off(), perAddress: off() };
  const messages = new MessageService(
    fixture.store,
    fixture.bus,
    delivery,
    fixture.channels,
    sends,
    { messageLimit: 100 },
    fixture.clock.now,
    typing,
  );
  const directMessages = new DirectMessageService(
    fixture.store,
    fixture.bus,
    delivery,
    { ...sends, newConversations: off() },
    { messageLimit: 100 },
    fixture.clock.now,
    typing,
  );
  const general = (await fixture.channels.list())[0]!;
  const [ada, bob, cy] = [await fixture.signIn('ada'), await fixture.signIn('bob'), await fixture.signIn('cy')];
  return { ...fixture, messages, directMessages, typing, timers, general, ada: ada.user, bob: bob.user, cy: cy.user };
}

/** Everything a stream received before a sentinel published on its topic (the in-process bus delivers as it publishes). */
async function received(stream: AsyncIterator<TypingEvent>, publishSentinel: () => Promise<void>): Promise<string[]> {
  await publishSentinel();
  const seen: string[] = [];
  for (;;) {
    const { value, done } = await stream.next();
    if (done) throw new Error('the stream ended before its sentinel');
    if (value.user.name === 'sentinel') return seen;
    seen.push(`${value.user.name} ${value.typing ? 'started' : 'stopped'}${value.channelId === null ? ' (direct)' : ''}`);
  }
}

const SENTINEL: User = { id: '0', name: 'sentinel', protected: false };

describe('TypingService', () => {
  it('should announce the start once however often it is said, and the stop once the lapse has passed', async () => {
    const { typing, timers, clock, bus, general, ada, bob } = await typingFixture();
    const stream = await typing.inChannel(bob, general.id);
    const sentinel = () => bus.publish(Topic.ChannelTyping, { user: SENTINEL, channelId: general.id, typing: true }, general.id);
    await typing.say(ada, { channelId: general.id });
    clock.advance(3000);
    await typing.say(ada, { channelId: general.id });
    clock.advance(3000);
    await timers.fire();
    expect(await received(stream, sentinel)).toEqual(['ada started']);
    clock.advance(2000);
    await timers.fire();
    expect(await received(stream, sentinel)).toEqual(['ada stopped']);
    expect(typing.size).toBe(0);
    expect(timers.armed).toBe(0);
  });

  it('should stop at once when the typist sends there, and start again on the next call', async () => {
    const { typing, messages, bus, general, ada, bob } = await typingFixture();
    const stream = await typing.inChannel(bob, general.id);
    const sentinel = () => bus.publish(Topic.ChannelTyping, { user: SENTINEL, channelId: general.id, typing: true }, general.id);
    await typing.say(ada, { channelId: general.id });
    await messages.send(ada, { channelId: general.id, body: 'done' }, HOME);
    await typing.say(ada, { channelId: general.id });
    expect(await received(stream, sentinel)).toEqual(['ada started', 'ada stopped', 'ada started']);
  });

  it('should never tell subscribers of their own typing', async () => {
    const { typing, bus, general, ada, bob } = await typingFixture();
    const own = await typing.inChannel(ada, general.id);
    await typing.say(ada, { channelId: general.id });
    await typing.say(bob, { channelId: general.id });
    expect(
      await received(own, () => bus.publish(Topic.ChannelTyping, { user: SENTINEL, channelId: general.id, typing: false }, general.id)),
    ).toEqual(['bob started']);
  });

  it('should tell typing to a user to that user only, and end it when the direct message is sent', async () => {
    const { typing, directMessages, bus, general, ada, bob, cy } = await typingFixture();
    const toBob = await typing.toUser(bob);
    const toCy = await typing.toUser(cy);
    const inGeneral = await typing.inChannel(cy, general.id);
    await typing.say(ada, { to: 'BOB' });
    await directMessages.send(ada, { to: 'bob', body: 'hi' }, HOME);
    const direct = (user: User) => () => bus.publish(Topic.DirectTyping, { user: SENTINEL, channelId: null, typing: true }, user.id);
    expect(await received(toBob, direct(bob))).toEqual(['ada started (direct)', 'ada stopped (direct)']);
    expect(await received(toCy, direct(cy))).toEqual([]);
    expect(
      await received(inGeneral, () =>
        bus.publish(Topic.ChannelTyping, { user: SENTINEL, channelId: general.id, typing: true }, general.id),
      ),
    ).toEqual([]);
  });

  it('should keep the channels apart: a send in one ends the typing there only', async () => {
    const { typing, messages, channels, bus, general, ada, bob } = await typingFixture();
    const other = await channels.create('other', ada, HOME);
    const stream = await typing.inChannel(bob, other.id);
    await typing.say(ada, { channelId: other.id });
    await typing.say(ada, { channelId: general.id });
    await messages.send(ada, { channelId: general.id, body: 'elsewhere' }, HOME);
    expect(
      await received(stream, () => bus.publish(Topic.ChannelTyping, { user: SENTINEL, channelId: other.id, typing: true }, other.id)),
    ).toEqual(['ada started']);
    expect(typing.size).toBe(1);
  });

  it('should lapse by the clock when asked, for a clock moved faster than the timers', async () => {
    const { typing, clock, bus, general, ada, bob } = await typingFixture();
    const stream = await typing.inChannel(bob, general.id);
    await typing.say(ada, { channelId: general.id });
    clock.advance(LAPSE);
    await typing.lapseDue();
    expect(
      await received(stream, () => bus.publish(Topic.ChannelTyping, { user: SENTINEL, channelId: general.id, typing: true }, general.id)),
    ).toEqual(['ada started', 'ada stopped']);
  });

  it('should refuse a call that names no place, or both, or one that does not exist', async () => {
    const { typing, sessions, general, ada } = await typingFixture();
    expect(await domainError(typing.say(ada, {}))).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/either channelId or to/),
    });
    expect((await domainError(typing.say(ada, { channelId: general.id, to: 'bob' }))).code).toBe('BAD_USER_INPUT');
    expect(await domainError(typing.say(ada, { channelId: '999' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await domainError(typing.say(ada, { to: 'nobody' }))).toMatchObject({ code: 'NOT_FOUND', details: { field: 'to' } });
    const { token } = await sessions.login('gone', undefined, null, HOME);
    await sessions.logout((await sessions.authenticate(token))!);
    expect(await domainError(typing.say(ada, { to: 'gone' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/signed in/),
    });
  });

  it('should accept typing to oneself and announce it to nobody', async () => {
    const { typing, ada } = await typingFixture();
    expect(await typing.say(ada, { to: 'ada' })).toBe(true);
    expect(typing.size).toBe(0);
  });

  it('should limit the calls of each user, with a retry time', async () => {
    const { typing, clock, general, ada, bob } = await typingFixture({ ratePerSecond: 2, burst: 2 });
    await typing.say(ada, { channelId: general.id });
    await typing.say(ada, { channelId: general.id });
    expect(await domainError(typing.say(ada, { channelId: general.id }))).toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterMs: 500 },
    });
    await typing.say(bob, { channelId: general.id });
    clock.advance(500);
    await typing.say(ada, { channelId: general.id });
  });

  it('should end the typing held here when the typist sends to the channel through another instance', async () => {
    const { typing, bus, general, ada, bob } = await typingFixture();
    await typing.followSends();
    const stream = await typing.inChannel(bob, general.id);
    await typing.say(ada, { channelId: general.id });
    // What another instance publishes for a message sent there: this instance's MessageService never saw it.
    const elsewhere = { id: '77', channelId: general.id, author: ada, body: 'sent elsewhere', createdAt: '', clientId: null, mentions: [] };
    await bus.publish(Topic.ChannelActivity, { ...elsewhere, editedAt: null, deleted: false, reactions: [], version: 1 });
    expect(await stream.next()).toMatchObject({ value: { user: ada, typing: true } });
    expect(await stream.next()).toMatchObject({ value: { user: ada, typing: false } });
    expect(typing.size).toBe(0);
    await typing.close();
  });

  it('should end direct typing held here when the typist sends the message through another instance', async () => {
    const { typing, bus, ada, bob } = await typingFixture();
    await typing.followSends();
    const toBob = await typing.toUser(bob);
    await typing.say(ada, { to: 'bob' });
    // Let the typist's own stream of direct messages be followed, as a Redis SUBSCRIBE would be confirmed.
    await new Promise((resolve) => setImmediate(resolve));
    const elsewhere = { id: '88', from: ada, to: bob, body: 'sent elsewhere', createdAt: '', clientId: null };
    await bus.publish(Topic.DirectMessageAdded, { ...elsewhere, editedAt: null, deleted: false, reactions: [], version: 1 }, ada.id);
    expect(await toBob.next()).toMatchObject({ value: { user: ada, channelId: null, typing: true } });
    expect(await toBob.next()).toMatchObject({ value: { user: ada, channelId: null, typing: false } });
    expect(typing.size).toBe(0);
    await typing.close();
  });

  it('should forget everyone, stop its timer and stop following sends on close', async () => {
    const { typing, timers, general, ada } = await typingFixture();
    await typing.followSends();
    await typing.say(ada, { channelId: general.id });
    expect(timers.armed).toBe(1);
    await typing.close();
    expect([typing.size, timers.armed]).toEqual([0, 0]);
  });
});
