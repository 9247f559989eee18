import { describe, expect, it } from 'vitest';
import { ErrorCode } from './errors.js';
import { normalizeEmoji } from './reaction-rules.js';

const refusal = (input: unknown) => {
  try {
    normalizeEmoji(input);
  } catch (error) {
    return error as { code: ErrorCode; message: string };
  }
  throw new Error(`${String(input)} was accepted`);
};

describe('normalizeEmoji', () => {
  it.each(['👍', '👍🏽', '👨‍👩‍👧', '🇫🇷', '1️⃣', '❤️', '🏳️‍🌈'])('should accept %s as one emoji', (emoji) => {
    expect(normalizeEmoji(emoji)).toBe(emoji);
  });

  it('should store a pictograph written without its presentation selector as the emoji, so both spellings are one reaction', () => {
    expect(normalizeEmoji('❤')).toBe('❤️');
  });

  it.each(['1', '#', '*', 'a', 'ok', '👍👍', ' ', '', '™x', '\u200d'])('should refuse %j with BAD_USER_INPUT', (input) => {
    const error = refusal(input);
    expect(error.code).toBe(ErrorCode.BadUserInput);
    expect(error.message).toMatch(/emoji/);
  });

  it('should refuse what is not text', () => {
    expect(refusal(42).code).toBe(ErrorCode.BadUserInput);
    expect(refusal(null).code).toBe(ErrorCode.BadUserInput);
  });
});
