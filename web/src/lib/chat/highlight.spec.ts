import { describe, expect, it } from 'vitest';
import { highlight, searchWords } from './highlight.js';

const hits = (text: string, query: string) =>
  highlight(text, query)
    .filter((s) => s.hit)
    .map((s) => s.text);

describe('highlight', () => {
  it('should mark every word of the search, whatever its case and accents, in the spelling of the text', () => {
    expect(hits('Le Café est ouvert, café!', 'cafe OUVERT')).toEqual(['Café', 'ouvert', 'café']);
    expect(highlight('Crème brûlée', 'creme')).toEqual([
      { text: 'Crème', hit: true },
      { text: ' brûlée', hit: false },
    ]);
  });

  it('should keep the text whole, markup and all, as plain pieces', () => {
    const text = '<b>bold</b> & more';
    expect(
      highlight(text, 'bold')
        .map((s) => s.text)
        .join(''),
    ).toBe(text);
    expect(hits(text, 'bold')).toEqual(['bold']);
  });

  it('should treat search syntax as plain words and mark nothing for an empty search', () => {
    expect(searchWords('"lunch" AND (noon*)')).toEqual(['lunch', 'noon', 'and']);
    expect(highlight('lunch', '  ')).toEqual([{ text: 'lunch', hit: false }]);
    expect(highlight('', 'x')).toEqual([]);
  });

  it('should mark text that is not Latin, and emoji around it stay in place', () => {
    expect(hits('Привет 👋 мир', 'МИР')).toEqual(['мир']);
    expect(
      highlight('👋 hi', 'hi')
        .map((s) => s.text)
        .join(''),
    ).toBe('👋 hi');
  });
});
