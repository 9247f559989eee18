export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// http(s) URLs and bare www. addresses; nothing else becomes a link, so a
// message can never carry a javascript: or data: URL into an href.
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/giu;
const TRAILING_PUNCTUATION = /[.,;:!?'"…]+$/u;

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
    segments.push({ kind: 'link', text: raw, href });
    position = start + raw.length;
  }
  if (position < text.length) segments.push({ kind: 'text', text: text.slice(position) });
  return mergeText(segments);
}

/** Drops punctuation that ends the sentence rather than the URL, and a closing bracket without its opening one. */
function trimUrl(candidate: string): string {
  let url = candidate.replace(TRAILING_PUNCTUATION, '');
  for (const [open, close] of [['(', ')'], ['[', ']']] as const) {
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
    if (segment.kind === 'text' && previous?.kind === 'text') merged[merged.length - 1] = { kind: 'text', text: previous.text + segment.text };
    else merged.push(segment);
  }
  return merged;
}
