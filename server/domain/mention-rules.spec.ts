import { describe, expect, it } from 'vitest';
import { MAX_MENTIONS_PER_MESSAGE, parseMentions } from './mention-rules.js';

describe('parseMentions', () => {
  it('should find @names with the characters of user names, in order', () => {
    expect(parseMentions('@ada and @bob_1 and @j.doe-x look')).toEqual(['ada', 'bob_1', 'j.doe-x']);
  });

  it('should leave trailing punctuation out of the name', () => {
    expect(parseMentions('thanks @ada. And @bob, @carol! (@dave) @eve-')).toEqual(['ada', 'bob', 'carol', 'dave', 'eve']);
  });

  it('should read a braced name with spaces, its spaces folded', () => {
    expect(parseMentions('hi @{Ada  Lovelace} and @{ Bob }')).toEqual(['Ada Lovelace', 'Bob']);
  });

  it('should find names in any script', () => {
    expect(parseMentions('@Zoë @Ясна @李')).toEqual(['Zoë', 'Ясна', '李']);
  });

  it('should mention each name once, the first spelling kept', () => {
    expect(parseMentions('@Ada @ada @ADA @bob @Ada')).toEqual(['Ada', 'bob']);
  });

  it('should not read an address or a word with @ inside it as a mention', () => {
    expect(parseMentions('mail ada@example.org or @@bob or a@b')).toEqual([]);
  });

  it('should ignore a lone @, an empty brace and names longer than a user name can be', () => {
    expect(parseMentions(`@ @{} @{   } @${'x'.repeat(33)} @{${'y'.repeat(40)}}`)).toEqual([]);
  });

  it('should stop at the cap', () => {
    const body = Array.from({ length: 30 }, (_, n) => `@user${n}`).join(' ');
    expect(parseMentions(body)).toHaveLength(MAX_MENTIONS_PER_MESSAGE);
    expect(parseMentions(body, 3)).toEqual(['user0', 'user1', 'user2']);
  });
});
