import { describe, expect, it } from 'vitest';
import { MAX_NESTING, parseMessage, type Block } from './markup.js';

const ada = { id: '1', name: 'Ada' };
const text = (value: string) => ({ kind: 'text', text: value }) as const;
const paragraph = (...inline: unknown[]) => ({ kind: 'paragraph', inline }) as Block;

/** The text a block shows, as a reader would copy it. */
const shown = (blocks: readonly Block[]): string =>
  blocks
    .map((block) => (block.kind === 'quote' ? shown(block.blocks) : block.kind === 'code' ? block.text : inlineText(block.inline)))
    .join('\n');
const inlineText = (inline: readonly unknown[]): string =>
  inline
    .map((node) =>
      (node as { children?: unknown[] }).children
        ? inlineText((node as { children: unknown[] }).children)
        : (node as { text: string }).text,
    )
    .join('');

describe('parseMessage', () => {
  it('should keep plain text as one paragraph, its spaces, tabs and line breaks included', () => {
    expect(parseMessage('hello  there\n\tindented\n\nafter a blank line')).toEqual([
      paragraph(text('hello  there\n\tindented\n\nafter a blank line')),
    ]);
  });

  it('should keep markup and script as text', () => {
    const body = '<script>alert(1)</script> <img src=x onerror=alert(1)> &amp; <b>hi</b>';
    expect(parseMessage(body)).toEqual([paragraph(text(body))]);
  });

  it('should never make a link of javascript: or data: addresses, in Markdown link syntax or bare', () => {
    for (const body of [
      '[click](javascript:alert(1))',
      'javascript:alert(1)',
      '[x](data:text/html,<script>alert(1)</script>)',
      '<javascript:alert(1)>',
    ])
      expect(parseMessage(body)).toEqual([paragraph(text(body))]);
  });

  it('should read inline code and keep marks, links and markup inside it as they are', () => {
    expect(parseMessage('run `npm i **x** <b>` and `https://a.org/_x_`')).toEqual([
      paragraph(text('run '), { kind: 'code', text: 'npm i **x** <b>' }, text(' and '), { kind: 'code', text: 'https://a.org/_x_' }),
    ]);
    expect(parseMessage('``a `tick` inside``')).toEqual([paragraph({ kind: 'code', text: 'a `tick` inside' })]);
    expect(parseMessage('an `unclosed one')).toEqual([paragraph(text('an `unclosed one'))]);
  });

  it('should read a fenced code block with its whitespace, and the text around it', () => {
    expect(parseMessage('look:\n```ts\nconst a = 1;\n    indented  \n\n**not bold**\n```\ndone')).toEqual([
      paragraph(text('look:')),
      { kind: 'code', text: 'const a = 1;\n    indented  \n\n**not bold**' },
      paragraph(text('done')),
    ]);
    expect(parseMessage('~~~\n<script>x</script>\n~~~')).toEqual([{ kind: 'code', text: '<script>x</script>' }]);
  });

  it('should run an unclosed code block to the end, and close one only with a fence as long', () => {
    expect(parseMessage('````\na\n```\nb')).toEqual([{ kind: 'code', text: 'a\n```\nb' }]);
  });

  it('should read bold, italic and strikethrough, nested too', () => {
    expect(parseMessage('**bold** *it* _also_ ~~gone~~ __strong__')).toEqual([
      paragraph(
        { kind: 'strong', children: [text('bold')] },
        text(' '),
        { kind: 'em', children: [text('it')] },
        text(' '),
        { kind: 'em', children: [text('also')] },
        text(' '),
        { kind: 'strike', children: [text('gone')] },
        text(' '),
        { kind: 'strong', children: [text('strong')] },
      ),
    ]);
    expect(parseMessage('**bold _and it_ `code`**')).toEqual([
      paragraph({
        kind: 'strong',
        children: [text('bold '), { kind: 'em', children: [text('and it')] }, text(' '), { kind: 'code', text: 'code' }],
      }),
    ]);
    expect(parseMessage('*a **b** c*')).toEqual([
      paragraph({ kind: 'em', children: [text('a '), { kind: 'strong', children: [text('b')] }, text(' c')] }),
    ]);
  });

  it('should leave marks that do not open or close as text', () => {
    for (const body of ['2 * 3 * 4', 'snake_case_name and __init__file', '** not bold **', '*unclosed', '~~ spaced ~~', '***', 'a*\nb*'])
      expect(shown(parseMessage(body))).toBe(body);
    expect(parseMessage('snake_case_name')).toEqual([paragraph(text('snake_case_name'))]);
  });

  it('should read quotes, with what they hold, and the text after them', () => {
    expect(parseMessage('> quoted **line**\n>second\n> ```\n> code\n> ```\nmy answer')).toEqual([
      {
        kind: 'quote',
        blocks: [
          paragraph(text('quoted '), { kind: 'strong', children: [text('line')] }, text('\nsecond')),
          { kind: 'code', text: 'code' },
        ],
      },
      paragraph(text('my answer')),
    ]);
    expect(parseMessage('> > nested')).toEqual([{ kind: 'quote', blocks: [{ kind: 'quote', blocks: [paragraph(text('nested'))] }] }]);
  });

  it('should stop nesting quotes and marks at a depth, keeping the rest as text', () => {
    let blocks: readonly Block[] = parseMessage('> '.repeat(MAX_NESTING + 3) + 'deep');
    for (let depth = 0; depth < MAX_NESTING; depth++) {
      expect(blocks[0]!.kind).toBe('quote');
      blocks = (blocks[0] as Extract<Block, { kind: 'quote' }>).blocks;
    }
    expect(blocks).toEqual([paragraph(text('> > > deep'))]);
    expect(shown(parseMessage('*_~~**__x__**~~_*'))).toBe('__x__');
  });

  it('should keep links as today, marks inside an address being part of it', () => {
    expect(parseMessage('see https://example.org/a_b_c and **www.example.com**')).toEqual([
      paragraph(text('see '), { kind: 'link', text: 'https://example.org/a_b_c', href: 'https://example.org/a_b_c' }, text(' and '), {
        kind: 'strong',
        children: [{ kind: 'link', text: 'www.example.com', href: 'https://www.example.com/' }],
      }),
    ]);
  });

  it('should keep the mentions the server resolved, in marks too, but not in code', () => {
    expect(parseMessage('**@Ada** look, `@Ada` *@ada*', [ada])).toEqual([
      paragraph(
        { kind: 'strong', children: [{ kind: 'mention', text: '@Ada', user: ada }] },
        text(' look, '),
        { kind: 'code', text: '@Ada' },
        text(' '),
        { kind: 'em', children: [{ kind: 'mention', text: '@ada', user: ada }] },
      ),
    ]);
    expect(parseMessage('@snake_case_ and @nobody', [ada])).toEqual([paragraph(text('@snake_case_ and @nobody'))]);
  });

  it('should keep what the subset does not know exactly as typed', () => {
    for (const body of [
      '# Heading\nSetext heading\n===\n---\n***',
      '- item\n* item\n+ item\n1. first\n2) second',
      '| a | b |\n|---|---|\n| 1 | 2 |',
      '![image](x.png) [text](/a) [reference] [reference][x]\n\n[reference]: /b "title"',
      '<div>\nraw <em>html</em>\n</div>\n<!-- comment -->',
      '&amp; &#65; &copy; a hard  \nbreak and another\\\nbreak',
      '    four spaces in\n\tand a tab',
      '\\*escaped\\* \\_marks\\_',
    ])
      expect(parseMessage(body)).toEqual([paragraph(text(body))]);
    expect(parseMessage('[site](https://example.org)')).toEqual([
      paragraph(text('[site]('), { kind: 'link', text: 'https://example.org', href: 'https://example.org/' }, text(')')),
    ]);
    expect(parseMessage('> # not a heading\n> - nor a list')).toEqual([
      { kind: 'quote', blocks: [paragraph(text('# not a heading\n- nor a list'))] },
    ]);
  });

  it('should end a quote at the first line without ">", which answers it', () => {
    expect(parseMessage('> question\nanswer')).toEqual([
      { kind: 'quote', blocks: [paragraph(text('question'))] },
      paragraph(text('answer')),
    ]);
    expect(parseMessage('> > inner\n> outer')).toEqual([
      { kind: 'quote', blocks: [{ kind: 'quote', blocks: [paragraph(text('inner'))] }, paragraph(text('outer'))] },
    ]);
  });

  it('should keep a quote too deep as typed on each of its lines', () => {
    const deep = '> '.repeat(MAX_NESTING);
    let blocks: readonly Block[] = parseMessage(`${deep}> **one**\n${deep}> two`);
    for (let depth = 0; depth < MAX_NESTING; depth++) blocks = (blocks[0] as Extract<Block, { kind: 'quote' }>).blocks;
    expect(blocks).toEqual([paragraph(text('> **one**\n> two'))]);
  });

  it('should keep marks inside links and mentions part of them', () => {
    expect(parseMessage('https://example.org/*a*_b_ ~~@snake_case_~~', [{ id: '2', name: 'snake_case' }])).toEqual([
      paragraph({ kind: 'link', text: 'https://example.org/*a*_b_', href: 'https://example.org/*a*_b_' }, text(' '), {
        kind: 'strike',
        children: [{ kind: 'mention', text: '@snake_case', user: { id: '2', name: 'snake_case' } }, text('_')],
      }),
    ]);
  });

  it('should read a long message of many marks that do not close without stalling', () => {
    const body = '*a **b _c __d '.repeat(300);
    expect(shown(parseMessage(body))).toBe(body);
  });

  it('should read a long message of marks in one pass', () => {
    const body = '*a '.repeat(1300);
    expect(shown(parseMessage(body))).toBe(body.replace(/^\n+|\n+$/g, ''));
  });
});
