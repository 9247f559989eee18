import { describe, expect, it } from 'vitest';
import { Topic } from './ports/events.port.js';
import { ErrorCode } from './errors.js';
import { FRESH_MESSAGE_STATE, type Message } from './models.js';
import { domainError, domainFixture, ELSEWHERE, HOME, receivedBefore, type DomainFixtureOptions } from './testing/domain-fixture.js';

async function setUp(options: DomainFixtureOptions = {}) {
  const fixture = domainFixture(options);
  const ada = (await fixture.signIn('Ada')).user;
  const general = (await fixture.channels.list()).find((channel) => channel.name === 'general')!;
  const random = await fixture.channels.create('random', ada, HOME);
  return { ...fixture, ada, general, random };
}

const client = HOME;
const next = async (stream: AsyncIterator<Message>) => (await stream.next()).value as Message;

/** What a channel's stream received up to now: a sentinel with an id above any sent closes the list. */
const receivedOn = (fixture: Awaited<ReturnType<typeof setUp>>, stream: AsyncIterator<Message>, channelId: string) =>
  receivedBefore(
    stream,
    () =>
      fixture.bus.publish(
        Topic.MessageAdded,
        {
          id: '999999',
          channelId,
          author: fixture.ada,
          body: 'sentinel',
          createdAt: '',
          clientId: null,
          ...FRESH_MESSAGE_STATE,
          mentions: [],
        },
        channelId,
      ),
    (message) => message.body === 'sentinel',
  );

describe('MessageService.send', () => {
  it('should store the message, dated by the clock, and deliver it to the channel subscribers', async () => {
    const fixture = await setUp();
    const { messages, clock, ada, general } = fixture;
    const live = await messages.subscribe(general.id, undefined);
    clock.advance(1500);
    const sent = await messages.send(ada, { channelId: general.id, body: '  hello\r\nthere  ' }, client);
    expect(sent).toEqual({
      id: expect.stringMatching(/^\d+$/),
      channelId: general.id,
      author: ada,
      body: 'hello\nthere',
      createdAt: '2025-03-01T12:00:01.500Z',
      clientId: null,
      ...FRESH_MESSAGE_STATE,
      mentions: [],
    });
    expect(await messages.history(general.id, 10)).toEqual([sent]);
    expect(await receivedOn(fixture, live, general.id)).toEqual([sent]);
  });

  it('should answer a resend with the clientId of a stored message with that message, storing and delivering nothing', async () => {
    const fixture = await setUp();
    const { messages, signIn, ada, general, random } = fixture;
    const live = await messages.subscribe(general.id, undefined);
    const first = await messages.send(ada, { channelId: general.id, body: 'once', clientId: 'c-1' }, client);
    expect(await messages.send(ada, { channelId: general.id, body: 'once again', clientId: 'c-1' }, client)).toEqual(first);
    expect(first.clientId).toBe('c-1');
    // The same clientId from another author, or in another channel, is another message.
    const bob = (await signIn('bob')).user;
    const bobs = await messages.send(bob, { channelId: general.id, body: 'mine', clientId: 'c-1' }, client);
    expect(bobs.id).not.toBe(first.id);
    expect((await messages.send(ada, { channelId: random.id, body: 'there', clientId: 'c-1' }, client)).channelId).toBe(random.id);
    expect((await messages.history(general.id, 10)).map((m) => m.body)).toEqual(['once', 'mine']);
    expect(await receivedOn(fixture, live, general.id)).toEqual([first, bobs]);
  });

  it('should keep only the newest messages of a channel, up to the message limit', async () => {
    const fixture = await setUp({ messageLimit: 3 });
    const { messages, ada, general, random } = fixture;
    await messages.send(ada, { channelId: random.id, body: 'elsewhere' }, client);
    for (let i = 1; i <= 5; i++) await messages.send(ada, { channelId: general.id, body: `m${i}` }, client);
    // A resume from the start replays what is retained: the older ones are gone, not merely left unread.
    const replay = await receivedOn(fixture, await messages.subscribe(general.id, '0'), general.id);
    expect(replay.map((m) => m.body)).toEqual(['m3', 'm4', 'm5']);
    expect((await messages.history(general.id, undefined)).map((m) => m.body)).toEqual(['m3', 'm4', 'm5']);
    expect((await messages.history(general.id, 50)).map((m) => m.body)).toEqual(['m3', 'm4', 'm5']);
    expect((await messages.history(general.id, 2)).map((m) => m.body)).toEqual(['m4', 'm5']);
    expect(await messages.history(general.id, 0)).toEqual([]);
    expect((await messages.history(random.id, undefined)).map((m) => m.body)).toEqual(['elsewhere']);
  });

  it('should refuse an empty body, a bad clientId, a bad `last` and an unknown channel', async () => {
    const { messages, ada, general } = await setUp();
    expect(await domainError(messages.send(ada, { channelId: general.id, body: '   ' }, client))).toMatchObject({
      code: ErrorCode.BadUserInput,
      details: { field: 'body' },
    });
    expect(await domainError(messages.send(ada, { channelId: general.id, body: 'x', clientId: 'a b' }, client))).toMatchObject({
      details: { field: 'clientId' },
    });
    expect(await domainError(() => messages.history(general.id, -1))).toMatchObject({ details: { field: 'last' } });
    expect(await domainError(messages.send(ada, { channelId: '999', body: 'x' }, client))).toMatchObject({
      code: ErrorCode.NotFound,
      details: { field: 'channelId' },
    });
    expect(await messages.history(general.id, 10)).toEqual([]);
  });

  it('should limit sends per user, saying when to retry, until the clock moves on', async () => {
    const { messages, clock, signIn, ada, general } = await setUp({ limits: { sendsPerUser: { ratePerSecond: 5, burst: 2 } } });
    const bob = (await signIn('bob')).user;
    await messages.send(ada, { channelId: general.id, body: '1' }, client);
    await messages.send(ada, { channelId: general.id, body: '2' }, client);
    expect(await domainError(messages.send(ada, { channelId: general.id, body: '3' }, client))).toMatchObject({
      code: ErrorCode.RateLimited,
      details: { retryAfterMs: 200 },
    });
    expect((await messages.send(bob, { channelId: general.id, body: 'bob' }, client)).body).toBe('bob');
    clock.advance(200);
    expect((await messages.send(ada, { channelId: general.id, body: '3' }, client)).body).toBe('3');
    expect((await messages.history(general.id, 10)).map((m) => m.body)).toEqual(['1', '2', 'bob', '3']);
  });

  it('should limit sends per address over all its users', async () => {
    const { messages, clock, signIn, ada, general } = await setUp({ limits: { sendsPerAddress: { ratePerSecond: 1, burst: 2 } } });
    const bob = (await signIn('bob')).user;
    await messages.send(ada, { channelId: general.id, body: '1' }, client);
    await messages.send(bob, { channelId: general.id, body: '2' }, client);
    expect((await domainError(messages.send(bob, { channelId: general.id, body: '3' }, client))).details).toEqual({ retryAfterMs: 1000 });
    expect((await messages.send(bob, { channelId: general.id, body: '3' }, ELSEWHERE)).body).toBe('3');
    clock.advance(1000);
    expect((await messages.send(ada, { channelId: general.id, body: '4' }, client)).body).toBe('4');
  });
});

describe('MessageService.subscribe', () => {
  it('should replay the retained messages after `after`, then go on live', async () => {
    const fixture = await setUp();
    const { messages, ada, general } = fixture;
    const sent: Message[] = [];
    for (const body of ['a', 'b', 'c']) sent.push(await messages.send(ada, { channelId: general.id, body }, client));
    const resumed = await messages.subscribe(general.id, sent[0]!.id);
    const fromStart = await messages.subscribe(general.id, '0');
    const liveOnly = await messages.subscribe(general.id, undefined);
    const d = await messages.send(ada, { channelId: general.id, body: 'd' }, client);
    expect(await receivedOn(fixture, resumed, general.id)).toEqual([sent[1], sent[2], d]);
    expect(await receivedOn(fixture, fromStart, general.id)).toEqual([...sent, d]);
    expect(await receivedOn(fixture, liveOnly, general.id)).toEqual([d]);
  });

  it('should give a channel subscriber only the messages of its channel', async () => {
    const fixture = await setUp();
    const { messages, ada, general, random } = fixture;
    const live = await messages.subscribe(random.id, undefined);
    await messages.send(ada, { channelId: general.id, body: 'not here' }, client);
    const here = await messages.send(ada, { channelId: random.id, body: 'here' }, client);
    expect(await receivedOn(fixture, live, random.id)).toEqual([here]);
  });

  it('should refuse to subscribe to an unknown channel', async () => {
    const { messages } = await setUp();
    expect((await domainError(messages.subscribe('999', undefined))).code).toBe(ErrorCode.NotFound);
  });
});

describe('MessageService.activity', () => {
  it('should give a subscriber the new messages of every channel, in the order they were sent', async () => {
    const { messages, ada, general, random } = await setUp();
    const activity = await messages.activity();
    await messages.send(ada, { channelId: general.id, body: 'in general' }, client);
    await messages.send(ada, { channelId: random.id, body: 'in random' }, client);
    await messages.send(ada, { channelId: general.id, body: 'general again' }, client);
    expect([await next(activity), await next(activity), await next(activity)].map((m) => [m.channelId, m.body])).toEqual([
      [general.id, 'in general'],
      [random.id, 'in random'],
      [general.id, 'general again'],
    ]);
    await activity.return?.();
  });

  it('should hand the same message to the channel subscribers and to the activity subscribers', async () => {
    const { messages, ada, general } = await setUp();
    const activity = await messages.activity();
    const channel = await messages.subscribe(general.id, undefined);
    const sent = await messages.send(ada, { channelId: general.id, body: 'both' }, client);
    expect(await next(channel)).toEqual(sent);
    expect(await next(activity)).toEqual(sent);
    await Promise.all([activity.return?.(), channel.return?.()]);
  });
});
