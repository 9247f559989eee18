import { describe, expect, it } from 'vitest';
import { LOOPBACK_CAPACITY, loopbackAddress } from './loopback.js';

describe('loopbackAddress', () => {
  it('should give each user an address of its own in 127.0.0.0/8, never 127.0.0.1', () => {
    expect(loopbackAddress(0)).toBe('127.1.0.1');
    expect(loopbackAddress(253)).toBe('127.1.0.254');
    expect(loopbackAddress(254)).toBe('127.1.1.1');
    expect(loopbackAddress(254 * 256)).toBe('127.2.0.1');
    const addresses = Array.from({ length: 20_000 }, (_, i) => loopbackAddress(i));
    expect(new Set(addresses).size).toBe(20_000);
    for (const address of addresses)
      expect(address).toMatch(/^127\.([1-9]|[1-9]\d|1\d\d|2[0-4]\d|25[0-4])\.(\d{1,3})\.([1-9]|[1-9]\d|1\d\d|2[0-4]\d|25[0-4])$/);
  });

  it('should refuse an index beyond the range', () => {
    expect(loopbackAddress(LOOPBACK_CAPACITY - 1)).toBe('127.254.255.254');
    expect(() => loopbackAddress(LOOPBACK_CAPACITY)).toThrow(RangeError);
    expect(() => loopbackAddress(-1)).toThrow(RangeError);
  });
});
