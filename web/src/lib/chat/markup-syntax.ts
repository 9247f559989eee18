import type { Extension as TreeExtension } from 'mdast-util-from-markdown';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';
import { linkLengthAt } from './links.js';

/**
 * How the Markdown parser is told about the message subset (see markup.ts):
 * which constructs it does not read at all, and the few ways a message reads
 * differently from CommonMark.
 */

// Constructs a message does not have: the parser leaves their text to the paragraph it is in, as typed.
const OUTSIDE_THE_SUBSET = [
  'headingAtx',
  'setextUnderline',
  'list',
  'thematicBreak',
  'codeIndented',
  'htmlFlow',
  'htmlText',
  'definition',
  'labelStartImage',
  'labelStartLink',
  'labelEnd',
  'autolink',
  'characterReference',
  'hardBreakEscape',
];

/** The parser's extensions for a message body. */
export function messageSyntax(body: string): Extension[] {
  return [
    { disable: { null: OUTSIDE_THE_SUBSET } },
    // "~x~" is no strikethrough: a single tilde is too common in chat ("~5 min").
    gfmStrikethrough({ singleTilde: false }),
    { flow: { null: [lazyLineEndsQuote] }, text: atomStarts(body) },
  ];
}

/**
 * CommonMark lets a line without ">" go on with the paragraph of the quote
 * above ("lazy" continuation); in a chat, the line after a quote is the
 * answer to it. This construct takes such a line as the start of a block,
 * which ends the quoted paragraph there, and the parser then sets the line
 * outside the quote as it does for the line after a quoted code block.
 */
const lazyLineEndsQuote: Construct = {
  name: 'lazyLineEndsQuote',
  tokenize(this: TokenizeContext, _effects: Effects, ok: State, nok: State): State {
    return (code: Code) => (this.interrupt && this.parser.lazy[this.now().line] ? ok(code) : nok(code));
  },
};

const MENTION_AT = /@(?:\{[^{}\n]{1,64}\}|[\p{L}\p{M}\p{N}_.-]+)/uy;
// "**www.example.com**": marks at the end of an address close what opened before it.
const TRAILING_MARKS = /[*_~.-]+$/u;

/**
 * Links and mentions are read whole, as text, so that marks inside them
 * ("https://example.org/*a*", "@snake_case_") stay part of them; links.ts
 * and mentions.ts then find them again in the text.
 */
function atomStarts(body: string): Extension['text'] {
  const atom: Construct = {
    name: 'messageAtom',
    tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
      const end = this.now().offset + atomLengthAt(body, this.now().offset);
      const inside = (code: Code): State | undefined => {
        if (this.now().offset >= end) {
          effects.exit('data');
          return ok(code);
        }
        effects.consume(code);
        return inside;
      };
      return (code: Code) => {
        if (this.now().offset >= end) return nok(code);
        effects.enter('data');
        return inside(code);
      };
    },
  };
  // "@", "H", "W", "h", "w": where a mention or a link may start.
  return { 64: atom, 72: atom, 87: atom, 104: atom, 119: atom };
}

function atomLengthAt(text: string, index: number): number {
  MENTION_AT.lastIndex = index;
  const atom = text[index] === '@' ? (MENTION_AT.exec(text)?.[0] ?? '') : text.slice(index, index + linkLengthAt(text, index));
  return atom.replace(TRAILING_MARKS, '').length;
}

/**
 * Where the ">" marks of each line end (with the space after one), as the
 * parser read them: line number to the end offsets, outermost quote first.
 * The text of a quoted paragraph is the body without them.
 */
export function quotePrefixes(ends: Map<number, number[]>): TreeExtension {
  return {
    enter: {
      blockQuotePrefix(token) {
        const line = ends.get(token.start.line) ?? [];
        line.push(token.end.offset);
        ends.set(token.start.line, line);
      },
    },
  };
}
