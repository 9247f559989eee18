import { describe, expect, it } from 'vitest';
import { insertMention, mentionCandidates, mentionQueryAt, mentionText, splitMentions, suggestMentions } from './mentions.js';

const ada = { id: '1', name: 'Ada' };
const lovelace = { id: '3', name: 'Ada Lovelace' };

describe('splitMentions', () => {
  it('should make chips of resolved mentions only, in either spelling, and leave the rest as text', () => {
    expect(splitMentions('hi @ada and @{Ada Lovelace}, not @nobody', [ada, lovelace])).toEqual([
      { kind: 'text', text: 'hi ' },
      { kind: 'mention', text: '@ada', user: ada },
      { kind: 'text', text: ' and ' },
      { kind: 'mention', text: '@{Ada Lovelace}', user: lovelace },
      { kind: 'text', text: ', not @nobody' },
    ]);
  });

  it('should leave a sentence-ending dot out of the name, and ignore an e-mail address', () => {
    expect(splitMentions('thanks @Ada.', [ada])).toEqual([
      { kind: 'text', text: 'thanks ' },
      { kind: 'mention', text: '@Ada', user: ada },
      { kind: 'text', text: '.' },
    ]);
    expect(splitMentions('mail bob@Ada', [ada])).toEqual([{ kind: 'text', text: 'mail bob@Ada' }]);
  });

  it('should pair a look-alike spelling the server resolved with the user left over, and not guess when unsure', () => {
    // "аda" with a Cyrillic а: the server resolved it to Ada; "@nobody" resolved to no one.
    expect(splitMentions('hi @\u0430da', [ada]).map((s) => s.kind)).toEqual(['text', 'mention']);
    expect(splitMentions('@nobody and @\u0430da', [ada]).map((s) => s.kind)).toEqual(['text']);
    expect(splitMentions('@Ada @\u0430da Lovelace', [ada])).toEqual([
      { kind: 'mention', text: '@Ada', user: ada },
      { kind: 'text', text: ' @\u0430da Lovelace' },
    ]);
  });

  it('should keep markup as text: the chip holds only the name as written', () => {
    expect(splitMentions('<b>@Ada</b>', [ada]).map((s) => s.text)).toEqual(['<b>', '@Ada', '</b>']);
  });
});

describe('mentionText', () => {
  it('should wrap a name with spaces in braces', () => {
    expect(mentionText('Ada')).toBe('@Ada');
    expect(mentionText('Ada Lovelace')).toBe('@{Ada Lovelace}');
  });
});

describe('mentionQueryAt', () => {
  it('should find the "@…" typed before the caret, plain or braced', () => {
    expect(mentionQueryAt('hello @Ad', 9)).toEqual({ start: 6, query: 'Ad' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('to @{Ada Lo', 11)).toEqual({ start: 3, query: 'Ada Lo' });
  });

  it('should find none after a space, or in the middle of a word such as an e-mail address', () => {
    expect(mentionQueryAt('hello @Ada ', 11)).toBeNull();
    expect(mentionQueryAt('bob@exa', 7)).toBeNull();
  });
});

describe('suggestMentions', () => {
  it('should offer names starting with the query first, online people before offline ones', () => {
    const people = [
      { id: '5', name: 'Zada', online: true },
      { id: '4', name: 'Adam', online: false },
      { ...lovelace, online: true },
      { ...ada, online: true },
      { id: '6', name: 'Bob', online: true },
    ];
    expect(suggestMentions('ad', people).map((p) => p.name)).toEqual(['Ada', 'Ada Lovelace', 'Adam', 'Zada']);
    expect(suggestMentions('', people, 2).map((p) => p.name)).toEqual(['Ada', 'Ada Lovelace']);
  });
});

describe('insertMention', () => {
  it('should replace what was typed by the mention and a space, and put the caret after it', () => {
    const text = 'hi @lov and more';
    expect(insertMention(text, { start: 3, query: 'lov' }, 7, 'Ada Lovelace')).toEqual({
      text: 'hi @{Ada Lovelace}  and more',
      caret: 19,
    });
  });
});

describe('mentionCandidates', () => {
  it('should offer the people listed and the authors shown, once each, not oneself', () => {
    const people = [{ id: '2', name: 'Bob', online: true }];
    const messages = [
      { authorId: '1', authorName: 'Ada' },
      { authorId: '2', authorName: 'Bob' },
      { authorId: '3', authorName: 'Cy' },
    ];
    expect(mentionCandidates(people, messages, '1')).toEqual([
      { id: '2', name: 'Bob', online: true },
      { id: '3', name: 'Cy', online: false },
    ]);
  });
});
