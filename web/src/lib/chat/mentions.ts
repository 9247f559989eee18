import type { MessageUser } from './timeline.js';

/**
 * Mentions as the server reads them: "@name", or "@{Name With Spaces}" for a
 * name with spaces. Only what the server resolved to a user shows as one: a
 * mention of no such user stays plain text.
 */

export type MentionSegment = { kind: 'text'; text: string } | { kind: 'mention'; text: string; user: MessageUser };

// As the server reads them: "@" not glued to a preceding word (so "ada@example.org" mentions nobody), then a braced
// name with spaces or a run of the characters a user name is made of (letters with their marks, digits, _ - .).
const MENTION = /(?<![\p{L}\p{M}\p{N}_.@-])@(?:\{([^{}\n]{1,64})\}|([\p{L}\p{M}\p{N}_.-]+))/gu;
// "@ada." and "@ada-" mean "@ada": a name ends in a letter, digit or mark.
const TRAILING_PUNCTUATION = /[_.-]+$/u;

/** Names compared as the server compares them, short of look-alikes, which the server resolved already. */
export const foldName = (name: string): string => name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFC');

/**
 * Splits a body into text and the mentions of the users the server resolved.
 * A name written as the user spells it (case aside) is matched by name. The
 * server also resolves look-alikes ("@аda" in Cyrillic for Ada), which the
 * client cannot compare without the confusables table: as the server lists
 * mentions in the order first written, the names left over are paired in
 * order with the users left over, when there are as many of each.
 */
export function splitMentions(body: string, mentions: readonly MessageUser[]): MentionSegment[] {
  if (mentions.length === 0 || !body.includes('@')) return body ? [{ kind: 'text', text: body }] : [];
  const found = writtenMentions(body);
  const users = resolveNames(
    found.map((f) => f.key),
    mentions,
  );
  return segmentsOf(body, found, (f) => users.get(f.key));
}

/**
 * Splits a part of a body (a run of formatted text) with the mentions resolved
 * for the whole body by `splitMentions`: as written, each to its user.
 */
export function splitKnownMentions(text: string, known: ReadonlyMap<string, MessageUser>): MentionSegment[] {
  if (known.size === 0 || !text.includes('@')) return text ? [{ kind: 'text', text }] : [];
  return segmentsOf(text, writtenMentions(text), (f) => known.get(f.text));
}

interface WrittenMention {
  readonly at: number;
  readonly text: string;
  readonly key: string;
}

/** Every "@name" written, where it is and its name folded for comparing. */
function writtenMentions(body: string): WrittenMention[] {
  return [...body.matchAll(MENTION)].map((match) => {
    const braced = match[1];
    const name = braced !== undefined ? braced.trim().replace(/ {2,}/g, ' ') : match[2]!.replace(TRAILING_PUNCTUATION, '');
    return { at: match.index!, text: braced !== undefined ? match[0] : `@${name}`, key: foldName(name) };
  });
}

function segmentsOf(
  body: string,
  found: readonly WrittenMention[],
  userOf: (found: WrittenMention) => MessageUser | undefined,
): MentionSegment[] {
  const segments: MentionSegment[] = [];
  let position = 0;
  const pushText = (text: string) => {
    if (!text) return;
    const previous = segments.at(-1);
    if (previous?.kind === 'text') segments[segments.length - 1] = { kind: 'text', text: previous.text + text };
    else segments.push({ kind: 'text', text });
  };
  for (const written of found) {
    const { at, text } = written;
    const user = userOf(written);
    if (!user || at < position) continue;
    pushText(body.slice(position, at));
    segments.push({ kind: 'mention', text, user });
    position = at + text.length;
  }
  pushText(body.slice(position));
  return segments;
}

/** Which user each name written stands for: by name first, then the rest in order (see splitMentions). */
function resolveNames(keys: readonly string[], mentions: readonly MessageUser[]): Map<string, MessageUser> {
  const byName = new Map(mentions.map((user) => [foldName(user.name), user]));
  const resolved = new Map<string, MessageUser>();
  const leftNames: string[] = [];
  for (const key of new Set(keys)) {
    const user = byName.get(key);
    if (user) resolved.set(key, user);
    else leftNames.push(key);
  }
  const taken = new Set([...resolved.values()].map((user) => user.id));
  const leftUsers = mentions.filter((user) => !taken.has(user.id));
  if (leftNames.length === leftUsers.length) leftNames.forEach((key, index) => resolved.set(key, leftUsers[index]!));
  return resolved;
}

/** How to write a mention of this name so that the server reads it whole. */
export const mentionText = (name: string): string => (/^[\p{L}\p{M}\p{N}_.-]+$/u.test(name) ? `@${name}` : `@{${name}}`);

/** The "@…" being typed just before the caret: where it starts and what was typed after the "@". */
export interface MentionQuery {
  readonly start: number;
  readonly query: string;
}

const TYPING = /(?:^|[^\p{L}\p{M}\p{N}_])@(\{[^{}\n]*|[\p{L}\p{M}\p{N}_.-]*)$/u;

export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const match = TYPING.exec(text.slice(0, caret));
  if (!match) return null;
  const typed = match[1]!;
  return { start: caret - typed.length - 1, query: typed.startsWith('{') ? typed.slice(1) : typed };
}

export interface MentionCandidate extends MessageUser {
  readonly online: boolean;
}

/**
 * The people whose name matches what was typed, best first: names that
 * start with it before names that contain it, online people before the
 * others, then by name.
 */
export function suggestMentions(query: string, candidates: readonly MentionCandidate[], limit = 6): MentionCandidate[] {
  const wanted = foldName(query);
  const ranked: { candidate: MentionCandidate; rank: number }[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate.id)) continue;
    seen.add(candidate.id);
    const at = foldName(candidate.name).indexOf(wanted);
    if (at < 0) continue;
    ranked.push({ candidate, rank: (at === 0 ? 0 : 2) + (candidate.online ? 0 : 1) });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.candidate.name.localeCompare(b.candidate.name));
  return ranked.slice(0, limit).map(({ candidate }) => candidate);
}

/** The text with the mention being typed replaced by the chosen name and a space, and where the caret goes. */
export function insertMention(text: string, at: MentionQuery, caret: number, name: string): { text: string; caret: number } {
  const inserted = `${mentionText(name)} `;
  const rest = text.slice(caret).replace(/^\}/u, '');
  return { text: text.slice(0, at.start) + inserted + rest, caret: at.start + inserted.length };
}

/**
 * Whom the composer offers to mention: the people listed (online ones and
 * conversation partners), then the authors of the messages shown, each once,
 * oneself left out.
 */
export function mentionCandidates(
  people: readonly MentionCandidate[],
  messages: readonly { authorId: string; authorName: string }[],
  meId: string,
): MentionCandidate[] {
  const byId = new Map<string, MentionCandidate>();
  for (const person of people) byId.set(person.id, { id: person.id, name: person.name, online: person.online });
  for (const message of messages)
    if (!byId.has(message.authorId)) byId.set(message.authorId, { id: message.authorId, name: message.authorName, online: false });
  byId.delete(meId);
  return [...byId.values()];
}
