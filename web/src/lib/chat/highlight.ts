/** A piece of a message's text, marked when it matches a searched word. */
export interface Segment {
  readonly text: string;
  readonly hit: boolean;
}

/** A character as search compares it: without accents, in lower case ("É" → "e"). */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The words of a search, folded, longest first so that a longer word wins where two overlap. */
export function searchWords(query: string): string[] {
  const words = query
    .split(/[^\p{L}\p{N}]+/u)
    .map(fold)
    .filter((word) => word.length > 0);
  return [...new Set(words)].sort((a, b) => b.length - a.length);
}

/**
 * The text cut into pieces, those that match a word of the search marked,
 * compared as the server compares them (without regard to case or accents),
 * each piece in the text's own spelling. Plain text only: the view renders
 * the pieces as text, never as HTML.
 */
export function highlight(text: string, query: string): Segment[] {
  const words = searchWords(query);
  if (words.length === 0 || text === '') return text === '' ? [] : [{ text, hit: false }];
  // The folded text, with where each of its characters came from in the original.
  let folded = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    const f = fold(char);
    for (let i = 0; i < f.length; i++) origin.push(index);
    folded += f;
    index += char.length;
  }
  origin.push(text.length);
  const hits = new Array<boolean>(text.length).fill(false);
  for (const word of words)
    for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + word.length))
      for (let i = origin[at]!; i < origin[at + word.length]!; i++) hits[i] = true;
  const segments: Segment[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++)
    if (i === text.length || hits[i] !== hits[start]) {
      segments.push({ text: text.slice(start, i), hit: hits[start]! });
      start = i;
    }
  return segments;
}
