import type { Nodes, PhrasingContent, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { splitLinks } from './links.js';
import { messageSyntax, quotePrefixes } from './markup-syntax.js';
import { splitKnownMentions, splitMentions } from './mentions.js';
import type { MessageUser } from './timeline.js';

/**
 * The small Markdown subset a message may use, read into a tree of plain
 * values that the view renders as elements and text nodes: nothing is ever
 * turned into HTML, so `<script>` or `[x](javascript:…)` stay the text they
 * are. The parser is CommonMark's (micromark), told to know only:
 *
 * - code blocks fenced with ``` or ~~~ (to the end of the message if unclosed);
 * - lines starting with ">" as a quote, which may hold the rest;
 * - `code`, **bold**, *italic* or _italic_, ~~struck~~;
 * - http(s) links and the mentions the server resolved, as before.
 *
 * All other text is shown from the body as typed, marks, headings, lists,
 * `&amp;` and backslashes included: what the parser read is used only to
 * know where the parts above are.
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

const MARKS = { strong: 'strong', emphasis: 'em', delete: 'strike' } as const;

/** A message body as blocks, with the mentions the server resolved for it. */
export function parseMessage(body: string, mentions: readonly MessageUser[] = []): Block[] {
  const known = new Map(
    splitMentions(body, mentions).flatMap((part) => (part.kind === 'mention' ? [[part.text, part.user] as const] : [])),
  );
  const prefixes = new Map<number, number[]>();
  const tree = fromMarkdown(body, {
    extensions: messageSyntax(body),
    mdastExtensions: [gfmStrikethroughFromMarkdown(), quotePrefixes(prefixes)],
  });
  return new MessageReader(body, known, prefixes).blocks(tree.children, 0);
}

const startOf = (node: Nodes) => node.position!.start.offset!;
const endOf = (node: Nodes) => node.position!.end.offset!;

class MessageReader {
  /** The offset each line starts at, the first line's at index 0. */
  private readonly lineStarts = [0];

  constructor(
    private readonly body: string,
    private readonly known: ReadonlyMap<string, MessageUser>,
    private readonly prefixes: ReadonlyMap<number, readonly number[]>,
  ) {
    // Line endings as the parser counts them.
    for (const ending of body.matchAll(/\r\n|\r|\n/g)) this.lineStarts.push(ending.index + ending[0].length);
  }

  /** Blocks at a quote depth; what stands between code blocks and quotes is one paragraph, blank lines included. */
  blocks(nodes: readonly RootContent[], depth: number): Block[] {
    const blocks: Block[] = [];
    let run: RootContent[] = [];
    const endRun = () => {
      if (run.length) blocks.push({ kind: 'paragraph', inline: this.paragraph(run, depth) });
      run = [];
    };
    for (const node of nodes) {
      if (node.type === 'code') {
        endRun();
        blocks.push({ kind: 'code', text: node.value });
      } else if (node.type === 'blockquote' && depth < MAX_NESTING) {
        endRun();
        blocks.push({ kind: 'quote', blocks: this.blocks(node.children, depth + 1) });
      } else run.push(node);
    }
    endRun();
    return blocks;
  }

  /** Paragraphs, and quotes too deep, as one run of text from the first one's indent to the end of the last one. */
  private paragraph(run: readonly RootContent[], depth: number): Inline[] {
    const phrasing = run.flatMap((node) => (node.type === 'paragraph' ? node.children : []));
    return this.inline(phrasing, this.indentStart(startOf(run[0]!), depth), endOf(run.at(-1)!), depth, 0);
  }

  /**
   * The text from `from` to `to`, with the code spans and marks among
   * `nodes` read: everything else, in and between them, is the body's text.
   */
  private inline(nodes: readonly PhrasingContent[], from: number, to: number, depth: number, marks: number): Inline[] {
    const inline: Inline[] = [];
    let cursor = from;
    const text = (until: number) => {
      if (until > cursor) inline.push(...this.decorate(this.source(cursor, until, depth)));
    };
    for (const node of nodes) {
      if (node.type === 'inlineCode') {
        text(startOf(node));
        inline.push({ kind: 'code', text: node.value });
      } else if (node.type in MARKS && marks < MAX_NESTING && 'children' in node && node.children.length > 0) {
        const children = node.children as PhrasingContent[];
        text(startOf(node));
        inline.push({
          kind: MARKS[node.type as keyof typeof MARKS],
          children: this.inline(children, startOf(children[0]!), endOf(children.at(-1)!), depth, marks + 1),
        });
      } else continue;
      cursor = endOf(node);
    }
    text(to);
    return inline;
  }

  /** The body from `from` to `to`, less the ">" marks of the quotes `depth` deep that begin its later lines. */
  private source(from: number, to: number, depth: number): string {
    let text = '';
    let at = from;
    for (let line = this.lineOf(from); ; line++) {
      const next = this.lineStarts[line];
      if (next === undefined || next >= to) return text + this.body.slice(at, to);
      text += this.body.slice(at, next);
      at = Math.min(to, Math.max(next, this.contentStart(line + 1, depth)));
    }
  }

  /** Where a line's text starts inside `depth` quotes: after their ">" marks, or at the line's start. */
  private contentStart(line: number, depth: number): number {
    const ends = this.prefixes.get(line);
    return depth > 0 && ends?.length ? ends[Math.min(depth, ends.length) - 1]! : this.lineStarts[line - 1]!;
  }

  /** The parser leaves a paragraph's indent out: the message keeps it. */
  private indentStart(offset: number, depth: number): number {
    const lineStart = this.contentStart(this.lineOf(offset), depth);
    while (offset > lineStart && (this.body[offset - 1] === ' ' || this.body[offset - 1] === '\t')) offset--;
    return offset;
  }

  /** The 1-based line number of an offset. */
  private lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }

  /** Plain text with its links and mentions. */
  private decorate(text: string): Inline[] {
    return splitKnownMentions(text, this.known).flatMap((part): Inline[] => (part.kind === 'mention' ? [part] : splitLinks(part.text)));
  }
}
