import { BODY_MAX } from '../api/codes.js';
import { badInput } from './errors.js';
import { CHANNEL_NAME, refuseMisleadingName, USER_NAME } from './name-rules.js';

export { nameKey, nameSkeleton } from './name-rules.js';

/**
 * The rules for every piece of text a client sends us. Pure functions: each
 * returns the normalised value or throws a BAD_USER_INPUT DomainError whose
 * message says what to change.
 */

export const USER_NAME_MAX = 32;
export const CHANNEL_NAME_MAX = 50;
export { BODY_MAX };
export const CLIENT_ID_MAX = 64;

// C0/C1 controls, DEL, and the invisible formatting characters (bidi
// overrides, zero-width joiners…) that make ids look alike.
const CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u;
// Control characters are exactly what this pattern is for.
// eslint-disable-next-line no-control-regex
const BODY_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/u;
const USER_NAME_PART = /^[\p{L}\p{M}\p{N}_.-]+$/u;

/** Length as a person counts it: code points, not UTF-16 units. */
export const charLength = (text: string) => [...text].length;

function requireString(value: unknown, what: string, field: string): string {
  if (typeof value !== 'string') throw badInput(`${what} must be text.`, field);
  return value;
}

/**
 * A user name: trimmed, runs of spaces folded to one, 1 to 32 characters of
 * letters, digits, spaces, `_`, `-` and `.`, with at least one letter or
 * digit, nothing invisible, and no mix of scripts that imitates another name
 * (see name-rules.ts).
 */
export function normalizeUserName(input: unknown): string {
  const name = requireString(input, 'The name', 'name').trim().replace(/ {2,}/g, ' ').normalize('NFC');
  if (name.length === 0) throw badInput('Enter a name.', 'name');
  if (charLength(name) > USER_NAME_MAX) throw badInput(`A name has at most ${USER_NAME_MAX} characters.`, 'name');
  // First, so that a hidden character is named rather than refused as one that is not a letter.
  refuseMisleadingName(name, USER_NAME);
  if (!name.split(' ').every((part) => USER_NAME_PART.test(part)))
    throw badInput('A name may contain letters, digits, spaces and the characters _ - . only.', 'name');
  return name;
}

/**
 * A channel name: trimmed, 1 to 50 printable characters, emoji included,
 * with at least one letter, digit or emoji, nothing invisible outside an
 * emoji, and no mix of scripts that imitates another name (see name-rules.ts).
 */
export function normalizeChannelName(input: unknown): string {
  // Only runs of spaces fold: folding any whitespace would let "a\n\nb" slip past the line-break rule below.
  const name = requireString(input, 'The channel name', 'name').trim().replace(/ {2,}/g, ' ').normalize('NFC');
  if (name.length === 0) throw badInput('Enter a channel name.', 'name');
  if (charLength(name) > CHANNEL_NAME_MAX) throw badInput(`A channel name has at most ${CHANNEL_NAME_MAX} characters.`, 'name');
  refuseMisleadingName(name, CHANNEL_NAME);
  return name;
}

/**
 * A message body: trimmed, 1 to 4,000 characters, any Unicode. Line breaks and
 * tabs are kept (CRLF becomes LF); other control characters are refused.
 */
export function normalizeBody(input: unknown): string {
  const body = requireString(input, 'The message', 'body').replace(/\r\n?/g, '\n').trim();
  if (body.length === 0) throw badInput('A message cannot be empty.', 'body');
  if (charLength(body) > BODY_MAX) throw badInput(`A message has at most ${BODY_MAX} characters.`, 'body');
  if (BODY_FORBIDDEN.test(body)) throw badInput('A message may not contain control characters other than line breaks and tabs.', 'body');
  return body;
}

/** A client's own id for a message: optional, 1 to 64 printable characters. */
export function normalizeClientId(input: unknown): string | null {
  if (input === null || input === undefined) return null;
  const id = requireString(input, 'The clientId', 'clientId');
  if (id.length === 0 || id.length > CLIENT_ID_MAX || CONTROL.test(id) || /\s/.test(id))
    throw badInput(`A clientId is 1 to ${CLIENT_ID_MAX} characters without spaces or control characters.`, 'clientId');
  return id;
}

/** A numeric id as clients send it: a positive decimal integer. */
export function parseId(input: unknown, field: string): string {
  const id = typeof input === 'number' ? String(input) : input;
  if (typeof id !== 'string' || !/^[1-9][0-9]{0,15}$/.test(id) || !Number.isSafeInteger(Number(id)))
    throw badInput(`"${String(input).slice(0, 40)}" is not a valid id.`, field);
  return id;
}

/** The optional `after` of a resume: 0 (or absent) means "from the start". */
export function parseAfter(input: unknown): string | null {
  if (input === null || input === undefined) return null;
  if (input === '0' || input === 0) return '0';
  return parseId(input, 'after');
}

/** How many of the newest messages to return: 0 to `max`; null means all that are kept. */
export function clampLast(input: unknown, max: number): number {
  if (input === null || input === undefined) return max;
  if (typeof input !== 'number' || !Number.isInteger(input) || input < 0)
    throw badInput('`last` must be a whole number of 0 or more.', 'last');
  return Math.min(input, max);
}
