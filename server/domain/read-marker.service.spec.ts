import { describe, expect, it } from 'vitest';
import { ErrorCode } from './errors.js';
import type { ReadMarker, User } from './models.js';
import { Topic } from './ports/events.port.js';
import { domainError, domainFixture, HOME, receivedBefore } from './testing/domain-fixture.js';

async function setUp() {
  const fixture = domainFixture({ messageLimit: 5 });
  const [ada, bob] = [await fixture.signIn('ada'), await fixture.signIn('bob')];
  const general = (await fixture.channels.list())[0]!;
  return { ...fixture, ada: ada.user, bob: bob.user, general };
}

type Fixture = Awaited<ReturnType<typeof setUp>>;

const SENTINEL_ID = '999999';

/** The markers a user's stream received up to now, closed by a sentinel published to the same user. */
const movesOf = (fixture: Fixture, stream: AsyncIterator<ReadMarker>, user: User) =>
  receivedBefore(
    stream,
    () =>
      fixture.bus.publish(
        Topic.ReadMarkerMoved,
        { channelId: null, with: null, lastReadId: SENTINEL_ID, unreadCount: 0, mentionCount: 0 },
        user.id,
      ),
    (marker) => marker.lastReadId === SENTINEL_ID,
  );

describe('ReadMarkerService.markRead', () => {
  it('should move the marker, answer the channel, and tell the reader alone the new counts', async () => {
    const fixture = await setUp();
    const { readMarkers, messages, ada, bob, general } = fixture;
    const [adaMoves, bobMoves] = [await readMarkers.moves(ada), await readMarkers.moves(bob)];
    const first = await messages.send(bob, { channelId: general.id, body: 'one' }, HOME);
    await messages.send(bob, { channelId: general.id, body: 'two @ada' }, HOME);
    const answer = await readMarkers.markRead(ada, { channelId: general.id, messageId: first.id });
    expect(answer).toEqual(general);
    expect(await movesOf(fixture, adaMoves, ada)).toEqual([
      { channelId: general.id, with: null, lastReadId: first.id, unreadCount: 1, mentionCount: 1 },
    ]);
    // Bob learns only of his own marker, moved by his sends.
    expect((await movesOf(fixture, bobMoves, bob)).map((marker) => marker.unreadCount)).toEqual([0, 0]);
  });

  it('should leave the marker where it stands when asked to move it back', async () => {
    const { readMarkers, messages, ada, bob, general } = await setUp();
    const first = await messages.send(bob, { channelId: general.id, body: 'one' }, HOME);
    const second = await messages.send(bob, { channelId: general.id, body: 'two' }, HOME);
    await readMarkers.markRead(ada, { channelId: general.id, messageId: second.id });
    await readMarkers.markRead(ada, { channelId: general.id, messageId: first.id });
    expect((await readMarkers.channelStates(ada, [general.id])).get(general.id)).toEqual({
      lastReadId: second.id,
      unreadCount: 0,
      mentionCount: 0,
    });
  });

  it('should refuse an id above the newest message, one that is not in the channel, and an unknown channel', async () => {
    const { readMarkers, messages, ada, bob, general, channels } = await setUp();
    const other = await channels.create('random', bob, HOME);
    const here = await messages.send(bob, { channelId: general.id, body: 'here' }, HOME);
    const elsewhere = await messages.send(bob, { channelId: other.id, body: 'elsewhere' }, HOME);
    await messages.send(bob, { channelId: general.id, body: 'later' }, HOME);
    const above = String(Number(elsewhere.id) + 5);
    expect((await domainError(readMarkers.markRead(ada, { channelId: general.id, messageId: above }))).code).toBe(ErrorCode.BadUserInput);
    expect((await domainError(readMarkers.markRead(ada, { channelId: general.id, messageId: elsewhere.id }))).code).toBe(
      ErrorCode.NotFound,
    );
    expect((await domainError(readMarkers.markRead(ada, { channelId: '987', messageId: here.id }))).code).toBe(ErrorCode.NotFound);
    expect((await domainError(readMarkers.markRead(ada, { channelId: general.id, messageId: 'x' }))).code).toBe(ErrorCode.BadUserInput);
  });

  it('should accept a message the cap removed since, and count only the retained ones', async () => {
    const { readMarkers, messages, ada, bob, general } = await setUp();
    const first = await messages.send(bob, { channelId: general.id, body: 'soon gone' }, HOME);
    for (let i = 0; i < 6; i++) await messages.send(bob, { channelId: general.id, body: `m${i}` }, HOME);
    await readMarkers.markRead(ada, { channelId: general.id, messageId: first.id });
    expect((await readMarkers.channelStates(ada, [general.id])).get(general.id)?.unreadCount).toBe(5);
  });
});

describe('ReadMarkerService.channelStates', () => {
  it('should answer every channel asked for, with nothing read where the user never was', async () => {
    const { readMarkers, ada, general } = await setUp();
    expect(await readMarkers.channelStates(ada, [general.id, '4242'])).toEqual(
      new Map([
        [general.id, { lastReadId: null, unreadCount: 0, mentionCount: 0 }],
        ['4242', { lastReadId: null, unreadCount: 0, mentionCount: 0 }],
      ]),
    );
  });
});

describe('ReadMarkerService.markDirectRead', () => {
  it('should move the marker in the conversation, answer it, and tell the reader', async () => {
    const fixture = await setUp();
    const { readMarkers, directMessages, ada, bob } = fixture;
    const adaMoves = await readMarkers.moves(ada);
    const first = await directMessages.send(bob, { to: 'ada', body: 'one' }, HOME);
    const second = await directMessages.send(bob, { to: 'ada', body: 'two' }, HOME);
    expect(await readMarkers.markDirectRead(ada, { with: 'BOB', messageId: first.id })).toEqual({
      with: bob,
      lastMessage: second,
      lastReadId: first.id,
      unreadCount: 1,
    });
    expect(await movesOf(fixture, adaMoves, ada)).toEqual([
      { channelId: null, with: bob, lastReadId: first.id, unreadCount: 1, mentionCount: 0 },
    ]);
  });

  it('should refuse an id above the conversation newest, and a name nobody has', async () => {
    const { readMarkers, directMessages, ada, bob } = await setUp();
    const sent = await directMessages.send(bob, { to: 'ada', body: 'one' }, HOME);
    const above = String(Number(sent.id) + 1);
    expect((await domainError(readMarkers.markDirectRead(ada, { with: 'bob', messageId: above }))).code).toBe(ErrorCode.BadUserInput);
    expect((await domainError(readMarkers.markDirectRead(ada, { with: 'nobody', messageId: sent.id }))).code).toBe(ErrorCode.NotFound);
  });
});

describe('sending', () => {
  it("should move the sender's marker and tell their other sessions, in a channel and in a conversation", async () => {
    const fixture = await setUp();
    const { readMarkers, messages, directMessages, ada, bob, general } = fixture;
    const adaMoves = await readMarkers.moves(ada);
    await messages.send(bob, { channelId: general.id, body: 'from bob' }, HOME);
    const mine = await messages.send(ada, { channelId: general.id, body: 'mine' }, HOME);
    const note = await directMessages.send(ada, { to: 'bob', body: 'psst' }, HOME);
    expect(await movesOf(fixture, adaMoves, ada)).toEqual([
      { channelId: general.id, with: null, lastReadId: mine.id, unreadCount: 0, mentionCount: 0 },
      { channelId: null, with: bob, lastReadId: note.id, unreadCount: 0, mentionCount: 0 },
    ]);
    expect((await readMarkers.channelStates(ada, [general.id])).get(general.id)).toEqual({
      lastReadId: mine.id,
      unreadCount: 0,
      mentionCount: 0,
    });
    expect(await readMarkers.conversations(bob)).toEqual([{ with: ada, lastMessage: note, lastReadId: null, unreadCount: 1 }]);
  });
});
