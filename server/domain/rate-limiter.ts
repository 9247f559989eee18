import { DomainError, ErrorCode } from './errors.js';

export interface RateLimitOptions {
  /** Sustained allowance per second; 0 turns the limit off. */
  ratePerSecond: number;
  /** How many may come at once before the rate applies. */
  burst: number;
}

/**
 * A token bucket per key (a user id). Kept in the memory of each instance:
 * behind a load balancer, a user is limited per instance they reach, which
 * still stops a flood from any one connection.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `key`, or throws RATE_LIMITED saying when to retry. */
  take(key: string): void {
    const { ratePerSecond, burst } = this.options;
    if (ratePerSecond <= 0) return;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * ratePerSecond);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      const retryAfterMs = Math.ceil(((1 - bucket.tokens) / ratePerSecond) * 1000);
      throw new DomainError(ErrorCode.RateLimited, 'You are sending too fast. Wait a moment and try again.', {
        retryAfterMs,
      });
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.forgetFullBuckets(now);
  }

  /** A full bucket holds no state worth keeping. */
  private forgetFullBuckets(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const tokens = bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.options.ratePerSecond;
      if (tokens >= this.options.burst) this.buckets.delete(key);
    }
  }
}
