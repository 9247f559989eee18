import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import {
  indexedWords,
  matchesSearch,
  parseSearchFirst,
  parseSearchText,
  SEARCH_RESULTS_DEFAULT,
  SEARCH_RESULTS_MAX,
  SEARCH_WORD_MAX,
  searchWords,
} from './search-rules.js';

const refusal = (call: () => unknown) => {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return { code: (error as DomainError).code, field: (error as DomainError).details.field, message: (error as DomainError).message };
  }
  throw new Error('expected a refusal');
};

describe('searchWords', () => {
  it.each([
    ['Café', ['cafe']],
    ['ÉMILE', ['emile']],
    ['émile', ['emile']],
    ['Cafe\u0301 au lait', ['cafe', 'au', 'lait']],
    ['Straße STRASSE', ['strasse']],
    ['ΟΔΌΣ οδος', ['οδοσ']],
    ['İstanbul', ['istanbul']],
    ['ﬁle²', ['file2']],
    ['Привет, МИР!', ['привет', 'мир']],
    ['東京タワー', ['東京タワー']],
  ])('should fold %j into %j', (text, words) => {
    expect(searchWords(text)).toEqual(words);
  });

  it('should split on everything that is not a letter or a digit, search syntax included', () => {
    expect(searchWords('"near"(a) OR b* -c:d & e|f\'g\\h v2.5 @ada #x')).toEqual([
      'near',
      'a',
      'or',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
      'h',
      'v2',
      '5',
      'ada',
      'x',
    ]);
  });

  it('should give each word once, in the order first written, and nothing for a text without letters or digits', () => {
    expect(searchWords('the cat, THE hat')).toEqual(['the', 'cat', 'hat']);
    expect(searchWords(' *** "" ')).toEqual([]);
  });

  it('should keep only the first characters of a very long word', () => {
    expect(searchWords('a'.repeat(500))).toEqual(['a'.repeat(SEARCH_WORD_MAX)]);
    expect(searchWords('😀'.repeat(3) + 'é'.repeat(100))[0]).toBe('e'.repeat(SEARCH_WORD_MAX));
  });
});

describe('indexedWords and matchesSearch', () => {
  it('should index a body as its words one space apart, and a deleted body as nothing', () => {
    expect(indexedWords('Le Café, de ÉMILE!')).toBe('le cafe de emile');
    expect(indexedWords('')).toBe('');
  });

  it('should match when every searched word starts a word of the body', () => {
    const body = searchWords('Le Café de Émile');
    expect(matchesSearch(body, ['caf', 'emile'])).toBe(true);
    expect(matchesSearch(body, ['cafe', 'absent'])).toBe(false);
    expect(matchesSearch(body, ['afe'])).toBe(false);
  });
});

describe('parseSearchText', () => {
  it('should turn the text into its words', () => {
    expect(parseSearchText('  Café ÉMILE ')).toEqual(['cafe', 'emile']);
  });

  it.each([
    ['', /Enter a word/],
    ['   ', /Enter a word/],
    ['"*" ()', /at least one word/],
    ['a'.repeat(201), /at most 200 characters/],
  ])('should refuse %j with a sentence', (text, message) => {
    expect(refusal(() => parseSearchText(text))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'text',
      message: expect.stringMatching(message),
    });
  });

  it('should count characters, not UTF-16 units, against the limit', () => {
    expect(parseSearchText('😀a'.repeat(100))).toEqual(['a']);
  });

  it('should refuse what is not text', () => {
    expect(refusal(() => parseSearchText(42)).field).toBe('text');
  });
});

describe('parseSearchFirst', () => {
  it('should default, keep what is in range and clamp what is above it', () => {
    expect(parseSearchFirst(undefined)).toBe(SEARCH_RESULTS_DEFAULT);
    expect(parseSearchFirst(null)).toBe(SEARCH_RESULTS_DEFAULT);
    expect(parseSearchFirst(1)).toBe(1);
    expect(parseSearchFirst(SEARCH_RESULTS_MAX + 1000)).toBe(SEARCH_RESULTS_MAX);
  });

  it.each([0, -1, 2.5, '10'])('should refuse %j', (first) => {
    expect(refusal(() => parseSearchFirst(first))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});
