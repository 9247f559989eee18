/**
 * The reaction picker's emoji: a short list of common ones with the words
 * people search them by. Kept here rather than in a package or a CDN: a few
 * kilobytes, and nothing loaded from elsewhere (the page's CSP forbids it).
 */
export interface EmojiEntry {
  readonly emoji: string;
  /** Words to search by, the first being its name. */
  readonly names: readonly string[];
}

export const EMOJI: readonly EmojiEntry[] = [
  ['👍', 'thumbs up', 'yes', 'ok', 'like', '+1'],
  ['👎', 'thumbs down', 'no', 'dislike', '-1'],
  ['❤️', 'red heart', 'love'],
  ['😂', 'tears of joy', 'laugh', 'lol', 'funny'],
  ['😀', 'grinning face', 'smile', 'happy'],
  ['😊', 'smiling face', 'blush', 'happy'],
  ['😉', 'winking face', 'wink'],
  ['😍', 'heart eyes', 'love'],
  ['🤔', 'thinking face', 'hmm', 'think'],
  ['😮', 'open mouth', 'wow', 'surprised'],
  ['😢', 'crying face', 'sad', 'tear'],
  ['😭', 'loudly crying', 'sob', 'sad'],
  ['😡', 'pouting face', 'angry', 'mad'],
  ['😅', 'sweat smile', 'phew', 'nervous'],
  ['🙂', 'slightly smiling', 'smile'],
  ['🙃', 'upside down', 'silly'],
  ['😎', 'sunglasses', 'cool'],
  ['🥳', 'partying face', 'party', 'celebrate'],
  ['😴', 'sleeping face', 'sleep', 'tired'],
  ['🤯', 'exploding head', 'mind blown'],
  ['😬', 'grimacing face', 'awkward', 'eek'],
  ['🙄', 'rolling eyes', 'eye roll', 'whatever'],
  ['🤝', 'handshake', 'deal', 'agree'],
  ['🙏', 'folded hands', 'thanks', 'please', 'pray'],
  ['👏', 'clapping hands', 'clap', 'applause', 'bravo'],
  ['🙌', 'raising hands', 'hooray', 'celebrate'],
  ['👋', 'waving hand', 'wave', 'hello', 'bye'],
  ['💪', 'flexed biceps', 'strong', 'muscle'],
  ['👀', 'eyes', 'look', 'watching'],
  ['✅', 'check mark', 'done', 'yes', 'tick'],
  ['❌', 'cross mark', 'no', 'wrong'],
  ['⚠️', 'warning', 'caution'],
  ['❓', 'question mark', 'question', 'what'],
  ['❗', 'exclamation mark', 'important'],
  ['💯', 'hundred points', '100', 'perfect'],
  ['🔥', 'fire', 'hot', 'lit'],
  ['🎉', 'party popper', 'tada', 'celebrate', 'congrats'],
  ['✨', 'sparkles', 'shiny', 'new'],
  ['⭐', 'star', 'favourite'],
  ['🚀', 'rocket', 'launch', 'ship'],
  ['💡', 'light bulb', 'idea'],
  ['🐛', 'bug', 'insect'],
  ['🛠️', 'hammer and wrench', 'tools', 'fix'],
  ['📌', 'pushpin', 'pin'],
  ['📎', 'paperclip', 'attach'],
  ['📅', 'calendar', 'date'],
  ['⏰', 'alarm clock', 'time', 'late'],
  ['☕', 'hot beverage', 'coffee', 'tea'],
  ['🍕', 'pizza', 'food'],
  ['🍺', 'beer', 'drink', 'cheers'],
  ['🎂', 'birthday cake', 'birthday'],
  ['🎁', 'wrapped gift', 'present', 'gift'],
  ['☀️', 'sun', 'sunny', 'weather'],
  ['🌧️', 'rain cloud', 'rain', 'weather'],
  ['🌈', 'rainbow'],
  ['🐶', 'dog face', 'dog', 'puppy'],
  ['🐱', 'cat face', 'cat', 'kitten'],
  ['🦄', 'unicorn'],
  ['💩', 'pile of poo', 'poop'],
  ['🤷', 'shrug', 'dunno', 'whatever'],
  ['🤦', 'facepalm', 'doh'],
  ['🫡', 'saluting face', 'salute', 'roger'],
  ['➕', 'plus', 'add', 'me too'],
  ['🆗', 'ok button', 'ok'],
  ['💬', 'speech balloon', 'comment', 'chat'],
  ['📣', 'megaphone', 'announce'],
].map(([emoji, ...names]) => ({ emoji: emoji!, names }));

/** The emoji whose words start with the query (any word of them), then those that contain it; all of them for an empty one. */
export function searchEmoji(query: string, entries: readonly EmojiEntry[] = EMOJI): EmojiEntry[] {
  const wanted = query.trim().toLowerCase();
  if (!wanted) return [...entries];
  const starts: EmojiEntry[] = [];
  const contains: EmojiEntry[] = [];
  for (const entry of entries) {
    if (entry.emoji === wanted) starts.push(entry);
    else if (entry.names.some((name) => name.split(' ').some((word) => word.startsWith(wanted)) || name.startsWith(wanted)))
      starts.push(entry);
    else if (entry.names.some((name) => name.includes(wanted))) contains.push(entry);
  }
  return [...starts, ...contains];
}

/** The emoji's name, for a button's label. */
export const emojiName = (emoji: string, entries: readonly EmojiEntry[] = EMOJI): string =>
  entries.find((entry) => entry.emoji === emoji)?.names[0] ?? emoji;

/** Recently used emoji after one more use: it comes first, once, and only the newest `max` are kept. */
export function rememberEmoji(recent: readonly string[], emoji: string, max = 8): string[] {
  return [emoji, ...recent.filter((e) => e !== emoji)].slice(0, max);
}

/** Recent emoji read back from storage: anything that is not a short list of short strings is dropped. */
export function parseRecent(stored: string | null, max = 8): string[] {
  try {
    const value: unknown = JSON.parse(stored ?? '[]');
    if (!Array.isArray(value)) return [];
    return value.filter((e): e is string => typeof e === 'string' && e.length > 0 && e.length <= 16).slice(0, max);
  } catch {
    return [];
  }
}
