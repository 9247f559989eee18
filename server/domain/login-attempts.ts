import { DomainError, ErrorCode } from './errors.js';

export interface LoginAttemptOptions {
  /** Failures a key may have before each further one makes it wait. */
  freeAttempts: number;
  /** The first wait; each failure after it doubles the wait. */
  baseDelayMs: number;
  /** The longest wait: there is no permanent lock, so an attacker cannot lock a person out for good. */
  maxDelayMs: number;
  /** A key with no failure for this long (and no wait left) starts afresh. */
  forgetAfterMs: number;
  /** The most keys remembered; past it, those whose last failure is oldest are dropped. Default 100,000. */
  maxKeys?: number;
}

interface Failures {
  count: number;
  lastAt: number;
  waitUntil: number;
}

const DEFAULT_MAX_KEYS = 100_000;

/**
 * Failed password attempts per key (a name's skeleton, an address), with
 * growing waits: after `freeAttempts` failures each one doubles the wait,
 * up to `maxDelayMs`. Kept in the memory of each instance, like the rate
 * limiter: behind a load balancer the waits apply per instance reached.
 */
export class LoginAttempts {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly options: LoginAttemptOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws DomainError RATE_LIMITED with details { retryAfterMs } when any key is still waiting out a delay. */
  check(keys: readonly string[]): void {
    const now = this.now();
    let retryAfterMs = 0;
    for (const key of keys) {
      const entry = this.current(key, now);
      if (entry) retryAfterMs = Math.max(retryAfterMs, entry.waitUntil - now);
    }
    if (retryAfterMs <= 0) return;
    const seconds = Math.ceil(retryAfterMs / 1000);
    throw new DomainError(
      ErrorCode.RateLimited,
      `Too many wrong passwords. Wait ${seconds} ${seconds === 1 ? 'second' : 'seconds'} and try again.`,
      { retryAfterMs },
    );
  }

  /** Records a failure for every key: after freeAttempts failures, each further one doubles the wait (base, 2×base, …), capped at maxDelayMs. */
  fail(keys: readonly string[]): void {
    const now = this.now();
    const { freeAttempts, baseDelayMs, maxDelayMs } = this.options;
    for (const key of keys) {
      const entry = this.current(key, now) ?? { count: 0, lastAt: now, waitUntil: now };
      entry.count += 1;
      entry.lastAt = now;
      const beyond = entry.count - freeAttempts;
      // 2 ** beyond overflows to Infinity long after it passes any cap; min() keeps it finite.
      if (beyond > 0) entry.waitUntil = now + Math.min(maxDelayMs, baseDelayMs * 2 ** (beyond - 1));
      // Re-inserted, so that the map's order is the order of last failure and the oldest go first.
      this.failures.delete(key);
      this.failures.set(key, entry);
    }
    if (this.failures.size > (this.options.maxKeys ?? DEFAULT_MAX_KEYS)) this.shrink(now);
  }

  /** A success clears the keys. */
  succeed(keys: readonly string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  /** The key's failures, unless they are old enough to forget. */
  private current(key: string, now: number): Failures | undefined {
    const entry = this.failures.get(key);
    if (entry && this.forgettable(entry, now)) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }

  private forgettable(entry: Failures, now: number): boolean {
    return now - entry.lastAt >= this.options.forgetAfterMs && now >= entry.waitUntil;
  }

  private shrink(now: number): void {
    for (const [key, entry] of this.failures) if (this.forgettable(entry, now)) this.failures.delete(key);
    // Down to 90%, so that a flood of new keys pays for a sweep once per tenth of the bound, not on every failure.
    const excess = this.failures.size - Math.floor((this.options.maxKeys ?? DEFAULT_MAX_KEYS) * 0.9);
    if (excess <= 0) return;
    // Still too many: the keys failed longest ago go, which at worst lets them start afresh.
    let dropped = 0;
    for (const key of this.failures.keys()) {
      if (dropped++ >= excess) break;
      this.failures.delete(key);
    }
  }

  /** How many keys are remembered, for specs of the memory bound. */
  get size(): number {
    return this.failures.size;
  }
}
