import { describe, expect, it } from 'vitest';
import { knownScripts, refusedScriptMix, scriptSet } from './unicode-scripts.js';

describe('scriptSet', () => {
  it('should count Common and Inherited characters with any script', () => {
    for (const char of ['1', ' ', '-', '_', '.', '\u20DD', '\u{1F389}']) expect(scriptSet(char)).toBeNull();
  });

  it('should let a combining mark go with the scripts that use it', () => {
    // Since Unicode 16, U+0301 has Script_Extensions of its own rather than Inherited.
    for (const text of ['Ива\u0301н', 'Jose\u0301', 'Ζωη\u0301']) expect(refusedScriptMix(text), text).toBeNull();
  });

  it('should give the scripts of a letter, with the writing systems of Han, kana, Hangul and Bopomofo', () => {
    expect([...scriptSet('a')!]).toEqual(['Latn']);
    expect([...scriptSet('\u0430')!]).toEqual(['Cyrl']);
    expect([...scriptSet('李')!].sort()).toEqual(['Hanb', 'Hani', 'Jpan', 'Kore']);
    expect([...scriptSet('た')!].sort()).toEqual(['Hira', 'Jpan']);
    expect([...scriptSet('김')!].sort()).toEqual(['Hang', 'Kore']);
    expect([...scriptSet('ㄅ')!].sort()).toEqual(['Bopo', 'Hanb']);
  });

  it('should use Script_Extensions, so that a character shared by scripts fits each', () => {
    // U+30FC KATAKANA-HIRAGANA PROLONGED SOUND MARK belongs to both kana.
    expect([...scriptSet('\u30FC')!]).toEqual(expect.arrayContaining(['Hira', 'Kana', 'Jpan']));
    // U+0964 DEVANAGARI DANDA is used by many scripts of India.
    expect([...scriptSet('\u0964')!]).toEqual(expect.arrayContaining(['Deva', 'Beng']));
  });

  it('should know the script of every character the runtime knows', () => {
    // A newer Unicode brings new scripts: this fails until the table names them.
    const known = new RegExp(
      `^[\\p{scx=Zyyy}\\p{scx=Zinh}${knownScripts()
        .map((code) => `\\p{scx=${code}}`)
        .join('')}]$`,
      'u',
    );
    const unnamed: string[] = [];
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      const char = String.fromCodePoint(codePoint);
      if (!/^[\p{Cn}\p{Cs}\p{Co}]$/u.test(char) && !known.test(char)) unnamed.push(codePoint.toString(16));
    }
    expect(unnamed.slice(0, 20)).toEqual([]);
  });
});

describe('refusedScriptMix', () => {
  it('should let a single script stand, and text with no script at all', () => {
    for (const text of ['ada', 'Ада', 'عائشة', '李雷', '山田たろう', 'ヤマダ太郎', '김민준', '李김', '123', '#1 🎉', ''])
      expect(refusedScriptMix(text), text).toBeNull();
  });

  it('should let Latin stand with Japanese, Korean, Han with Bopomofo, or one other Recommended script', () => {
    for (const text of ['Ada山田たろう', 'Adaヤマダ', 'Ada김', 'Ada李ㄅ', 'Adaعائشة', 'Adaआदि', 'Adaשרה', 'Adaქეთი', 'Adaไทย'])
      expect(refusedScriptMix(text), text).toBeNull();
  });

  it('should refuse Latin with Cyrillic or Greek, two non-Latin scripts, or Latin with two others', () => {
    expect(refusedScriptMix('\u0430da')).toEqual(['Cyrillic', 'Latin']);
    expect(refusedScriptMix('adaα')).toEqual(['Latin', 'Greek']);
    expect(refusedScriptMix('Адаα')).toEqual(['Cyrillic', 'Greek']);
    expect(refusedScriptMix('김ㄅ')).toEqual(['Hangul', 'Bopomofo']);
    expect(refusedScriptMix('adaعआ')).toEqual(['Latin', 'Arabic', 'Devanagari']);
  });

  it('should refuse Latin with a script outside the Recommended ones', () => {
    // U+13A0 CHEROKEE LETTER A: Cherokee is a Limited Use script, and looks like Latin.
    expect(refusedScriptMix('\u13A0da')).toEqual(['Cherokee', 'Latin']);
    expect(refusedScriptMix('\u13A0\u13A1')).toBeNull();
  });
});
