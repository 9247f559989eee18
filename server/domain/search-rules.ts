import { badInput } from './errors.js';
import { charLength } from './text-rules.js';

/**
 * What a search compares: words, the same rule for a message's body (when it
 * is indexed) and for the text searched for, so every store matches alike.
 *
 * A word is a run of letters and digits, after compatibility decomposition
 * (NFKD: "ﬁ" is "fi", "²" is "2"), with every combining mark removed ("Café"
 * is "cafe") and case folded ("ÉMILE" is "emile", "Straße" is "strasse").
 * Anything else separates words, including every character that means
 * something to a full-text engine (quotes, `*`, `:`, `&`, `-`, parentheses):
 * a search is plain words, never a query language.
 *
 * A searched word matches a word of the message that begins with it (a
 * prefix: "caf" finds "Café", "cafe" finds "cafés"), and a message matches
 * when every searched word does. Only the first SEARCH_WORD_MAX characters of
 * a word count, on both sides, which bounds what the indexes hold.
 */

export const SEARCH_TEXT_MAX = 200;
export const SEARCH_WORD_MAX = 64;
export const SEARCH_RESULTS_DEFAULT = 20;
export const SEARCH_RESULTS_MAX = 50;

const MARKS = /\p{M}/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/u;
/** Full case folding that toLowerCase leaves out: the final sigma, and sharp s as its capital is written. */
const FOLDS: Readonly<Record<string, string>> = { ς: 'σ', ß: 'ss', ẞ: 'ss' };
const FOLDABLE = /[ςßẞ]/gu;

/**
 * The distinct words of a text, in the order first written. Lower-casing can
 * itself produce a mark ("İ" becomes "i" and a combining dot), so the text is
 * decomposed again after it.
 */
export function searchWords(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(FOLDABLE, (character) => FOLDS[character] ?? character)
    .normalize('NFKD')
    .replace(MARKS, '');
  const words = new Set<string>();
  for (const word of folded.split(SEPARATORS)) if (word !== '') words.add(truncate(word));
  return [...words];
}

/** What a message's body is indexed as: its words, separated by single spaces ('' for none, as a deleted message). */
export const indexedWords = (body: string): string => searchWords(body).join(' ');

/** Whether a body holds every searched word, as prefixes of its own: the rule the indexes implement, for the memory store. */
export function matchesSearch(bodyWords: readonly string[], searched: readonly string[]): boolean {
  return searched.every((word) => bodyWords.some((candidate) => candidate.startsWith(word)));
}

/** The text of a search, as words: refused when empty, over SEARCH_TEXT_MAX characters, or without a letter or digit. */
export function parseSearchText(input: unknown): string[] {
  if (typeof input !== 'string') throw badInput('The search text must be text.', 'text');
  const text = input.trim();
  if (text === '') throw badInput('Enter a word to search for.', 'text');
  if (charLength(text) > SEARCH_TEXT_MAX)
    throw badInput(`A search has at most ${SEARCH_TEXT_MAX} characters: search for fewer words.`, 'text');
  const words = searchWords(text);
  if (words.length === 0) throw badInput('Search for at least one word: a search needs a letter or a digit.', 'text');
  return words;
}

/** How many results to return: a whole number of 1 or more, at most SEARCH_RESULTS_MAX (more asks for the most); absent means SEARCH_RESULTS_DEFAULT. */
export function parseSearchFirst(input: unknown): number {
  if (input === null || input === undefined) return SEARCH_RESULTS_DEFAULT;
  if (typeof input !== 'number' || !Number.isInteger(input) || input < 1)
    throw badInput(`\`first\` must be a whole number of 1 or more (at most ${SEARCH_RESULTS_MAX} are returned).`, 'first');
  return Math.min(input, SEARCH_RESULTS_MAX);
}

function truncate(word: string): string {
  if (word.length <= SEARCH_WORD_MAX) return word;
  return [...word].slice(0, SEARCH_WORD_MAX).join('');
}
