import { describe, expect, it } from 'vitest';
import { countLine, countText, refusalLine } from './text-limit.js';

describe('countText', () => {
  it('should count characters as the server does: code points, outer white space aside', () => {
    expect(countText('  héllo 👋🏽 \n', 4000)).toEqual({ length: 8, shown: false, over: 0 });
  });

  it('should show the count near the limit, and how far over it a text is', () => {
    expect(countText('a'.repeat(3499), 4000).shown).toBe(false);
    expect(countText('a'.repeat(3500), 4000)).toEqual({ length: 3500, shown: true, over: 0 });
    expect(countText('a'.repeat(4000), 4000).over).toBe(0);
    expect(countText('a'.repeat(4100), 4000)).toEqual({ length: 4100, shown: true, over: 100 });
  });
});

describe('countLine and refusalLine', () => {
  it('should say the count, and what is too many and how to send', () => {
    expect(countLine(countText('a'.repeat(3612), 4000), 4000)).toBe('3,612 / 4,000');
    expect(countLine(countText('a'.repeat(4001), 4000), 4000)).toBe('4,001 / 4,000: 1 character too many');
    expect(refusalLine(countText('a'.repeat(4100), 4000), 4000)).toBe(
      'Not sent: a message has at most 4,000 characters and this one has 4,100. Shorten it by 100 to send it.',
    );
  });
});
