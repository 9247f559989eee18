import { describe, expect, it } from 'vitest';
import { splitLinks, visibleUrl } from './links.js';

describe('splitLinks', () => {
  it('should leave text without links as one text segment, markup included', () => {
    expect(splitLinks('<script>alert(1)</script> & <b>hi</b>')).toEqual([{ kind: 'text', text: '<script>alert(1)</script> & <b>hi</b>' }]);
  });

  it('should find http, https and www links in text', () => {
    expect(splitLinks('see https://example.com/x?y=1 and www.example.org now')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/x?y=1', href: 'https://example.com/x?y=1' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'www.example.org', href: 'https://www.example.org/' },
      { kind: 'text', text: ' now' },
    ]);
  });

  it('should leave the sentence punctuation and an unmatched bracket out of a link', () => {
    expect(splitLinks('(read http://example.com/a.)')).toEqual([
      { kind: 'text', text: '(read ' },
      { kind: 'link', text: 'http://example.com/a', href: 'http://example.com/a' },
      { kind: 'text', text: '.)' },
    ]);
    expect(splitLinks('https://en.wikipedia.org/wiki/Flask_(disambiguation)')[0]).toMatchObject({
      kind: 'link',
      href: 'https://en.wikipedia.org/wiki/Flask_(disambiguation)',
    });
  });

  it('should never make a link of a javascript: or data: URL', () => {
    const segments = splitLinks('javascript:alert(1) data:text/html,<x>');
    expect(segments.every((s) => s.kind === 'text')).toBe(true);
  });

  it('should keep line breaks in the text around links', () => {
    expect(splitLinks('a\nhttps://x.io\nb').map((s) => s.text)).toEqual(['a\n', 'https://x.io', '\nb']);
  });

  it('should show a link with bidi controls or invisible characters as it really is', () => {
    const [, link] = splitLinks('get https://example.com/\u202Egpj.exe now');
    expect(link).toEqual({
      kind: 'link',
      text: 'https://example.com/⟨U+202E⟩gpj.exe',
      href: 'https://example.com/%E2%80%AEgpj.exe',
    });
    expect(visibleUrl('https://exa\u200Bmple.com/\u2066x')).toBe('https://exa⟨U+200B⟩mple.com/⟨U+2066⟩x');
    expect(visibleUrl('https://example.com/plain')).toBe('https://example.com/plain');
  });
});
