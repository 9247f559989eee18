import unhomoglyph from 'unhomoglyph';
import { unicodeReadableName } from 'unicode-name';
import { badInput } from './errors.js';
import { refusedScriptMix } from './unicode-scripts.js';

/**
 * The rules that keep one name from passing for another (UTS #39): a key
 * and a confusable skeleton under which names are unique, and the refusal of
 * characters that hide, stack or mix scripts to imitate a name.
 */

/**
 * The key under which names are unique: Unicode-aware case folding, so that
 * "ÉMILE", "émile" and "E\u0301mile" are one name, and so are "STRASSE" and
 * "straße".
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFC');
}

/**
 * The UTS #39 confusable skeleton of the name's key: names with one skeleton
 * look alike ("ada", "ADA", "аdа" in Cyrillic, "ａｄａ"), so only one of them
 * may be held. By design of confusables.txt, "m" and "rn" collide too.
 */
export function nameSkeleton(name: string): string {
  // unhomoglyph maps each code point through confusables.txt (its keys are single code points).
  return unhomoglyph(nameKey(name).normalize('NFD')).normalize('NFD');
}

export interface NameKind {
  /** How messages begin: "A name", "A channel name". */
  readonly subject: string;
  /** Whether emoji (with the joiners and selectors inside them) belong in the name. */
  readonly emoji: boolean;
}

export const USER_NAME: NameKind = { subject: 'A name', emoji: false };
export const CHANNEL_NAME: NameKind = { subject: 'A channel name', emoji: true };

/** The most combining marks one character may carry: Vietnamese and Thai need two, Zalgo text needs many. */
export const MARKS_PER_CHARACTER_MAX = 2;

// The `v` flag is built at run time: the compiler's target predates it, Node 20 has it.
const EMOJI = new RegExp('\\p{RGI_Emoji}', 'gv');
// An emoji becomes one symbol while the rules run: the joiners and selectors inside it are its own business.
const EMOJI_STAND_IN = '\u2605';
const MARK = /^\p{M}$/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
// Characters that show as nothing yet are neither default-ignorable nor format characters (the Hangul
// fillers U+115F, U+1160, U+3164 and U+FFA0 are default-ignorable).
// An alternation, not a class: U+16FE4 combines, which a class would mislead about.
const BLANK = /^(?:\u2800|\u{1D159}|\u{16FE4})$/u;

/** Each kind of character a name may not hold, tried in order, with the reason given to the client. */
const HIDDEN: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\p{Cs}$/u, 'it is half of a character (a lone surrogate)'],
  [/^\p{Cc}$/u, 'control characters, tabs and line breaks are not allowed'],
  [/^(?! )\p{White_Space}$/u, 'use a plain space between words'],
  [/^\p{Bidi_Control}$/u, 'it turns the direction of the text around it'],
  [/^[\p{Default_Ignorable_Code_Point}\p{Cf}]$/u, 'it does not show, or shows as blank'],
  [BLANK, 'it does not show, or shows as blank'],
  [/^\p{Co}$/u, 'it is a private-use character, which every device shows differently'],
  [/^\p{Cn}$/u, 'Unicode has not assigned it to any character'],
];

/** "U+3164 HANGUL FILLER", or "U+E000" where Unicode gives no name. */
export function describeCodePoint(char: string): string {
  const hex = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = unicodeReadableName(char);
  return name && !name.startsWith('<') ? `${hex} ${name}` : hex;
}

/**
 * Refuses, with BAD_USER_INPUT on `name`, a name (already NFC) that holds
 * an invisible, blank, control, private-use or unassigned character, stacks
 * more than two combining marks on one character, mixes scripts the way
 * look-alikes do, or has no letter or digit (nor emoji, where allowed).
 */
export function refuseMisleadingName(name: string, kind: NameKind): void {
  const text = kind.emoji ? name.replace(EMOJI, EMOJI_STAND_IN) : name;
  refuseHiddenCharacters(text, kind.subject);
  refuseStackedMarks(text, kind.subject);
  const scripts = refusedScriptMix(text);
  if (scripts) throw badInput(`${kind.subject} may not mix ${listInWords(scripts)} letters.`, 'name');
  if (!LETTER_OR_DIGIT.test(text) && !(kind.emoji && text !== name))
    throw badInput(`${kind.subject} needs at least one letter or digit${kind.emoji ? ' (or an emoji)' : ''}.`, 'name');
}

function refuseHiddenCharacters(text: string, subject: string): void {
  for (const char of text) {
    const reason = HIDDEN.find(([pattern]) => pattern.test(char))?.[1];
    if (reason) throw badInput(`${subject} may not contain ${describeCodePoint(char)}: ${reason}.`, 'name');
  }
}

function refuseStackedMarks(text: string, subject: string): void {
  // Decomposed, so that a mark that composes with its letter ("á") still counts: it shows all the same.
  const chars = [...text.normalize('NFD')];
  for (let i = 0; i < chars.length; i++) {
    if (!MARK.test(chars[i]!)) continue;
    const base = chars[i - 1];
    if (base === undefined || base === ' ')
      throw badInput(`${subject} may not begin a word with a combining mark (${describeCodePoint(chars[i]!)}).`, 'name');
    let end = i;
    while (end < chars.length && MARK.test(chars[end]!)) end++;
    if (end - i > MARKS_PER_CHARACTER_MAX)
      throw badInput(
        `${subject} may carry at most ${MARKS_PER_CHARACTER_MAX} combining marks on one character; "${base}" has ${end - i}.`,
        'name',
      );
    i = end - 1;
  }
}

const listInWords = (items: readonly string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
