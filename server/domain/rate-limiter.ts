import { DomainError, ErrorCode } from './errors.js';

export interface RateLimitOptions {
  /** Sustained allowance per second; 0 turns the limit off. */
  ratePerSecond: number;
  /** How many may come at once before the rate applies. */
  burst: number;
  /** What the client is told when refused: a sentence saying what to do. */
  message?: string;
  /**
   * Most keys remembered at once (default 100,000). Past it, the least
   * recently used are forgotten, so a flood of new keys costs bounded memory;
   * a forgotten key starts again with a full bucket.
   */
  maxKeys?: number;
}

const DEFAULT_MESSAGE = 'You are sending too fast. Wait a moment and try again.';
const FIRST_SWEEP_AT = 10_000;

/** Per second, from a count per minute or per hour as configured. */
export const perMinute = (count: number) => count / 60;
export const perHour = (count: number) => count / 3600;

/**
 * One token bucket: for a limit on one thing (a socket), two numbers and no
 * map. RateLimiter keeps one per key.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** Takes a token: 0 when there was one, else how many milliseconds until there is. A rate of 0 never refuses. */
  take(now: number): number {
    if (this.ratePerSecond <= 0) return 0;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond);
    this.updatedAt = now;
    if (this.tokens < 1) return Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
    this.tokens -= 1;
    return 0;
  }

  /** Whether the bucket is full again by `now`: it then holds nothing worth keeping. */
  isFull(now: number): boolean {
    return this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond >= this.burst;
  }
}

/**
 * A token bucket per key (`user:<id>`, `addr:<address>`…). Kept in the memory
 * of each instance: behind a load balancer, a key is limited per instance it
 * reaches, which still stops a flood from any one client.
 */
export class RateLimiter {
  /** In order of last use: the first entries are the ones to forget first. */
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly maxKeys: number;
  private sweepAt = FIRST_SWEEP_AT;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  /** Whether the limit is on at all (a rate of 0 turns it off). */
  get enabled(): boolean {
    return this.options.ratePerSecond > 0;
  }

  /** Takes one token for `key`, or throws RATE_LIMITED saying when to retry. */
  take(key: string): void {
    const { ratePerSecond, burst } = this.options;
    if (ratePerSecond <= 0) return;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? new TokenBucket(ratePerSecond, burst, now);
    // Re-inserted, so that the map's order is the order of last use.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    const retryAfterMs = bucket.take(now);
    if (retryAfterMs > 0) throw new DomainError(ErrorCode.RateLimited, this.options.message ?? DEFAULT_MESSAGE, { retryAfterMs });
    if (this.buckets.size > this.sweepAt) this.sweep(now);
  }

  /** Forgets the state of a key that is gone for good (a closed socket). */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  /**
   * A full bucket holds no state worth keeping; past maxKeys, the least
   * recently used go too. The next sweep waits until the map has doubled, so
   * sweeping costs O(1) per take on average.
   */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(key);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
    this.sweepAt = Math.max(FIRST_SWEEP_AT, this.buckets.size * 2);
  }
}

/** Every rate the domain limits, one limiter each, built once in index.ts. */
export interface DomainRateLimits {
  /** Keyed `addr:…`. */
  readonly loginsPerAddress: RateLimiter;
  /** Keyed `user:…`. */
  readonly channelsPerUser: RateLimiter;
  /** Keyed `addr:…`. */
  readonly channelsPerAddress: RateLimiter;
  /** Channel and direct messages, keyed `user:…`. */
  readonly sendsPerUser: RateLimiter;
  /** Channel and direct messages of every user behind one address, keyed `addr:…`. */
  readonly sendsPerAddress: RateLimiter;
  /** Direct messages to someone never written with before, keyed `user:…`. */
  readonly newConversationsPerUser: RateLimiter;
  /** `typing` calls, keyed `user:…`. */
  readonly typingPerUser: RateLimiter;
}

export const userKey = (user: { id: string }) => `user:${user.id}`;
export const addressKey = (client: { address: string }) => `addr:${client.address}`;
