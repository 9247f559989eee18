import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { LoginAttempts, type LoginAttemptOptions } from './login-attempts.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DEFAULTS: LoginAttemptOptions = { freeAttempts: 5, baseDelayMs: SECOND, maxDelayMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE };

function setup(options: Partial<LoginAttemptOptions> = {}) {
  let now = 1_000_000;
  const attempts = new LoginAttempts({ ...DEFAULTS, ...options }, () => now);
  return { attempts, advance: (ms: number) => (now += ms) };
}

/** The wait `check` demands, or 0 when it lets the attempt through. */
function waitFor(attempts: LoginAttempts, keys: readonly string[]): number {
  try {
    attempts.check(keys);
    return 0;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('RATE_LIMITED');
    return (error as DomainError).details.retryAfterMs as number;
  }
}

const KEYS = ['name:ada', 'addr:203.0.113.7'];

describe('LoginAttempts', () => {
  it('should let 5 failures through without a wait', () => {
    const { attempts } = setup();
    for (let i = 0; i < 5; i++) {
      expect(waitFor(attempts, KEYS)).toBe(0);
      attempts.fail(KEYS);
    }
    expect(waitFor(attempts, KEYS)).toBe(0);
  });

  it('should double the wait after each further failure: 1 s, 2 s, 4 s…', () => {
    const { attempts, advance } = setup();
    for (let i = 0; i < 5; i++) attempts.fail(KEYS);
    for (const expected of [1, 2, 4, 8, 16, 32].map((s) => s * SECOND)) {
      attempts.fail(KEYS);
      expect(waitFor(attempts, KEYS)).toBe(expected);
      advance(expected - 1);
      expect(waitFor(attempts, KEYS)).toBe(1);
      advance(1);
      expect(waitFor(attempts, KEYS)).toBe(0);
    }
  });

  it('should cap the wait at maxDelayMs, however many failures', () => {
    const { attempts, advance } = setup();
    for (let i = 0; i < 5 + 11; i++) attempts.fail(KEYS);
    expect(waitFor(attempts, KEYS)).toBe(15 * MINUTE);
    for (let i = 0; i < 2000; i++) attempts.fail(KEYS);
    expect(waitFor(attempts, KEYS)).toBe(15 * MINUTE);
    advance(15 * MINUTE);
    expect(waitFor(attempts, KEYS)).toBe(0);
  });

  it('should say how long to wait in words and in details', () => {
    const { attempts } = setup();
    for (let i = 0; i < 8; i++) attempts.fail(KEYS);
    try {
      attempts.check(KEYS);
      throw new Error('expected RATE_LIMITED');
    } catch (error) {
      expect((error as DomainError).message).toBe('Too many wrong passwords. Wait 4 seconds and try again.');
      expect((error as DomainError).details).toEqual({ retryAfterMs: 4 * SECOND });
    }
  });

  it('should say "1 second", rounding a part of a second up', () => {
    const { attempts, advance } = setup();
    for (let i = 0; i < 7; i++) attempts.fail(KEYS);
    advance(SECOND + 500);
    expect(() => attempts.check(KEYS)).toThrow('Too many wrong passwords. Wait 1 second and try again.');
  });

  it('should hold back an attempt when any one of its keys is waiting', () => {
    const { attempts } = setup();
    // Six names tried from one address: the address waits, a seventh name from it does too.
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) attempts.fail([`name:${name}`, 'addr:203.0.113.7']);
    expect(waitFor(attempts, ['name:g', 'addr:203.0.113.7'])).toBe(SECOND);
    expect(waitFor(attempts, ['name:g', 'addr:198.51.100.1'])).toBe(0);
    expect(waitFor(attempts, ['name:a', 'addr:198.51.100.1'])).toBe(0);
  });

  it('should give the longest wait of the keys', () => {
    const { attempts } = setup();
    for (let i = 0; i < 6; i++) attempts.fail(['addr:1']);
    for (let i = 0; i < 8; i++) attempts.fail(['name:ada']);
    expect(waitFor(attempts, ['name:ada', 'addr:1'])).toBe(4 * SECOND);
  });

  it('should clear the keys on a success', () => {
    const { attempts, advance } = setup();
    for (let i = 0; i < 7; i++) attempts.fail(KEYS);
    advance(2 * SECOND);
    attempts.succeed(KEYS);
    expect(waitFor(attempts, KEYS)).toBe(0);
    for (let i = 0; i < 5; i++) attempts.fail(KEYS);
    expect(waitFor(attempts, KEYS)).toBe(0);
    attempts.fail(KEYS);
    expect(waitFor(attempts, KEYS)).toBe(SECOND);
  });

  it('should forget a key with no failure for forgetAfterMs', () => {
    const { attempts, advance } = setup();
    for (let i = 0; i < 7; i++) attempts.fail(KEYS);
    advance(60 * MINUTE - 1);
    attempts.fail(KEYS);
    expect(waitFor(attempts, KEYS)).toBe(4 * SECOND);
    advance(60 * MINUTE);
    expect(attempts.size).toBe(2);
    expect(waitFor(attempts, KEYS)).toBe(0);
    expect(attempts.size).toBe(0);
    for (let i = 0; i < 5; i++) attempts.fail(KEYS);
    expect(waitFor(attempts, KEYS)).toBe(0);
  });

  it('should not forget a key while it still has a wait to serve', () => {
    const { attempts, advance } = setup({ maxDelayMs: 2 * MINUTE, forgetAfterMs: MINUTE });
    for (let i = 0; i < 5 + 8; i++) attempts.fail(KEYS);
    advance(MINUTE);
    expect(waitFor(attempts, KEYS)).toBe(MINUTE);
    advance(MINUTE);
    expect(waitFor(attempts, KEYS)).toBe(0);
  });

  it('should keep memory bounded, dropping forgotten keys and then the oldest', () => {
    const { attempts, advance } = setup({ maxKeys: 100 });
    for (let i = 0; i < 50; i++) attempts.fail([`name:old-${i}`]);
    advance(60 * MINUTE);
    for (let i = 0; i < 51; i++) attempts.fail([`name:new-${i}`]);
    expect(attempts.size).toBe(51);
    for (let i = 0; i < 6; i++) attempts.fail(['name:ada']);
    for (let i = 51; i < 200; i++) attempts.fail([`name:new-${i}`]);
    expect(attempts.size).toBeLessThanOrEqual(100);
    // The most recent failures are kept.
    for (let i = 0; i < 5; i++) attempts.fail(['name:new-199']);
    expect(waitFor(attempts, ['name:new-199'])).toBe(SECOND);
  });

  it('should count nothing for check and succeed alone', () => {
    const { attempts } = setup();
    for (let i = 0; i < 100; i++) attempts.check(KEYS);
    attempts.succeed(KEYS);
    expect(attempts.size).toBe(0);
  });
});
