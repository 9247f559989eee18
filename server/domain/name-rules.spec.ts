import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { describeCodePoint, nameKey, nameSkeleton } from './name-rules.js';
import { normalizeChannelName, normalizeUserName } from './text-rules.js';

/** The message of the BAD_USER_INPUT on `name` that `run` throws. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('BAD_USER_INPUT');
    expect((error as DomainError).details).toEqual({ field: 'name' });
    return (error as DomainError).message;
  }
  throw new Error('expected BAD_USER_INPUT');
}

const refuseUser = (name: string) => refusal(() => normalizeUserName(name));
const refuseChannel = (name: string) => refusal(() => normalizeChannelName(name));

describe('names that hide characters', () => {
  it.each([
    ['a Hangul filler alone', '\u3164', 'U+3164 HANGUL FILLER'],
    ['a Hangul filler appended', 'ada\u3164', 'U+3164 HANGUL FILLER'],
    ['a Hangul choseong filler', '\u115Fada', 'U+115F HANGUL CHOSEONG FILLER'],
    ['a Hangul jungseong filler', 'ada\u1160', 'U+1160 HANGUL JUNGSEONG FILLER'],
    ['a halfwidth Hangul filler', 'ada\uFFA0', 'U+FFA0 HALFWIDTH HANGUL FILLER'],
    ['a braille blank', 'ada\u2800', 'U+2800 BRAILLE PATTERN BLANK'],
    ['a variation selector', 'ada\uFE0F', 'U+FE0F VARIATION SELECTOR-16'],
    ['a combining grapheme joiner', 'ada\u034F', 'U+034F COMBINING GRAPHEME JOINER'],
    ['a zero-width space', 'a\u200Bda', 'U+200B ZERO WIDTH SPACE'],
    ['a zero-width joiner', 'ad\u200Da', 'U+200D ZERO WIDTH JOINER'],
    ['a soft hyphen', 'ad\u00ADa', 'U+00AD SOFT HYPHEN'],
    ['a tag character', 'ada\u{E0041}', 'U+E0041 TAG LATIN CAPITAL LETTER A'],
  ])('should refuse a name with %s, naming it as invisible', (_what, name, named) => {
    const message = refuseUser(name);
    expect(message).toContain(named);
    expect(message).toMatch(/does not show/);
  });

  it.each([
    ['a right-to-left override', 'a\u202Eb', 'U+202E RIGHT-TO-LEFT OVERRIDE'],
    ['a right-to-left mark', 'ada\u200F', 'U+200F RIGHT-TO-LEFT MARK'],
    ['an Arabic letter mark', 'ada\u061C', 'U+061C ARABIC LETTER MARK'],
    ['a right-to-left isolate', 'ada\u2067', 'U+2067 RIGHT-TO-LEFT ISOLATE'],
  ])('should refuse a name with %s, saying that it turns the text', (_what, name, named) => {
    const message = refuseUser(name);
    expect(message).toContain(named);
    expect(message).toMatch(/direction/);
  });

  it.each([
    ['a no-break space', 'Ada\u00A0Lovelace', 'U+00A0 NO-BREAK SPACE'],
    ['an ideographic space', '李\u3000雷', 'U+3000 IDEOGRAPHIC SPACE'],
    ['an em space', 'Ada\u2003Lovelace', 'U+2003 EM SPACE'],
    ['a line separator', 'Ada\u2028Lovelace', 'U+2028 LINE SEPARATOR'],
  ])('should refuse a name with %s, asking for a plain space', (_what, name, named) => {
    const message = refuseUser(name);
    expect(message).toContain(named);
    expect(message).toMatch(/plain space/);
  });

  it('should refuse private-use, unassigned and half characters', () => {
    expect(refuseUser('ada\uE000')).toMatch(/U\+E000: it is a private-use character/);
    expect(refuseUser('ada\u{F0000}')).toMatch(/U\+F0000: it is a private-use character/);
    expect(refuseUser('ada\u0378')).toMatch(/U\+0378: Unicode has not assigned it/);
    expect(refuseUser('ada\uFFFE')).toMatch(/U\+FFFE: Unicode has not assigned it/);
    expect(refuseUser('ada\uD800')).toMatch(/U\+D800: it is half of a character/);
  });

  it('should refuse the same characters in channel names', () => {
    for (const name of [
      '\u3164',
      'general\u3164',
      'general\uFE0F',
      'gen\u034Feral',
      'gen\u200Beral',
      'a\u202Eb',
      'design\u00A0reviews',
      'x\uE000',
      'x\u0378',
    ])
      expect(refuseChannel(name)).toMatch(/^A channel name may not contain U\+[0-9A-F]{4,5}/);
  });

  it('should keep joiners and selectors inside emoji in channel names', () => {
    for (const name of ['❤️ fans', '👩🏽‍💻 devs', '1️⃣ first', '🏴󠁧󠁢󠁥󠁮󠁧󠁿 fans', '🏳️‍🌈']) expect(normalizeChannelName(name)).toBe(name);
  });
});

describe('names that stack combining marks', () => {
  it('should refuse more than 2 marks on one character, composed or not', () => {
    expect(refuseUser(`a${'\u0301'.repeat(21)}`)).toBe('A name may carry at most 2 combining marks on one character; "a" has 21.');
    expect(refuseUser('a\u0301\u0302\u0303')).toMatch(/"a" has 3/);
    expect(refuseUser('\u00E1\u0302\u0303')).toMatch(/"a" has 3/);
    expect(refuseChannel(`zalgo${'\u0336'.repeat(3)}`)).toMatch(/^A channel name may carry at most 2 combining marks/);
  });

  it('should accept 2 marks on one character', () => {
    expect(normalizeUserName('Nguy\u1EC5n')).toBe('Nguyễn');
    expect(normalizeUserName('a\u0301\u0302')).toBe('\u00E1\u0302');
    expect(normalizeUserName('ที่ดิน')).toBe('ที่ดิน');
  });

  it('should refuse a mark that begins a word', () => {
    expect(refuseUser('\u0301ada')).toMatch(/begin a word with a combining mark \(U\+0301 COMBINING ACUTE ACCENT\)/);
    expect(refuseUser('ada \u0308b')).toMatch(/combining mark/);
  });
});

describe('names that mix scripts', () => {
  it.each([
    ['Cyrillic а among Latin', '\u0430da', 'Cyrillic and Latin'],
    ['Latin among Cyrillic', 'Aдa', 'Latin and Cyrillic'],
    ['Greek Α among Latin', '\u0391da', 'Greek and Latin'],
    ['Latin o among Greek', 'Αλέξανδrος', 'Greek and Latin'],
    ['Greek and Cyrillic', 'Αδα Ада', 'Greek and Cyrillic'],
    ['Arabic and Hebrew', 'عائشة שרה', 'Arabic and Hebrew'],
    ['Latin, Arabic and Devanagari', 'adaعآदि', 'Latin, Arabic and Devanagari'],
  ])('should refuse %s', (_what, name, scripts) => {
    expect(refuseUser(name)).toBe(`A name may not mix ${scripts} letters.`);
  });

  it('should refuse the same mixes in channel names', () => {
    expect(refuseChannel('gen\u0435ral')).toBe('A channel name may not mix Latin and Cyrillic letters.');
    expect(refuseChannel('проект x')).toBe('A channel name may not mix Cyrillic and Latin letters.');
  });

  it('should accept the mixes of Latin that Moderately Restrictive allows', () => {
    for (const name of ['Ada李', 'Ada山田たろう', 'Ada김민준', 'ada 李 ㄅㄆ', 'Ada عائشة', 'Ada आदित्य', 'Ada ไทย'])
      expect(normalizeUserName(name)).toBe(name);
    expect(normalizeChannelName('日本語 chat #1')).toBe('日本語 chat #1');
  });

  it('should count digits, punctuation and inherited marks with any script', () => {
    for (const name of ['Ада_2', 'Ада-Мария.9', 'Αλέξανδρος 2', 'عائشة ٣']) expect(normalizeUserName(name)).toBe(name);
  });
});

describe('names without a letter or digit', () => {
  it('should refuse user names of punctuation only', () => {
    for (const name of ['_', '-.-', '_ _']) expect(refuseUser(name)).toBe('A name needs at least one letter or digit.');
  });

  it('should refuse channel names of punctuation only, and accept emoji', () => {
    for (const name of ['---', '#', '&!?'])
      expect(refuseChannel(name)).toBe('A channel name needs at least one letter or digit (or an emoji).');
    expect(normalizeChannelName('🎉🎉')).toBe('🎉🎉');
    expect(normalizeChannelName('# 1')).toBe('# 1');
  });
});

describe('real names', () => {
  it.each([
    'José',
    'Zoë',
    'Łukasz',
    'Ада',
    '李雷',
    'Ada Lovelace',
    'o_o-9.x',
    '山田たろう',
    '김민준',
    'عائشة',
    'आदित्य',
    'Αλέξανδρος',
    'Nguyễn Văn An',
    'Ṣàngó',
    'Þóra',
    'Σίσυφος',
    'ქეთევანი',
    'Արամ',
    'דוד',
    'শ্রেয়া',
    'தமிழ்செல்வி',
    'สมชาย',
    'ኣበበ',
  ])('should accept %s', (name) => {
    expect(normalizeUserName(name)).toBe(name);
  });

  it('should give "Zoë" precomposed and decomposed one name and one key', () => {
    expect(normalizeUserName('Zo\u00EB')).toBe(normalizeUserName('Zoe\u0308'));
    expect(nameKey(normalizeUserName('Zoe\u0308'))).toBe(nameKey('ZO\u00CB'));
  });
});

describe('nameSkeleton', () => {
  it.each([
    ['case and width', ['ada', 'ADA', 'Ada', 'ａｄａ', 'ＡＤＡ']],
    ['whole-script Cyrillic look-alikes', ['асе', 'ace', 'АСЕ']],
    ['mixed look-alikes', ['\u0430d\u0430', 'ada', '\u0430da']],
    ['Greek look-alikes', ['ορο', 'opo', 'ΟΡΟ', 'αρο'.replace('α', 'o')]],
    ['Cyrillic look-alikes in capitals', ['РОР', 'pop', 'POP']],
    ['m and rn', ['m', 'rn', 'M']],
    ['l, 1 and I', ['l', '1', 'ǀ']],
    ['precomposed and decomposed', ['Zo\u00EB', 'Zoe\u0308', 'ZOË']],
  ])('should give one skeleton to %s', (_what, names) => {
    const skeletons = new Set(names.map(nameSkeleton));
    expect([...skeletons], names.join(' ')).toHaveLength(1);
  });

  it('should keep genuinely different names apart', () => {
    for (const [a, b] of [
      ['ada', 'adb'],
      ['ada', 'ada2'],
      ['emile', 'émile'],
      ['Ада', 'Ida'],
      ['李雷', '李电'],
    ])
      expect(nameSkeleton(a), `${a} / ${b}`).not.toBe(nameSkeleton(b));
  });

  it('should be decomposed (NFD), as UTS #39 defines it', () => {
    const skeleton = nameSkeleton('Zoë');
    expect(skeleton).toBe(skeleton.normalize('NFD'));
  });
});

describe('describeCodePoint', () => {
  it('should give the code point and its Unicode name', () => {
    expect(describeCodePoint('\u3164')).toBe('U+3164 HANGUL FILLER');
    expect(describeCodePoint('\u{1F389}')).toBe('U+1F389 PARTY POPPER');
    expect(describeCodePoint('\t')).toBe('U+0009 CHARACTER TABULATION');
  });

  it('should give the code point alone where Unicode has no name', () => {
    expect(describeCodePoint('\uE000')).toBe('U+E000');
    expect(describeCodePoint('\u0378')).toBe('U+0378');
  });
});
