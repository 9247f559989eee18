import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import {
  charLength,
  clampLast,
  nameKey,
  normalizeBody,
  normalizeChannelName,
  normalizeClientId,
  normalizeUserName,
  parseAfter,
  parseId,
} from './text-rules.js';

function expectBadInput(run: () => unknown, field: string) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('BAD_USER_INPUT');
    expect((error as DomainError).details).toEqual({ field });
    return;
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('charLength', () => {
  it('should count code points, not UTF-16 units', () => {
    expect(charLength('abc')).toBe(3);
    expect(charLength('😀😀')).toBe(2);
    expect(charLength('𝄞')).toBe(1);
  });
});

describe('normalizeUserName', () => {
  it('should trim and fold runs of spaces', () => {
    expect(normalizeUserName('  Ada    Lovelace ')).toBe('Ada Lovelace');
  });

  it('should compose to NFC', () => {
    expect(normalizeUserName('E\u0301mile')).toBe('Émile');
  });

  it('should accept letters of any script, digits, _ - and .', () => {
    for (const name of ['ada', 'José_María-2.0', '李小龍', 'ж'.repeat(32), 'a']) expect(normalizeUserName(name)).toBe(name);
  });

  it('should refuse empty, over-long and ill-formed names', () => {
    for (const name of ['', '   ', 'n'.repeat(33), 'ada!', 'ada\u0000', 'ad\ta', 'a\nb', 'ada🎉', 'a\u202Eb', 'a\u200Db', '@ada'])
      expectBadInput(() => normalizeUserName(name), 'name');
  });

  it('should refuse what is not a string', () => {
    for (const value of [undefined, null, 42, {}]) expectBadInput(() => normalizeUserName(value), 'name');
  });
});

describe('nameKey', () => {
  it('should fold case, Unicode included', () => {
    expect(nameKey('ÉMILE')).toBe(nameKey('émile'));
    expect(nameKey(normalizeUserName('E\u0301MILE'))).toBe(nameKey('émile'));
    expect(nameKey('STRASSE')).toBe(nameKey('straße'));
    expect(nameKey('ΣΊΣΥΦΟΣ')).toBe(nameKey('σίσυφος'));
  });

  it('should keep different names apart', () => {
    expect(nameKey('emile')).not.toBe(nameKey('émile'));
    expect(nameKey('ada')).not.toBe(nameKey('ada2'));
  });
});

describe('normalizeChannelName', () => {
  it('should trim and fold whitespace runs', () => {
    expect(normalizeChannelName('  design   reviews ')).toBe('design reviews');
  });

  it('should accept 1 to 50 characters, punctuation and emoji included', () => {
    for (const name of ['x', 'n'.repeat(50), '🎉'.repeat(50), 'q&a #1']) expect(normalizeChannelName(name)).toBe(name);
  });

  it('should refuse empty, over-long and control-character names', () => {
    for (const name of [
      '',
      '  ',
      'n'.repeat(51),
      '🎉'.repeat(51),
      'a\u0007',
      'a\tb',
      'a\nb',
      'a\n\nb',
      'a\t\tb',
      'a \r\n b',
      'a\u202Eb',
      5,
    ])
      expectBadInput(() => normalizeChannelName(name), 'name');
  });
});

describe('normalizeBody', () => {
  it('should trim the ends and keep inner line breaks and tabs', () => {
    expect(normalizeBody('  \n a\n\n\tb  \n')).toBe('a\n\n\tb');
  });

  it('should turn CRLF and CR into LF', () => {
    expect(normalizeBody('a\r\nb\rc')).toBe('a\nb\nc');
  });

  it('should accept 4,000 characters counted by code points', () => {
    expect(normalizeBody('a'.repeat(4000))).toHaveLength(4000);
    expect(charLength(normalizeBody('😀'.repeat(4000)))).toBe(4000);
    expect(normalizeBody(` ${'a'.repeat(4000)} `)).toHaveLength(4000);
  });

  it('should refuse empty, over-long and control-character bodies', () => {
    for (const body of [
      '',
      ' \n\t ',
      'a'.repeat(4001),
      '😀'.repeat(4001),
      'a\u0000',
      'a\u0007',
      'a\u001b',
      'a\u007f',
      'a\u0085',
      'a\uFFFF',
      null,
      1,
    ])
      expectBadInput(() => normalizeBody(body), 'body');
  });

  it('should keep any other Unicode', () => {
    const body = 'Grüße 👩🏽‍💻 عربى \u200Frtl';
    expect(normalizeBody(body)).toBe(body);
  });
});

describe('normalizeClientId', () => {
  it('should be optional', () => {
    expect(normalizeClientId(undefined)).toBeNull();
    expect(normalizeClientId(null)).toBeNull();
  });

  it('should accept 1 to 64 printable characters without spaces', () => {
    expect(normalizeClientId('c-1')).toBe('c-1');
    expect(normalizeClientId('x'.repeat(64))).toBe('x'.repeat(64));
  });

  it('should refuse empty, over-long, spaced or control-character ids', () => {
    for (const id of ['', 'x'.repeat(65), 'a b', 'a\u0001', 42]) expectBadInput(() => normalizeClientId(id), 'clientId');
  });
});

describe('parseId', () => {
  it('should accept positive decimal integers, as strings or numbers', () => {
    expect(parseId('1', 'id')).toBe('1');
    expect(parseId(42, 'id')).toBe('42');
    expect(parseId('9007199254740991', 'id')).toBe('9007199254740991');
  });

  it('should refuse anything else, naming the field', () => {
    for (const id of ['0', '-1', '01', '1.5', '1e3', ' 1', 'abc', '', '9007199254740993', '99999999999999999', null, {}, 1.5])
      expectBadInput(() => parseId(id, 'channelId'), 'channelId');
  });
});

describe('parseAfter', () => {
  it('should be optional and accept 0 as "from the start"', () => {
    expect(parseAfter(undefined)).toBeNull();
    expect(parseAfter(null)).toBeNull();
    expect(parseAfter('0')).toBe('0');
    expect(parseAfter(0)).toBe('0');
    expect(parseAfter('17')).toBe('17');
  });

  it('should refuse a malformed id', () => {
    for (const after of ['x', '-1', '1.5']) expectBadInput(() => parseAfter(after), 'after');
  });
});

describe('clampLast', () => {
  it('should default to the maximum and never exceed it', () => {
    expect(clampLast(undefined, 100)).toBe(100);
    expect(clampLast(null, 100)).toBe(100);
    expect(clampLast(1000, 100)).toBe(100);
    expect(clampLast(3, 100)).toBe(3);
    expect(clampLast(0, 100)).toBe(0);
  });

  it('should refuse negative or fractional counts', () => {
    for (const last of [-1, 1.5, '3', NaN]) expectBadInput(() => clampLast(last, 100), 'last');
  });
});
