import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot, type BotEvent } from '../../examples/bot/bot.js';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { login, postGraphQL, type SignedIn } from '../support/http-client.js';
import { makeTempDir, removeTempDir } from '../support/test-server.js';

/**
 * The example bot (examples/bot/) against the real server, run as an
 * operator runs it, restarted in the middle on the same data and port.
 */
let dir: string;
let server: ChildServer;
let env: Record<string, string>;
beforeAll(async () => {
  dir = makeTempDir();
  env = { DATABASE_URL: join(dir, 'chat.db'), WEB_BUILD_DIR: join(dir, 'no-web-build') };
  server = await startChildServer(env);
});
afterAll(async () => {
  await bot?.stop();
  await server?.kill();
  removeTempDir(dir);
});

let bot: Bot | undefined;

/** Every event of the bot, in order, and a way to await the next that matches. */
function recorder() {
  const events: BotEvent[] = [];
  const waiters: { match: (event: BotEvent) => boolean; resolve: (event: BotEvent) => void }[] = [];
  return {
    events,
    onEvent(event: BotEvent) {
      events.push(event);
      for (const waiter of [...waiters])
        if (waiter.match(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
    },
    /** The first event from now on that matches. */
    next<T extends BotEvent>(match: (event: BotEvent) => event is T): Promise<T> {
      return new Promise((resolve) => waiters.push({ match, resolve: resolve as (event: BotEvent) => void }));
    },
    /** The first event that matches, already recorded or still to come. */
    seen<T extends BotEvent>(match: (event: BotEvent) => event is T): Promise<T> {
      const past = events.find(match);
      return past ? Promise.resolve(past) : this.next(match);
    },
  };
}

const isReplyTo =
  (id: string) =>
  (event: BotEvent): event is Extract<BotEvent, { type: 'replied' }> =>
    event.type === 'replied' && event.to.id === id;
const isMessage =
  (id: string) =>
  (event: BotEvent): event is Extract<BotEvent, { type: 'message' }> =>
    event.type === 'message' && event.message.id === id;
const isType =
  <T extends BotEvent['type']>(type: T) =>
  (event: BotEvent): event is Extract<BotEvent, { type: T }> =>
    event.type === type;

describe('the example bot', () => {
  it('should answer !ping with pong and, across a restart of the server, miss and repeat nothing', async () => {
    const log = recorder();
    // Reconnecting waits until the test has posted while the bot was away: the gap is certain, not a race.
    let openGap!: () => void;
    const gapPosted = new Promise<void>((resolve) => (openGap = resolve));
    const base = server.httpUrl.replace(/\/graphql$/, '');
    bot = await startBot({ url: base, name: 'pingbot', channel: 'bots', retryWait: () => gapPosted, onEvent: log.onEvent });
    const channelId = bot.channelId;
    await log.next(isType('connected'));

    const alice: SignedIn = await login(server.httpUrl, 'alice');
    const say = async (body: string) => {
      const sent = await postGraphQL(
        server.httpUrl,
        `mutation ($channelId: ID!, $body: String!) { sendMessage(channelId: $channelId, body: $body) { id } }`,
        { channelId, body },
        { token: alice.token },
      );
      expect(sent.errors).toBeUndefined();
      return sent.data.sendMessage.id as string;
    };

    const firstPing = await say('!ping');
    const firstPong = await log.seen(isReplyTo(firstPing));
    await log.seen(isMessage(firstPong.id));
    const chatter = await say('just talking');
    await log.seen(isMessage(chatter));

    // The restart: a clean stop (sockets close with 1001), then the same data and port.
    const closed = log.next(isType('closed'));
    server.process.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect((await closed).code).toBe(1001);
    server = await startChildServer({ ...env, PORT: new URL(base).port });
    const missedPing = await say('!ping');
    const missedChatter = await say('said while the bot was away');
    const reconnected = log.next(isType('connected'));
    openGap();
    expect((await reconnected).after).toBe(chatter);
    const missedPong = await log.seen(isReplyTo(missedPing));
    await log.seen(isMessage(missedPong.id));

    const livePing = await say('!ping');
    const livePong = await log.seen(isReplyTo(livePing));
    await log.seen(isMessage(livePong.id));

    const seen = log.events.flatMap((event) => (event.type === 'message' ? [event.message.id] : []));
    expect(new Set(seen).size, 'no message seen twice').toBe(seen.length);
    expect(seen).toEqual([firstPing, firstPong.id, chatter, missedPing, missedChatter, missedPong.id, livePing, livePong.id]);

    const history = await postGraphQL(
      server.httpUrl,
      `query ($id: ID!) { channel(id: $id) { messages { id body author { name } } } }`,
      { id: channelId },
      { token: alice.token },
    );
    const messages = history.data.channel.messages as { id: string; body: string; author: { name: string } }[];
    expect(messages.map((message) => message.id)).toEqual(seen);
    expect(messages.filter((message) => message.author.name === 'pingbot').map((message) => message.body)).toEqual([
      'pong',
      'pong',
      'pong',
    ]);
    const replies = log.events.filter(isType('replied')).map((event) => event.to.id);
    expect(replies).toEqual([firstPing, missedPing, livePing]);
    expect(log.events.filter(isType('error'))).toEqual([]);
  });
});
