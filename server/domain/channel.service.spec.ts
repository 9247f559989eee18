import { describe, expect, it } from 'vitest';
import { Topic } from './ports/events.port.js';
import { ErrorCode } from './errors.js';
import type { Channel } from './models.js';
import { perHour } from './rate-limiter.js';
import { domainError, domainFixture, ELSEWHERE, HOME, HOUR, receivedBefore } from './testing/domain-fixture.js';

const SENTINEL: Channel = { id: '0', name: 'sentinel', createdAt: '2025-01-01T00:00:00.000Z' };

describe('ChannelService.create', () => {
  it('should create a channel dated by the clock, found by its id and listed by name', async () => {
    const { channels, clock, signIn } = domainFixture();
    const ada = await signIn('ada');
    clock.advance(5 * 60_000);
    const random = await channels.create('  random  ', ada.user, HOME);
    expect(random).toEqual({ id: expect.stringMatching(/^\d+$/), name: 'random', createdAt: '2025-03-01T12:05:00.000Z' });
    const art = await channels.create('Art', ada.user, HOME);
    expect(await channels.get(random.id)).toEqual(random);
    expect(await channels.find(art.id)).toEqual(art);
    expect((await channels.list()).map((channel) => channel.name)).toEqual(['Art', 'general', 'random']);
  });

  it('should read a channel from the store once: channels never change or go', async () => {
    const { channels, store, signIn } = domainFixture();
    const ada = await signIn('ada');
    const random = await channels.create('random', ada.user, HOME);
    const reads: string[] = [];
    const findChannel = store.findChannel.bind(store);
    store.findChannel = (id) => (reads.push(id), findChannel(id));
    for (let n = 0; n < 3; n++) expect(await channels.get(random.id)).toEqual(random);
    expect(await domainError(channels.get('999'))).toMatchObject({ code: ErrorCode.NotFound });
    expect(await domainError(channels.get('999'))).toMatchObject({ code: ErrorCode.NotFound });
    expect(reads).toEqual([random.id, '999', '999']);
  });

  it('should refuse a name that exists, in any case, and a look-alike of it', async () => {
    const { channels, signIn } = domainFixture();
    const ada = await signIn('ada');
    await channels.create('room', ada.user, HOME);
    for (const name of ['room', 'ROOM', 'ｒｏｏｍ', 'roorn']) {
      const refused = await domainError(channels.create(name, ada.user, HOME));
      expect(refused).toMatchObject({ code: ErrorCode.ChannelExists, details: { field: 'name' } });
      expect(refused.message).toBe(`A channel named "${name}" exists already, or one that looks just like it. Choose another name.`);
    }
    expect((await channels.list()).map((channel) => channel.name)).toEqual(['general', 'room']);
  });

  it('should limit creations per user, saying when to retry, until the clock moves on', async () => {
    const { channels, clock, signIn } = domainFixture({ limits: { channelsPerUser: { ratePerSecond: perHour(2), burst: 2 } } });
    const [ada, bob] = [await signIn('ada'), await signIn('bob')];
    await channels.create('one', ada.user, HOME);
    await channels.create('two', ada.user, HOME);
    const refused = await domainError(channels.create('three', ada.user, HOME));
    expect(refused).toMatchObject({ code: ErrorCode.RateLimited, details: { retryAfterMs: HOUR / 2 } });
    expect((await channels.create('three', bob.user, HOME)).name).toBe('three');
    clock.advance(HOUR / 2 - 1);
    expect((await domainError(channels.create('four', ada.user, HOME))).code).toBe(ErrorCode.RateLimited);
    clock.advance(1);
    expect((await channels.create('four', ada.user, HOME)).name).toBe('four');
  });

  it('should limit creations per address over all its users', async () => {
    const { channels, clock, signIn } = domainFixture({ limits: { channelsPerAddress: { ratePerSecond: perHour(1), burst: 2 } } });
    const [ada, bob, cy] = [await signIn('ada'), await signIn('bob'), await signIn('cy', ELSEWHERE)];
    await channels.create('one', ada.user, HOME);
    await channels.create('two', bob.user, HOME);
    expect(await domainError(channels.create('three', cy.user, HOME))).toMatchObject({
      code: ErrorCode.RateLimited,
      details: { retryAfterMs: HOUR },
    });
    expect((await channels.create('three', cy.user, ELSEWHERE)).name).toBe('three');
    clock.advance(HOUR);
    expect((await channels.create('four', ada.user, HOME)).name).toBe('four');
  });

  it('should announce a created channel to subscribers, and nothing for a refused one', async () => {
    const { channels, bus, signIn } = domainFixture();
    const ada = await signIn('ada');
    const added = await channels.subscribe();
    const created = await channels.create('news', ada.user, HOME);
    await domainError(channels.create('NEWS', ada.user, HOME));
    const events = await receivedBefore(
      added,
      () => bus.publish(Topic.ChannelAdded, SENTINEL),
      (channel) => channel.id === SENTINEL.id,
    );
    expect(events).toEqual([created]);
    await added.return?.();
  });
});

describe('ChannelService.get', () => {
  it('should answer NOT_FOUND for an unknown id and BAD_USER_INPUT for a malformed one', async () => {
    const { channels } = domainFixture();
    expect(await channels.find('999')).toBeNull();
    expect(await domainError(channels.get('999'))).toMatchObject({ code: ErrorCode.NotFound, details: { field: 'channelId' } });
    expect(await domainError(() => channels.get('abc', 'id'))).toMatchObject({ code: ErrorCode.BadUserInput, details: { field: 'id' } });
  });
});
