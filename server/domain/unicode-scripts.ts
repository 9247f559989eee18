/**
 * Which scripts a string is written in, and whether UTS #39's "Moderately
 * Restrictive" profile (section 5.2) lets them stand together. The Unicode
 * data is the runtime's own (`\p{Script_Extensions=…}`); this module only
 * knows the names of the scripts, so that it can ask.
 */

/** ISO 15924 code → the script's name, every script of Unicode 17 but Common and Inherited. */
const SCRIPT_NAMES: Readonly<Record<string, string>> = {
  Adlm: 'Adlam',
  Aghb: 'Caucasian Albanian',
  Ahom: 'Ahom',
  Arab: 'Arabic',
  Armi: 'Imperial Aramaic',
  Armn: 'Armenian',
  Avst: 'Avestan',
  Bali: 'Balinese',
  Bamu: 'Bamum',
  Bass: 'Bassa Vah',
  Batk: 'Batak',
  Beng: 'Bengali',
  Berf: 'Beria Erfe',
  Bhks: 'Bhaiksuki',
  Bopo: 'Bopomofo',
  Brah: 'Brahmi',
  Brai: 'Braille',
  Bugi: 'Buginese',
  Buhd: 'Buhid',
  Cakm: 'Chakma',
  Cans: 'Canadian Aboriginal',
  Cari: 'Carian',
  Cham: 'Cham',
  Cher: 'Cherokee',
  Chrs: 'Chorasmian',
  Copt: 'Coptic',
  Cpmn: 'Cypro-Minoan',
  Cprt: 'Cypriot',
  Cyrl: 'Cyrillic',
  Deva: 'Devanagari',
  Diak: 'Dives Akuru',
  Dogr: 'Dogra',
  Dsrt: 'Deseret',
  Dupl: 'Duployan',
  Egyp: 'Egyptian Hieroglyphs',
  Elba: 'Elbasan',
  Elym: 'Elymaic',
  Ethi: 'Ethiopic',
  Gara: 'Garay',
  Geor: 'Georgian',
  Glag: 'Glagolitic',
  Gong: 'Gunjala Gondi',
  Gonm: 'Masaram Gondi',
  Goth: 'Gothic',
  Gran: 'Grantha',
  Grek: 'Greek',
  Gujr: 'Gujarati',
  Gukh: 'Gurung Khema',
  Guru: 'Gurmukhi',
  Hang: 'Hangul',
  Hani: 'Han',
  Hano: 'Hanunoo',
  Hatr: 'Hatran',
  Hebr: 'Hebrew',
  Hira: 'Hiragana',
  Hluw: 'Anatolian Hieroglyphs',
  Hmng: 'Pahawh Hmong',
  Hmnp: 'Nyiakeng Puachue Hmong',
  Hung: 'Old Hungarian',
  Ital: 'Old Italic',
  Java: 'Javanese',
  Kali: 'Kayah Li',
  Kana: 'Katakana',
  Kawi: 'Kawi',
  Khar: 'Kharoshthi',
  Khmr: 'Khmer',
  Khoj: 'Khojki',
  Kits: 'Khitan Small Script',
  Knda: 'Kannada',
  Krai: 'Kirat Rai',
  Kthi: 'Kaithi',
  Lana: 'Tai Tham',
  Laoo: 'Lao',
  Latn: 'Latin',
  Lepc: 'Lepcha',
  Limb: 'Limbu',
  Lina: 'Linear A',
  Linb: 'Linear B',
  Lisu: 'Lisu',
  Lyci: 'Lycian',
  Lydi: 'Lydian',
  Mahj: 'Mahajani',
  Maka: 'Makasar',
  Mand: 'Mandaic',
  Mani: 'Manichaean',
  Marc: 'Marchen',
  Medf: 'Medefaidrin',
  Mend: 'Mende Kikakui',
  Merc: 'Meroitic Cursive',
  Mero: 'Meroitic Hieroglyphs',
  Mlym: 'Malayalam',
  Modi: 'Modi',
  Mong: 'Mongolian',
  Mroo: 'Mro',
  Mtei: 'Meetei Mayek',
  Mult: 'Multani',
  Mymr: 'Myanmar',
  Nagm: 'Nag Mundari',
  Nand: 'Nandinagari',
  Narb: 'Old North Arabian',
  Nbat: 'Nabataean',
  Newa: 'Newa',
  Nkoo: 'Nko',
  Nshu: 'Nushu',
  Ogam: 'Ogham',
  Olck: 'Ol Chiki',
  Onao: 'Ol Onal',
  Orkh: 'Old Turkic',
  Orya: 'Oriya',
  Osge: 'Osage',
  Osma: 'Osmanya',
  Ougr: 'Old Uyghur',
  Palm: 'Palmyrene',
  Pauc: 'Pau Cin Hau',
  Perm: 'Old Permic',
  Phag: 'Phags-pa',
  Phli: 'Inscriptional Pahlavi',
  Phlp: 'Psalter Pahlavi',
  Phnx: 'Phoenician',
  Plrd: 'Miao',
  Prti: 'Inscriptional Parthian',
  Rjng: 'Rejang',
  Rohg: 'Hanifi Rohingya',
  Runr: 'Runic',
  Samr: 'Samaritan',
  Sarb: 'Old South Arabian',
  Saur: 'Saurashtra',
  Sgnw: 'SignWriting',
  Shaw: 'Shavian',
  Shrd: 'Sharada',
  Sidd: 'Siddham',
  Sidt: 'Sidetic',
  Sind: 'Khudawadi',
  Sinh: 'Sinhala',
  Sogd: 'Sogdian',
  Sogo: 'Old Sogdian',
  Sora: 'Sora Sompeng',
  Soyo: 'Soyombo',
  Sund: 'Sundanese',
  Sunu: 'Sunuwar',
  Sylo: 'Syloti Nagri',
  Syrc: 'Syriac',
  Tagb: 'Tagbanwa',
  Takr: 'Takri',
  Tale: 'Tai Le',
  Talu: 'New Tai Lue',
  Taml: 'Tamil',
  Tang: 'Tangut',
  Tavt: 'Tai Viet',
  Tayo: 'Tai Yo',
  Telu: 'Telugu',
  Tfng: 'Tifinagh',
  Tglg: 'Tagalog',
  Thaa: 'Thaana',
  Thai: 'Thai',
  Tibt: 'Tibetan',
  Tirh: 'Tirhuta',
  Tnsa: 'Tangsa',
  Todr: 'Todhri',
  Tols: 'Tolong Siki',
  Toto: 'Toto',
  Tutg: 'Tulu-Tigalari',
  Ugar: 'Ugaritic',
  Vaii: 'Vai',
  Vith: 'Vithkuqi',
  Wara: 'Warang Citi',
  Wcho: 'Wancho',
  Xpeo: 'Old Persian',
  Xsux: 'Cuneiform',
  Yezi: 'Yezidi',
  Yiii: 'Yi',
  Zanb: 'Zanabazar Square',
};

/** UTS #31 table 5, "Recommended Scripts" (Common and Inherited left out: they are never counted). */
const RECOMMENDED = new Set([
  'Arab',
  'Armn',
  'Beng',
  'Bopo',
  'Cyrl',
  'Deva',
  'Ethi',
  'Geor',
  'Grek',
  'Gujr',
  'Guru',
  'Hang',
  'Hani',
  'Hebr',
  'Hira',
  'Knda',
  'Kana',
  'Khmr',
  'Laoo',
  'Latn',
  'Mlym',
  'Mymr',
  'Orya',
  'Sinh',
  'Taml',
  'Telu',
  'Thaa',
  'Thai',
  'Tibt',
]);

/** Scripts that look enough like Latin that a name may not mix them with it (UTS #39 5.2). */
const LATIN_LOOK_ALIKES = new Set(['Cyrl', 'Grek']);

/** The writing systems of UTS #39 5.1, each the union of scripts used together. */
const COMBINED: Readonly<Record<string, string>> = { Jpan: 'Japanese', Kore: 'Korean', Hanb: 'Han with Bopomofo' };

/** A name no script of this list can be told apart from: a runtime newer than the list. */
const UNKNOWN = 'Zzzz';

const COMMON_OR_INHERITED = /^[\p{scx=Zyyy}\p{scx=Zinh}]$/u;

// A script the runtime does not know has no characters in it, so it is left out rather than stopping start-up.
const SCRIPT_TESTS: ReadonlyArray<readonly [string, RegExp]> = Object.keys(SCRIPT_NAMES).flatMap((code) => {
  try {
    return [[code, new RegExp(`^\\p{scx=${code}}$`, 'u')] as const];
  } catch {
    return [];
  }
});

/** The scripts the runtime knows, for the spec that keeps the table complete. */
export const knownScripts = (): readonly string[] => SCRIPT_TESTS.map(([code]) => code);

// Names repeat their letters, and every letter costs a pass over some 170 scripts: remember the last few thousand.
const CACHE_MAX = 4096;
const cache = new Map<number, ReadonlySet<string> | null>();

/**
 * A character's augmented Script_Extensions (UTS #39 5.1): null for Common
 * and Inherited, which fit any script; Han, Hiragana, Katakana, Hangul and
 * Bopomofo also count as the writing systems they belong to.
 */
export function scriptSet(char: string): ReadonlySet<string> | null {
  const codePoint = char.codePointAt(0)!;
  const cached = cache.get(codePoint);
  if (cached !== undefined) return cached;
  let set: Set<string> | null = null;
  if (!COMMON_OR_INHERITED.test(char)) {
    set = new Set(SCRIPT_TESTS.filter(([, test]) => test.test(char)).map(([code]) => code));
    if (set.size === 0) set.add(UNKNOWN);
    if (set.has('Hani')) ['Hanb', 'Jpan', 'Kore'].forEach((code) => set!.add(code));
    if (set.has('Hira') || set.has('Kana')) set.add('Jpan');
    if (set.has('Hang')) set.add('Kore');
    if (set.has('Bopo')) set.add('Hanb');
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(codePoint, set);
  return set;
}

function intersect(sets: readonly ReadonlySet<string>[]): Set<string> {
  const [first, ...rest] = sets;
  return new Set([...(first ?? [])].filter((code) => rest.every((set) => set.has(code))));
}

/** Would the scripts in `sets` pair with Latin under Moderately Restrictive? */
function coveredWithLatin(sets: readonly ReadonlySet<string>[]): boolean {
  const partners = intersect(sets.filter((set) => !set.has('Latn')));
  return [...partners].some((code) => code in COMBINED || (RECOMMENDED.has(code) && !LATIN_LOOK_ALIKES.has(code)));
}

/**
 * The scripts of `text` when UTS #39 "Moderately Restrictive" refuses their
 * mix, in order of appearance and by name ("Latin", "Cyrillic"); null when
 * the text may stand: one script (Japanese, Korean and Han with Bopomofo
 * count as one), or Latin with Han and Hiragana/Katakana, Bopomofo or
 * Hangul, or Latin with one other Recommended script that is neither Greek
 * nor Cyrillic.
 */
export function refusedScriptMix(text: string): string[] | null {
  const sets = [...text].map(scriptSet).filter((set): set is ReadonlySet<string> => set !== null);
  if (sets.length === 0 || intersect(sets).size > 0 || coveredWithLatin(sets)) return null;
  return scriptNames(sets);
}

/** One name for each script a reader sees: a character of several scripts names one only if none is named yet. */
function scriptNames(sets: readonly ReadonlySet<string>[]): string[] {
  const named: string[] = [];
  const primary = (set: ReadonlySet<string>) => [...set].filter((code) => !(code in COMBINED));
  for (const set of sets) {
    const codes = primary(set);
    if (codes.length === 1 && !named.includes(codes[0]!)) named.push(codes[0]!);
  }
  for (const set of sets) {
    const codes = primary(set);
    if (!codes.some((code) => named.includes(code))) named.push(codes[0] ?? UNKNOWN);
  }
  return named.map((code) => SCRIPT_NAMES[code] ?? 'unknown');
}
