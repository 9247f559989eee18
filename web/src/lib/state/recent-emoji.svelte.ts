import { parseRecent, rememberEmoji } from '../chat/emoji.js';

const STORAGE_KEY = 'flask-chat:recent-emoji';

/** The emoji this browser reacted with lately, newest first, kept in localStorage (nothing leaves the browser). */
export class RecentEmoji {
  #list = $state<string[]>([]);

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.localStorage ?? null) {
    this.#list = parseRecent(this.#read());
  }

  get list(): readonly string[] {
    return this.#list;
  }

  used(emoji: string): void {
    this.#list = rememberEmoji(this.#list, emoji);
    try {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify(this.#list));
    } catch {
      // Storage full or refused (private mode): the list lives until the page closes.
    }
  }

  #read(): string | null {
    try {
      return this.storage?.getItem(STORAGE_KEY) ?? null;
    } catch {
      return null;
    }
  }
}
