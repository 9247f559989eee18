import { describe, expect, it } from 'vitest';
import { useChatServer } from '../support/chat-fixture.js';
import { errorCode, login, postGraphQL, type SignedIn } from '../support/http-client.js';
import { CREATE_CHANNEL, SEND_DIRECT, SEND_MESSAGE } from '../support/operations.js';
import { TestClock } from '../support/test-clock.js';
import { TYPING, TYPING_CHANGED } from '../support/typing-search-operations.js';
import type { ResultStream } from '../support/ws-client.js';

/**
 * The lapse is the real 5 seconds, measured by the server's clock, which the
 * tests move; `lapseDue` then does what the lapse timer does (which runs on
 * real time, and has not fired yet when these tests look).
 */
const clock = new TestClock();
const chat = useChatServer({ users: { ada: 'Ada', bob: 'Bob', carol: 'Carol' }, serverOptions: { clock: clock.now } });

let userCount = 0;
/** A user of its own for a test: the typing allowance is per user, and the server's clock stands still. */
const newUser = (name: string) => login(chat.server.httpUrl, `${name}${++userCount}`);
const typing = (as: SignedIn, where: { channelId?: string; to?: string }) =>
  postGraphQL(chat.server.httpUrl, TYPING, where, { token: as.token });
async function say(as: SignedIn, where: { channelId?: string; to?: string }) {
  const response = await typing(as, where);
  expect(response.errors).toBeUndefined();
  expect(response.data.typing).toBe(true);
}
async function newChannel(name: string): Promise<string> {
  const response = await postGraphQL(chat.server.httpUrl, CREATE_CHANNEL, { name }, { token: chat.users.ada.token });
  return response.data.createChannel.id;
}
/** Subscribed, and live once the socket has answered a later operation. */
async function watch(as: SignedIn, channelId?: string): Promise<ResultStream<any>> {
  const socket = chat.open(as.token);
  const stream = socket.subscribe(TYPING_CHANGED, channelId === undefined ? {} : { channelId });
  await socket.flush();
  return stream;
}
const event = async (stream: ResultStream<any>) => {
  const { data, errors } = await stream.next();
  expect(errors).toBeUndefined();
  const { user, channelId, typing } = data.typingChanged;
  return `${user.name} ${typing ? 'started' : 'stopped'} ${channelId === null ? 'to me' : `in ${channelId}`}`;
};
const lapse = async (ms = 5000) => {
  clock.advance(ms);
  await chat.server.server.typing.lapseDue();
};

describe('typing in a channel', () => {
  it("should announce the start once and the stop after 5 s without a call, to the channel's other subscribers only", async () => {
    const [ada, bob, carol] = [await newUser('ada'), await newUser('bob'), await newUser('carol')];
    const [channelId, elsewhere] = [await newChannel('typing here'), await newChannel('typing elsewhere')];
    const [toBob, toAda, toCarolElsewhere] = [await watch(bob, channelId), await watch(ada, channelId), await watch(carol, elsewhere)];

    await say(ada, { channelId });
    clock.advance(3000);
    await say(ada, { channelId });
    await lapse(4999);
    // Carol starting is the sentinel: had Ada's start been announced twice, or her stop early, it would come first.
    await say(carol, { channelId });
    expect([await event(toBob), await event(toBob)]).toEqual([
      `${ada.user.name} started in ${channelId}`,
      `${carol.user.name} started in ${channelId}`,
    ]);
    await lapse(1);
    expect(await event(toBob)).toBe(`${ada.user.name} stopped in ${channelId}`);
    // Ada never hears of her own typing: the first she is told of is Carol's.
    expect(await event(toAda)).toBe(`${carol.user.name} started in ${channelId}`);
    // Nothing of this channel reaches a subscriber of another: Bob typing there is the first Carol hears of.
    await say(bob, { channelId: elsewhere });
    expect(await event(toCarolElsewhere)).toBe(`${bob.user.name} started in ${elsewhere}`);
    await lapse();
  });

  it('should announce the stop as soon as the typist sends to the channel', async () => {
    const [ada, bob] = [await newUser('ada'), await newUser('bob')];
    const channelId = await newChannel('typing then sending');
    const toBob = await watch(bob, channelId);
    await say(ada, { channelId });
    const sent = await postGraphQL(chat.server.httpUrl, SEND_MESSAGE, { channelId, body: 'there' }, { token: ada.token });
    expect(sent.errors).toBeUndefined();
    expect([await event(toBob), await event(toBob)]).toEqual([
      `${ada.user.name} started in ${channelId}`,
      `${ada.user.name} stopped in ${channelId}`,
    ]);
    // Typing again starts anew.
    await say(ada, { channelId });
    expect(await event(toBob)).toBe(`${ada.user.name} started in ${channelId}`);
    await lapse();
  });
});

describe('typing a direct message', () => {
  it('should tell the recipient only, with no channel, and stop when the message is sent', async () => {
    const [ada, bob, carol] = [await newUser('ada'), await newUser('bob'), await newUser('carol')];
    const channelId = await newChannel('typing to someone');
    const [toBob, toCarol, inChannel] = [await watch(bob), await watch(carol), await watch(carol, channelId)];
    await say(ada, { to: bob.user.name.toUpperCase() });
    const sent = await postGraphQL(chat.server.httpUrl, SEND_DIRECT, { to: bob.user.name, body: 'hi' }, { token: ada.token });
    expect(sent.errors).toBeUndefined();
    expect([await event(toBob), await event(toBob)]).toEqual([`${ada.user.name} started to me`, `${ada.user.name} stopped to me`]);
    // Sentinels: typing to Carol, and in the channel, are the first things Carol hears of.
    await say(bob, { to: carol.user.name });
    await say(bob, { channelId });
    expect(await event(toCarol)).toBe(`${bob.user.name} started to me`);
    expect(await event(inChannel)).toBe(`${bob.user.name} started in ${channelId}`);
    await lapse();
  });
});

describe('bad typing calls', () => {
  it('should refuse a call naming neither place or both, and places that do not exist, with codes and sentences', async () => {
    const ada = await newUser('ada');
    const neither = await typing(ada, {});
    expect(errorCode(neither)).toBe('BAD_USER_INPUT');
    expect(neither.errors![0]!.message).toMatch(/either channelId or to/);
    expect(errorCode(await typing(ada, { channelId: '1', to: chat.users.bob.user.name }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await typing(ada, { channelId: '99999' }))).toBe('NOT_FOUND');
    expect(errorCode(await typing(ada, { to: 'nobody-of-that-name' }))).toBe('NOT_FOUND');
  });

  it('should limit each user to a few calls at once, with a time to retry', async () => {
    const [dan, eve] = [await newUser('dan'), await newUser('eve')];
    for (let n = 0; n < 5; n++) await say(dan, { channelId: '1' });
    const refused = await typing(dan, { channelId: '1' });
    expect(errorCode(refused)).toBe('RATE_LIMITED');
    expect(refused.errors![0]!.extensions!.retryAfterMs).toBeGreaterThan(0);
    await say(eve, { channelId: '1' });
    await lapse();
  });

  it('should need a session, over HTTP and WebSocket', async () => {
    expect(errorCode(await postGraphQL(chat.server.httpUrl, TYPING, { channelId: '1' }))).toBe('UNAUTHENTICATED');
    const socket = chat.open();
    await socket.ready;
    expect((await socket.subscribe(TYPING_CHANGED, { channelId: '1' }).next()).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
