import { linkLengthAt, splitLinks } from './links.js';
import { splitKnownMentions, splitMentions } from './mentions.js';
import type { MessageUser } from './timeline.js';

/**
 * The small Markdown subset a message may use, read into a tree of plain
 * values that the view renders as elements and text nodes: nothing is ever
 * turned into HTML, so `<script>` or `[x](javascript:…)` stay the text they
 * are. What the subset does not know stays as typed, marks included.
 *
 * - a line of three or more backticks (or tildes) opens a code block, closed
 *   by a line of as many (or to the end of the message);
 * - lines starting with ">" are a quote, which may hold the rest;
 * - `code`, **bold**, *italic* or _italic_, ~~struck~~, within one line;
 * - http(s) links and the mentions the server resolved, as before.
 */

export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'link'; readonly text: string; readonly href: string }
  | { readonly kind: 'mention'; readonly text: string; readonly user: MessageUser }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'strong' | 'em' | 'strike'; readonly children: readonly Inline[] };

export type Block =
  | { readonly kind: 'paragraph'; readonly inline: readonly Inline[] }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'quote'; readonly blocks: readonly Block[] };

/** Quotes in quotes, and marks in marks, go this deep; deeper ones stay as typed. */
export const MAX_NESTING = 4;

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})([^`]*)$/;
const QUOTE = /^ {0,3}> ?(.*)$/;

type Mentions = ReadonlyMap<string, MessageUser>;

/** A message body as blocks, with the mentions the server resolved for it. */
export function parseMessage(body: string, mentions: readonly MessageUser[] = []): Block[] {
  const known = new Map(
    splitMentions(body, mentions).flatMap((part) => (part.kind === 'mention' ? [[part.text, part.user] as const] : [])),
  );
  return parseBlocks(body.split('\n'), known, 0);
}

function parseBlocks(lines: readonly string[], known: Mentions, depth: number): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    // Blank lines around a block are the space the block keeps anyway.
    const text = paragraph.join('\n').replace(/^\n+|\n+$/g, '');
    if (text.trim()) blocks.push({ kind: 'paragraph', inline: parseInline(text, known, 0) });
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const fence = FENCE_OPEN.exec(line);
    if (fence) {
      endParagraph();
      const close = closingFence(lines, index + 1, fence[1]!);
      blocks.push({ kind: 'code', text: lines.slice(index + 1, close).join('\n') });
      index = close;
      continue;
    }
    if (depth < MAX_NESTING && QUOTE.test(line)) {
      endParagraph();
      const quoted: string[] = [];
      for (; index < lines.length && QUOTE.test(lines[index]!); index++) quoted.push(QUOTE.exec(lines[index]!)![1]!);
      index--;
      blocks.push({ kind: 'quote', blocks: parseBlocks(quoted, known, depth + 1) });
      continue;
    }
    paragraph.push(line);
  }
  endParagraph();
  return blocks;
}

/** The index of the line that closes a code block opened with `fence`, or the end of the lines. */
function closingFence(lines: readonly string[], from: number, fence: string): number {
  const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
  for (let index = from; index < lines.length; index++) if (closing.test(lines[index]!)) return index;
  return lines.length;
}

const MARKS = [
  { mark: '**', kind: 'strong' },
  { mark: '__', kind: 'strong' },
  { mark: '~~', kind: 'strike' },
  { mark: '*', kind: 'em' },
  { mark: '_', kind: 'em' },
] as const;

const WORD = /[\p{L}\p{M}\p{N}]/u;
const SPACE = /\s/u;
const TRAILING_MARKS = /[*_~.-]+$/u;
const MENTION_AT = /@(?:\{[^{}\n]{1,64}\}|[\p{L}\p{M}\p{N}_.-]+)/uy;

/** Text whose marks are read; code spans, links and mentions are read whole, so marks inside them stay. */
function parseInline(text: string, known: Mentions, depth: number): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push(...decorate(plain, known));
    plain = '';
  };
  let index = 0;
  outer: while (index < text.length) {
    const code = codeSpanAt(text, index);
    if (code) {
      flush();
      out.push({ kind: 'code', text: code.text });
      index = code.end;
      continue;
    }
    const whole = atomLengthAt(text, index);
    if (whole > 0) {
      plain += text.slice(index, index + whole);
      index += whole;
      continue;
    }
    if (depth < MAX_NESTING) {
      for (const { mark, kind } of MARKS) {
        if (!text.startsWith(mark, index) || !canOpen(text, index, mark)) continue;
        const close = closingMark(text, index + mark.length, mark);
        if (close < 0) continue;
        flush();
        out.push({ kind, children: parseInline(text.slice(index + mark.length, close), known, depth + 1) });
        index = close + mark.length;
        continue outer;
      }
    }
    plain += text[index];
    index++;
  }
  flush();
  return out;
}

/** A run of backticks, the code, and a run as long, on one line. */
function codeSpanAt(text: string, index: number): { text: string; end: number } | null {
  if (text[index] !== '`') return null;
  let run = 0;
  while (text[index + run] === '`') run++;
  for (let at = index + run; at < text.length && text[at] !== '\n';) {
    if (text[at] !== '`') {
      at++;
      continue;
    }
    let closing = 0;
    while (text[at + closing] === '`') closing++;
    if (closing === run) {
      const code = text.slice(index + run, at);
      return code.trim() ? { text: code, end: at + run } : null;
    }
    at += closing;
  }
  return null;
}

/**
 * The length of a link or a mention that starts here, which marks do not cut;
 * marks at its end close what opened before it ("**www.example.com**").
 */
function atomLengthAt(text: string, index: number): number {
  let atom = '';
  if (text[index] === '@') {
    MENTION_AT.lastIndex = index;
    atom = MENTION_AT.exec(text)?.[0] ?? '';
  } else if (/[hw]/i.test(text[index]!)) atom = text.slice(index, index + linkLengthAt(text, index));
  return atom.replace(TRAILING_MARKS, '').length;
}

/** A mark opens before a non-space; "_" and "__" also only at the start of a word, so that snake_case stays. */
function canOpen(text: string, index: number, mark: string): boolean {
  const next = text[index + mark.length];
  if (next === undefined || SPACE.test(next) || next === mark[0]) return false;
  return mark[0] !== '_' || index === 0 || !WORD.test(text[index - 1]!);
}

function canClose(text: string, index: number, mark: string): boolean {
  if (SPACE.test(text[index - 1]!) || text[index - 1] === mark[0]) return false;
  const after = text[index + mark.length];
  if (after === mark[0]) return false;
  return mark[0] !== '_' || after === undefined || !WORD.test(after);
}

/** Where the mark that closes one opened just before `from` is, on the same line; -1 if none. */
function closingMark(text: string, from: number, mark: string): number {
  for (let index = from; index < text.length && text[index] !== '\n';) {
    const code = codeSpanAt(text, index);
    if (code) {
      index = code.end;
      continue;
    }
    const whole = atomLengthAt(text, index);
    if (whole > 0) {
      index += whole;
      continue;
    }
    if (index > from && text.startsWith(mark, index) && canClose(text, index, mark)) return index;
    // "*a **b** c*": a double mark inside a single one is skipped whole.
    if (mark.length === 1 && text.startsWith(mark + mark, index)) {
      const inner = canOpen(text, index, mark + mark) ? closingMark(text, index + 2, mark + mark) : -1;
      index = inner < 0 ? index + 2 : inner + 2;
      continue;
    }
    index++;
  }
  return -1;
}

/** Plain text with its links and mentions. */
function decorate(text: string, known: Mentions): Inline[] {
  return splitKnownMentions(text, known).flatMap((part): Inline[] =>
    part.kind === 'mention' ? [part] : splitLinks(part.text).map((segment) => segment),
  );
}
