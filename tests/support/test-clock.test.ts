import { describe, expect, it } from 'vitest';
import { clearOfMidnight } from './test-clock.js';

describe('clearOfMidnight', () => {
  const at = (hours: number, minutes: number) => new Date(2026, 11, 1, hours, minutes);

  it('should keep a start more than an hour before local midnight', () => {
    expect(clearOfMidnight(at(12, 0))).toEqual(at(12, 0));
    expect(clearOfMidnight(at(22, 59))).toEqual(at(22, 59));
  });

  it('should move a start within an hour of local midnight an hour back, into the same day', () => {
    expect(clearOfMidnight(at(23, 55))).toEqual(at(22, 55));
    expect(clearOfMidnight(at(23, 55)).getDate()).toBe(1);
  });
});
