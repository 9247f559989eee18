import { describe, expect, it } from 'vitest';
import { stillTyping, TYPING_LAPSE_MS, TypingThrottle, typingLine, withTyping } from './typing.js';

const bob = { id: '2', name: 'bob' };
const carol = { id: '3', name: 'carol' };

describe('typing', () => {
  it('should list each typist once, drop one who stopped, and forget one whose typing lapsed', () => {
    let list = withTyping([], bob, true, 1_000);
    list = withTyping(list, carol, true, 2_000);
    list = withTyping(list, bob, true, 3_000);
    expect(list.map((t) => t.name)).toEqual(['carol', 'bob']);
    expect(withTyping(list, carol, false, 3_000).map((t) => t.name)).toEqual(['bob']);
    expect(stillTyping(list, 2_000 + TYPING_LAPSE_MS).map((t) => t.name)).toEqual(['bob']);
  });

  it('should say who is typing in a sentence', () => {
    expect(typingLine([])).toBe('');
    expect(typingLine(['bob'])).toBe('bob is typing…');
    expect(typingLine(['bob', 'carol'])).toBe('bob and carol are typing…');
    expect(typingLine(['bob', 'carol', 'dan'])).toBe('bob, carol and dan are typing…');
    expect(typingLine(['bob', 'carol', 'dan', 'eve'])).toBe('bob, carol and 2 others are typing…');
  });

  it('should say typing at most every 3 s while the text is not empty, and at once after a send', () => {
    let now = 0;
    let said = 0;
    const throttle = new TypingThrottle(
      () => said++,
      () => now,
    );
    throttle.input('   ');
    expect(said).toBe(0);
    throttle.input('h');
    now = 1_000;
    throttle.input('he');
    now = 2_999;
    throttle.input('hel');
    expect(said).toBe(1);
    now = 3_000;
    throttle.input('hell');
    expect(said).toBe(2);
    throttle.sent();
    throttle.input('n');
    expect(said).toBe(3);
  });
});
