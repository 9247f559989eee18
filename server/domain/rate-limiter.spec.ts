import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { RateLimiter } from './rate-limiter.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function refusal(run: () => void): DomainError {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected RATE_LIMITED');
}

describe('RateLimiter', () => {
  it('should allow a burst, then refuse with RATE_LIMITED and when to retry', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 2, burst: 3 }, time.now);
    for (let n = 0; n < 3; n++) limiter.take('ada');
    const error = refusal(() => limiter.take('ada'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.details).toEqual({ retryAfterMs: 500 });
  });

  it('should allow again once the promised wait has passed, and not before', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 4, burst: 1 }, time.now);
    limiter.take('ada');
    const { retryAfterMs } = refusal(() => limiter.take('ada')).details as { retryAfterMs: number };
    time.advance(retryAfterMs - 10);
    refusal(() => limiter.take('ada'));
    time.advance(10);
    expect(() => limiter.take('ada')).not.toThrow();
  });

  it('should sustain the rate over time', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 5, burst: 1 }, time.now);
    for (let n = 0; n < 50; n++) {
      limiter.take('ada');
      time.advance(200);
    }
  });

  it('should refill no higher than the burst', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 2 }, time.now);
    time.advance(60_000);
    limiter.take('ada');
    limiter.take('ada');
    refusal(() => limiter.take('ada'));
  });

  it('should keep one bucket per key', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1 }, time.now);
    limiter.take('ada');
    expect(() => limiter.take('bob')).not.toThrow();
    refusal(() => limiter.take('ada'));
  });

  it('should never refuse when the rate is 0', () => {
    const limiter = new RateLimiter({ ratePerSecond: 0, burst: 1 });
    for (let n = 0; n < 1000; n++) limiter.take('ada');
  });

  it('should forget full buckets when many keys pile up, and still limit active ones', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1 }, time.now);
    limiter.take('busy');
    for (let n = 0; n <= 10_001; n++) limiter.take(`user-${n}`);
    time.advance(1);
    refusal(() => limiter.take('busy'));
  });
});

describe('RateLimiter memory', () => {
  it('should forget the least recently used keys past maxKeys, keeping the active one limited', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1, maxKeys: 100 }, time.now);
    limiter.take('addr:busy');
    for (let n = 0; n <= 20_000; n++) {
      limiter.take(`addr:${n}`);
      refusal(() => limiter.take('addr:busy'));
    }
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(20_000);
    refusal(() => limiter.take('addr:busy'));
  });

  it('should tell the client what the configured message says', () => {
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1, message: 'Too many sign-ins.' });
    limiter.take('addr:1');
    expect(refusal(() => limiter.take('addr:1')).message).toBe('Too many sign-ins.');
  });
});
