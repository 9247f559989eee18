import { describe, expect, it } from 'vitest';
import { dayKey, formatDay, formatTime, withDaySeparators } from './format.js';
import { chatMessage } from '../testing/chat-message.js';
import type { ChatMessage } from './timeline.js';

const at = (createdAt: string, id: string): ChatMessage => chatMessage(id, '1', { body: id, createdAt });

// Local times, so the tests hold in any time zone.
const local = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h, 0).toISOString();

describe('day separators', () => {
  it('should put one separator before the first message of each day', () => {
    const entries = withDaySeparators(
      [at(local(2025, 3, 1, 9), '1'), at(local(2025, 3, 1, 18), '2'), at(local(2025, 3, 2, 8), '3')],
      new Date(2025, 5, 1),
      'en-GB',
    );
    expect(entries.map((e) => (e.kind === 'day' ? `day ${e.label.replace(',', '')}` : e.key))).toEqual([
      'day Saturday 1 March',
      '1',
      '2',
      'day Sunday 2 March',
      '3',
    ]);
  });

  it('should call the current and the previous day Today and Yesterday', () => {
    const now = new Date(2025, 2, 10, 15);
    expect(formatDay(local(2025, 3, 10, 1), now)).toBe('Today');
    expect(formatDay(local(2025, 3, 9, 23), now)).toBe('Yesterday');
  });

  it('should add the year to a day of another year', () => {
    expect(formatDay(local(2023, 12, 31), new Date(2025, 0, 2), 'en-GB')).toMatch(/^Sunday,? 31 December 2023$/);
  });

  it('should group by the local calendar day', () => {
    expect(dayKey(local(2025, 3, 1, 0))).toBe('2025-03-01');
    expect(dayKey(local(2025, 3, 1, 23))).toBe('2025-03-01');
  });
});

describe('formatTime', () => {
  it('should show hours and minutes as the locale writes them', () => {
    const iso = local(2025, 3, 1, 14);
    expect(formatTime(iso, 'en-GB')).toBe('14:00');
    expect(formatTime(iso, 'en-US')).toMatch(/^2:00\s?PM$/);
  });
});
