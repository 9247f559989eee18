import { PubSub } from 'graphql-subscriptions';
import { expect } from 'vitest';
import { PubSubEventBus } from '../../events/event-bus.js';
import { MemoryStore } from '../../store/memory/memory.store.js';
import { ChannelService } from '../channel.service.js';
import { DirectMessageService } from '../direct-message.service.js';
import { DomainError } from '../errors.js';
import { ImmediateDelivery } from '../event-outbox.js';
import { LoginAttempts, type LoginAttemptOptions } from '../login-attempts.js';
import { MessageService } from '../message.service.js';
import { ReadMarkerService } from '../read-marker.service.js';
import type { AuthSession, ClientInfo } from '../models.js';
import { RateLimiter, type DomainRateLimits, type RateLimitOptions } from '../rate-limiter.js';
import { SessionService } from '../session.service.js';
import { FakeClock } from './fake-clock.js';

export const HOUR = 60 * 60_000;
export const DAY = 24 * HOUR;

export interface DomainFixtureOptions {
  /** Per limiter; a limiter not named here is off. */
  limits?: Partial<Record<keyof DomainRateLimits, RateLimitOptions>>;
  /** Free wrong passwords per name (default 5, as PASSWORD_FREE_ATTEMPTS_PER_NAME) and per address (default 50). */
  passwordAttempts?: { byName?: Partial<LoginAttemptOptions>; byAddress?: Partial<LoginAttemptOptions> };
  idleLimitMs?: number;
  messageLimit?: number;
}

/** What index.ts builds, over a memory store and an in-process bus, every clock the fake one. */
export function domainFixture(options: DomainFixtureOptions = {}) {
  const clock = new FakeClock();
  const store = new MemoryStore(clock.now());
  const bus = new PubSubEventBus(new PubSub());
  const limiter = (name: keyof DomainRateLimits) => new RateLimiter(options.limits?.[name] ?? { ratePerSecond: 0, burst: 0 }, clock.nowMs);
  const limits: DomainRateLimits = {
    loginsPerAddress: limiter('loginsPerAddress'),
    channelsPerUser: limiter('channelsPerUser'),
    channelsPerAddress: limiter('channelsPerAddress'),
    sendsPerUser: limiter('sendsPerUser'),
    sendsPerAddress: limiter('sendsPerAddress'),
    newConversationsPerUser: limiter('newConversationsPerUser'),
    typingPerUser: limiter('typingPerUser'),
  };
  const attempts = (freeAttempts: number, overrides: Partial<LoginAttemptOptions> = {}) =>
    new LoginAttempts({ freeAttempts, baseDelayMs: 1000, maxDelayMs: 900_000, forgetAfterMs: HOUR, ...overrides }, clock.nowMs);
  const idleLimitMs = options.idleLimitMs ?? 30 * DAY;
  const messageLimit = options.messageLimit ?? 100;
  const delivery = new ImmediateDelivery(bus);
  const sends = { perUser: limits.sendsPerUser, perAddress: limits.sendsPerAddress };
  const sessions = new SessionService(
    store,
    bus,
    { byName: attempts(5, options.passwordAttempts?.byName), byAddress: attempts(50, options.passwordAttempts?.byAddress) },
    { idleLimitMs, loginLimiter: limits.loginsPerAddress },
    clock.now,
  );
  const channels = new ChannelService(store, bus, { perUser: limits.channelsPerUser, perAddress: limits.channelsPerAddress }, clock.now);
  const messages = new MessageService(store, bus, delivery, channels, sends, { messageLimit }, clock.now);
  const directMessages = new DirectMessageService(
    store,
    bus,
    delivery,
    { ...sends, newConversations: limits.newConversationsPerUser },
    { messageLimit },
    clock.now,
  );

  const readMarkers = new ReadMarkerService(store, bus, channels);

  /** Signs a name in from `client`, and returns the session as the transports would see it, with its token. */
  const signIn = async (name: string, client: ClientInfo = HOME, password?: string) => {
    const { token } = await sessions.login(name, password, null, client);
    const session = await sessions.authenticate(token);
    if (!session) throw new Error(`${name} signed in, but the token does not authenticate`);
    return { ...session, token } satisfies AuthSession & { token: string };
  };

  return { clock, store, bus, limits, sessions, channels, messages, directMessages, readMarkers, signIn, idleLimitMs };
}

export const HOME: ClientInfo = { address: '198.51.100.1' };
export const ELSEWHERE: ClientInfo = { address: '203.0.113.9' };

/** The DomainError a call fails with; fails the spec when it succeeds or throws anything else. */
export async function domainError(call: Promise<unknown> | (() => Promise<unknown>)): Promise<DomainError> {
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, but the call succeeded');
}

/**
 * Everything a stream holds up to a sentinel: publish the sentinel after the
 * events under test, and what comes before it is all that arrived (nothing
 * is waited for: the in-process bus delivers as it publishes).
 */
export async function receivedBefore<T>(
  stream: AsyncIterator<T>,
  publishSentinel: () => Promise<void>,
  isSentinel: (item: T) => boolean,
): Promise<T[]> {
  await publishSentinel();
  const items: T[] = [];
  for (;;) {
    const result = await stream.next();
    if (result.done) throw new Error('the stream ended before its sentinel arrived');
    if (isSentinel(result.value)) return items;
    items.push(result.value);
  }
}
