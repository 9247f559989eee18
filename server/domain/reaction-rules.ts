import { badInput } from './errors.js';

/** How many different emoji one message may carry: enough for any honest use, and a bound on the size of a message's state. */
export const MAX_REACTIONS_PER_MESSAGE = 20;

// Built at run time: TypeScript refuses the `v` flag below an ES2024 target, and Node 20 has it.
const RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const EMOJI_PRESENTATION = '\uFE0F';
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * A reaction's emoji: exactly one grapheme cluster that is an emoji (a
 * recommended emoji sequence, flags, skin tones and families included).
 * Digits, `#` and `*` have the Emoji property but are refused unless written
 * as keycaps: people mean text by them. A pictograph written without its
 * emoji presentation selector ("❤") is stored with it ("❤️"), so that both
 * spellings toggle one reaction.
 */
export function normalizeEmoji(input: unknown): string {
  if (typeof input !== 'string' || input.length === 0) throw badInput('Choose one emoji to react with.', 'emoji');
  const emoji = input.trim().normalize('NFC');
  const clusters = [...graphemes.segment(emoji)];
  if (clusters.length !== 1) throw badInput('React with exactly one emoji, such as 👍.', 'emoji');
  if (RGI_EMOJI.test(emoji)) return emoji;
  if (PICTOGRAPH.test(emoji) && RGI_EMOJI.test(emoji + EMOJI_PRESENTATION)) return emoji + EMOJI_PRESENTATION;
  throw badInput(`"${emoji.slice(0, 16)}" is not an emoji: react with one emoji, such as 👍.`, 'emoji');
}
