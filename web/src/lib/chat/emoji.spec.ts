import { describe, expect, it } from 'vitest';
import { EMOJI, emojiName, parseRecent, rememberEmoji, searchEmoji } from './emoji.js';

describe('searchEmoji', () => {
  it('should find emoji by any word of their names, those starting with it first', () => {
    expect(searchEmoji('party').map((e) => e.emoji)).toEqual(['🥳', '🎉']);
    expect(searchEmoji('THUMBS').map((e) => e.emoji)).toEqual(['👍', '👎']);
    expect(searchEmoji('ank').map((e) => e.emoji)).toEqual(['🙏']);
    expect(searchEmoji('no such thing')).toEqual([]);
  });

  it('should give every emoji for an empty query, and find one by itself', () => {
    expect(searchEmoji('  ')).toHaveLength(EMOJI.length);
    expect(searchEmoji('🔥').map((e) => e.emoji)).toEqual(['🔥']);
  });

  it('should list each emoji once, each a single grapheme', () => {
    const emoji = EMOJI.map((e) => e.emoji);
    expect(new Set(emoji).size).toBe(emoji.length);
    const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    for (const e of emoji) expect([...graphemes.segment(e)]).toHaveLength(1);
  });
});

describe('recent emoji', () => {
  it('should put the last used first, once, keeping only the newest few', () => {
    expect(rememberEmoji(['👍', '🎉'], '🎉')).toEqual(['🎉', '👍']);
    expect(rememberEmoji(['1', '2', '3'], '4', 3)).toEqual(['4', '1', '2']);
  });

  it('should read back only a list of short strings from storage', () => {
    expect(parseRecent('["👍","🎉"]')).toEqual(['👍', '🎉']);
    expect(parseRecent('{"a":1}')).toEqual([]);
    expect(parseRecent('not json')).toEqual([]);
    expect(parseRecent(null)).toEqual([]);
    expect(parseRecent(JSON.stringify(['👍', 5, 'x'.repeat(40)]))).toEqual(['👍']);
  });

  it('should name an emoji for a label, or give it back when unknown', () => {
    expect(emojiName('👍')).toBe('thumbs up');
    expect(emojiName('🦀')).toBe('🦀');
  });
});
