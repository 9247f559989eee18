import { describe, expect, it } from 'vitest';
import { compareIds, maxId, newClientId } from './ids.js';

describe('ids', () => {
  it('should compare ids as numbers, not as text', () => {
    expect(compareIds('10', '9')).toBeGreaterThan(0);
    expect(compareIds('9', '10')).toBeLessThan(0);
    expect(compareIds('42', '42')).toBe(0);
  });

  it('should treat null as "nothing yet" when taking the larger id', () => {
    expect(maxId(null, '3')).toBe('3');
    expect(maxId('12', null)).toBe('12');
    expect(maxId('12', '100')).toBe('100');
    expect(maxId(null, null)).toBeNull();
  });

  it('should make a clientId the server accepts (no spaces, at most 64 characters)', () => {
    const id = newClientId();
    expect(id).toMatch(/^web-\S+$/);
    expect(id.length).toBeLessThanOrEqual(64);
    expect(newClientId()).not.toBe(id);
  });
});
