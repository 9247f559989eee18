export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// http(s) URLs and bare www. addresses; nothing else becomes a link, so a
// message can never carry a javascript: or data: URL into an href.
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/giu;
const TRAILING_PUNCTUATION = /[.,;:!?'"…]+$/u;
const URL_AT = /(?:https?:\/\/|www\.)[^\s<>"'`]+/iuy;

/**
 * The length of the link that starts at `index` of the text, 0 if none
 * does: formatting marks inside a link (as in "https://x.org/a_b_c") are
 * part of the address, not formatting.
 */
export function linkLengthAt(text: string, index: number): number {
  if (index > 0 && /\w/u.test(text[index - 1]!)) return 0;
  URL_AT.lastIndex = index;
  const match = URL_AT.exec(text);
  if (!match) return 0;
  const raw = trimUrl(match[0]);
  return raw && toHref(raw) ? raw.length : 0;
}

/**
 * Splits message text into plain text and links, for rendering as text nodes
 * and anchors (never as HTML).
 */
export function splitLinks(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let position = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = trimUrl(match[0]);
    const start = match.index!;
    if (!raw) continue;
    const href = toHref(raw);
    if (!href) continue;
    if (start > position) segments.push({ kind: 'text', text: text.slice(position, start) });
    segments.push({ kind: 'link', text: visibleUrl(raw), href });
    position = start + raw.length;
  }
  if (position < text.length) segments.push({ kind: 'text', text: text.slice(position) });
  return mergeText(segments);
}

// Characters that do not show, or reorder what follows (bidi controls): in a
// link's text they could make it read as another address.
const HIDDEN = /[\p{Cf}\p{Cc}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\u00A0\u2000-\u200A\u202F\u205F\u3000\u3164\uFFA0\u115F\u1160]/gu;

/**
 * A link's text as it really is: each hidden or reordering character shown
 * as a visible escape, so that "https://example.com/\u202Egpj.exe" cannot
 * pass for ".../exe.jpg".
 */
export function visibleUrl(raw: string): string {
  return raw.replace(HIDDEN, (char) => `⟨U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** Drops punctuation that ends the sentence rather than the URL, and a closing bracket without its opening one. */
function trimUrl(candidate: string): string {
  let url = candidate.replace(TRAILING_PUNCTUATION, '');
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    while (url.endsWith(close) && count(url, close) > count(url, open)) url = url.slice(0, -1).replace(TRAILING_PUNCTUATION, '');
  }
  return url;
}

const count = (text: string, char: string) => text.split(char).length - 1;

function toHref(raw: string): string | null {
  try {
    const url = new URL(/^www\./i.test(raw) ? `https://${raw}` : raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Joins neighbouring text segments left behind by skipped candidates. */
function mergeText(segments: TextSegment[]): TextSegment[] {
  const merged: TextSegment[] = [];
  for (const segment of segments) {
    const previous = merged.at(-1);
    if (segment.kind === 'text' && previous?.kind === 'text')
      merged[merged.length - 1] = { kind: 'text', text: previous.text + segment.text };
    else merged.push(segment);
  }
  return merged;
}
