import { describe, expect, it } from 'vitest';
import { nextInTrap } from './focus-trap.js';

describe('nextInTrap', () => {
  const items = ['close', 'filter', 'logout'];

  it('should move forward and backward, wrapping at both ends', () => {
    expect(nextInTrap(items, 'close', false)).toBe('filter');
    expect(nextInTrap(items, 'logout', false)).toBe('close');
    expect(nextInTrap(items, 'close', true)).toBe('logout');
    expect(nextInTrap(items, 'filter', true)).toBe('close');
  });

  it('should enter at the first or the last when the focus is outside', () => {
    expect(nextInTrap(items, null, false)).toBe('close');
    expect(nextInTrap(items, 'elsewhere', true)).toBe('logout');
  });

  it('should give null when nothing can be focused', () => {
    expect(nextInTrap([], null, false)).toBeNull();
  });
});
