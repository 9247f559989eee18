import type { ChannelService } from './channel.service.js';
import { badInput, DomainError, ErrorCode } from './errors.js';
import type { Message, TypingEvent, User } from './models.js';
import type { Clock } from './ports/clock.port.js';
import { Topic, type EventBus } from './ports/events.port.js';
import type { Store } from './ports/store.port.js';
import { userKey, type RateLimiter } from './rate-limiter.js';
import { nameKey, nameSkeleton } from './text-rules.js';
import { DirectSendFollower } from './typing-direct-sends.js';
import { typingTarget, type TypingTarget } from './typing-target.js';

export { TYPING_LAPSE_MS } from './typing-target.js';
export type { TypingTarget } from './typing-target.js';

/** Runs `run` after `ms` milliseconds unless the returned function cancels it first. */
export type ScheduleTimer = (run: () => void, ms: number) => () => void;

/** Real time, unref'd: a pending lapse never keeps the process alive. */
export const realTimer: ScheduleTimer = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export interface TypingOptions {
  /** How long one `typing` call holds: the indicator stops this long after the last one. */
  readonly lapseMs: number;
  /** One limiter keyed `user:…`: a few calls per second. */
  readonly perUser: RateLimiter;
  /** Where a stop that fails to publish (from a timer, or after a send) is reported; nobody awaits it. */
  readonly onError?: (error: unknown) => void;
  /** Default real, unref'd timers; specs pass one driven by their fake clock. */
  readonly schedule?: ScheduleTimer;
}

/** Who is typing where, on this instance, and until when (the clock's milliseconds). */
interface Typist {
  readonly user: User;
  readonly target: TypingTarget;
  readonly until: number;
}

/**
 * "Someone is typing": said by `typing` calls, announced once when it starts
 * and once when it stops, after a send to the same place or LAPSE without
 * another call. Nothing is stored: the state lives in the instance the calls
 * reach, and the announcements travel on the event bus to every instance.
 *
 * The typists are kept in a Map in the order of their last call, which with
 * one lapse for all is the order in which they run out: the first entry is
 * always the next to lapse, so a call and a lapse cost O(1), not a scan.
 */
export class TypingService {
  private readonly typists = new Map<string, Typist>();
  private cancelTimer: (() => void) | null = null;
  private sends: AsyncIterableIterator<Message> | null = null;
  private directSends: DirectSendFollower | null = null;
  private readonly schedule: ScheduleTimer;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly channels: ChannelService,
    private readonly options: TypingOptions,
    private readonly clock: Clock = () => new Date(),
  ) {
    this.schedule = options.schedule ?? realTimer;
  }

  /**
   * The signed-in user is typing in a channel (`channelId`) or to a user
   * (`to`), exactly one of the two. The channel must exist and the user be
   * live. Typing to oneself is accepted and announced to nobody.
   */
  async say(user: User, input: { channelId?: unknown; to?: unknown }): Promise<boolean> {
    const target = await this.targetOf(input);
    this.options.perUser.take(userKey(user));
    await this.lapseDue();
    if (target.recipientId === user.id) return true;
    const key = keyOf(user, target);
    const started = !this.typists.has(key);
    // Deleted and set again, so that the Map stays in the order of last calls (see above).
    this.typists.delete(key);
    this.typists.set(key, { user, target, until: this.clock().getTime() + this.options.lapseMs });
    this.arm();
    if (!started) return true;
    if (target.recipientId !== null) this.directSends?.follow(user.id);
    await this.announce(user, target, true);
    return true;
  }

  /**
   * Ends the typing held here of whoever sends a channel message, on any
   * instance: the stream of every channel's new messages (what keeps the
   * badges) reaches every instance, so a send that a load balancer took
   * elsewhere than the `typing` calls still stops the indicator at once.
   * Direct messages are followed per typist (see DirectSendFollower).
   */
  async followSends(): Promise<void> {
    if (this.sends) return;
    const sends = await this.bus.subscribe(Topic.ChannelActivity);
    this.sends = sends;
    this.directSends = new DirectSendFollower(
      this.bus,
      (message) => void this.sent(message.from, typingTarget.user(message.to.id)),
      this.reportError,
    );
    void (async () => {
      for await (const message of sends) await this.sent(message.author, typingTarget.channel(message.channelId));
    })().catch(this.reportError);
  }

  /** The user sent a message there: their typing there stops now, not at the lapse. */
  async sent(user: User, target: TypingTarget): Promise<void> {
    const key = keyOf(user, target);
    if (!this.typists.delete(key)) return;
    this.stopFollowing(user, target);
    await this.announce(user, target, false).catch(this.reportError);
  }

  /** Typing in the channel by everyone but `viewer`, from now on. */
  async inChannel(viewer: User, rawChannelId: unknown): Promise<AsyncIterableIterator<TypingEvent>> {
    const channel = await this.channels.get(rawChannelId);
    return withoutOwn(await this.bus.subscribe(Topic.ChannelTyping, channel.id), viewer);
  }

  /** Typing of direct messages to `viewer`, from now on. */
  async toUser(viewer: User): Promise<AsyncIterableIterator<TypingEvent>> {
    return withoutOwn(await this.bus.subscribe(Topic.DirectTyping, viewer.id), viewer);
  }

  /**
   * Stops, and announces, every typist whose lapse has passed by the clock.
   * The timer calls it; a test that moves the clock calls it too, rather
   * than wait for the timer, which runs on real time.
   */
  async lapseDue(): Promise<void> {
    const now = this.clock().getTime();
    const due: Typist[] = [];
    for (const [key, typist] of this.typists) {
      if (typist.until > now) break;
      this.typists.delete(key);
      this.stopFollowing(typist.user, typist.target);
      due.push(typist);
    }
    await Promise.all(due.map((typist) => this.announce(typist.user, typist.target, false)));
  }

  /** How many are typing on this instance: for specs and metrics. */
  get size(): number {
    return this.typists.size;
  }

  /** Forgets everyone, stops the timer and stops following sends, announcing nothing: for shutdown. */
  async close(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.typists.clear();
    const [sends, directSends] = [this.sends, this.directSends];
    [this.sends, this.directSends] = [null, null];
    await sends?.return?.();
    await directSends?.close();
  }

  private stopFollowing(user: User, target: TypingTarget): void {
    if (target.recipientId !== null) this.directSends?.unfollow(user.id);
  }

  /** One timer at a time, for the first typist to lapse; it arms the next when it fires. */
  private arm(): void {
    if (this.cancelTimer) return;
    const next = this.typists.values().next();
    if (next.done) return;
    const waitMs = Math.max(0, next.value.until - this.clock().getTime());
    this.cancelTimer = this.schedule(() => {
      this.cancelTimer = null;
      this.lapseDue()
        .catch(this.reportError)
        .finally(() => this.arm());
    }, waitMs);
  }

  private announce(user: User, target: TypingTarget, typing: boolean): Promise<void> {
    if (target.channelId !== null)
      return this.bus.publish(Topic.ChannelTyping, { user, channelId: target.channelId, typing }, target.channelId);
    return this.bus.publish(Topic.DirectTyping, { user, channelId: null, typing }, target.recipientId);
  }

  private readonly reportError = (error: unknown) => this.options.onError?.(error);

  private async targetOf(input: { channelId?: unknown; to?: unknown }): Promise<TypingTarget> {
    const hasChannel = input.channelId !== undefined && input.channelId !== null;
    const hasRecipient = input.to !== undefined && input.to !== null;
    if (hasChannel === hasRecipient)
      throw badInput('Say where you are typing: give either channelId or to (a user name), not both.', hasChannel ? 'to' : 'channelId');
    if (hasChannel) return typingTarget.channel((await this.channels.get(input.channelId)).id);
    return typingTarget.user((await this.liveUserNamed(input.to)).id);
  }

  private async liveUserNamed(rawName: unknown): Promise<User> {
    if (typeof rawName !== 'string' || rawName.trim() === '') throw badInput('Name the user you are writing to.', 'to');
    const name = rawName.trim().replace(/ {2,}/g, ' ');
    const found = await this.store.findUserByName(nameKey(name), nameSkeleton(name));
    if (!found || found.ended)
      throw new DomainError(ErrorCode.NotFound, `Nobody named "${name.slice(0, 40)}" is signed in to write to.`, { field: 'to' });
    return found.user;
  }
}

const keyOf = (user: User, target: TypingTarget) =>
  target.channelId !== null ? `c:${target.channelId}:${user.id}` : `u:${target.recipientId}:${user.id}`;

/** A stream of typing events without the viewer's own: nobody is told that they themselves are typing. */
function withoutOwn(live: AsyncIterableIterator<TypingEvent>, viewer: User): AsyncIterableIterator<TypingEvent> {
  return new WithoutOwn(live, viewer.id);
}

/** A class, as the resume iterators are: one is kept per idle subscription, and its methods cost nothing per instance. */
class WithoutOwn implements AsyncIterableIterator<TypingEvent> {
  constructor(
    private readonly live: AsyncIterableIterator<TypingEvent>,
    private readonly viewerId: string,
  ) {}

  async next(): Promise<IteratorResult<TypingEvent>> {
    for (;;) {
      const result = await this.live.next();
      if (result.done || result.value.user.id !== this.viewerId) return result;
    }
  }

  async return(): Promise<IteratorResult<TypingEvent>> {
    await this.live.return?.();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
