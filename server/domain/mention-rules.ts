import { USER_NAME_MAX } from './text-rules.js';

/** Most distinct names one body may mention: a message that addresses more is a broadcast, and each name costs a look-up. */
export const MAX_MENTIONS_PER_MESSAGE = 20;

// `@` not glued to a preceding word (so "ada@example.org" mentions nobody), then either a
// braced name with spaces or a run of the characters a user name is made of.
const MENTION = /(?<![\p{L}\p{M}\p{N}_.@-])@(?:\{([^{}\n]{1,64})\}|([\p{L}\p{M}\p{N}_.-]+))/gu;
// A name ends in a letter, digit or mark as people write it: "@ada." and "@ada-" mean "@ada".
const TRAILING_PUNCTUATION = /[_.-]+$/u;

/**
 * The names a body mentions, as written: `@name`, or `@{name with spaces}`,
 * in the order first mentioned, without repeats (compared as written, case
 * aside; the store compares them properly), at most MAX_MENTIONS_PER_MESSAGE.
 * Whether each names a user is for the caller to resolve: an unknown name
 * stays plain text.
 */
export function parseMentions(body: string, max = MAX_MENTIONS_PER_MESSAGE): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const match of body.matchAll(MENTION)) {
    const raw = match[1] !== undefined ? match[1].trim().replace(/ {2,}/g, ' ') : match[2]!.replace(TRAILING_PUNCTUATION, '');
    if (raw.length === 0 || [...raw].length > USER_NAME_MAX) continue;
    const key = raw.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    names.push(raw);
    if (names.length >= max) break;
  }
  return names;
}
