import type { ConversationKey } from '../chat/conversation-key.js';

/** Drafts kept per user: beyond this many, the ones written longest ago are dropped, so that storage stays small. */
export const MAX_DRAFTS = 50;

type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Where a user's drafts are kept: one entry per signed-in user, so that two names in one browser never see each other's. */
export const draftsStorageKey = (userId: string) => `flask-chat:drafts:${userId}`;

/**
 * What the signed-in user has typed and not sent, per conversation: kept in
 * memory for the page and in localStorage for a reload, until it is sent or
 * erased. Whitespace alone is no draft. Nothing leaves the browser.
 */
export class Drafts {
  /** Oldest first: the order in which drafts were last written. */
  #byKey = $state<Record<string, string>>({});

  constructor(
    private readonly userId: string,
    private readonly storage: DraftStorage | null = globalThis.localStorage ?? null,
    private readonly max = MAX_DRAFTS,
  ) {
    this.#byKey = this.#read();
  }

  /** The draft of a conversation, or '' for none. */
  get(key: ConversationKey): string {
    return this.#byKey[key] ?? '';
  }

  has(key: ConversationKey): boolean {
    return key in this.#byKey;
  }

  /** Keeps what is typed in a conversation's composer; an empty or blank text removes its draft. */
  set(key: ConversationKey, text: string): void {
    if (!text.trim()) return this.clear(key);
    if (this.#byKey[key] === text) return;
    const { [key]: _previous, ...others } = this.#byKey;
    const kept = Object.entries(others).slice(-(this.max - 1));
    this.#byKey = { ...Object.fromEntries(kept), [key]: text };
    this.#write();
  }

  /** The draft was sent (or erased). */
  clear(key: ConversationKey): void {
    if (!this.has(key)) return;
    const { [key]: _gone, ...others } = this.#byKey;
    this.#byKey = others;
    this.#write();
  }

  #read(): Record<string, string> {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(draftsStorageKey(this.userId)) ?? '{}');
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
      const entries = Object.entries(parsed).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '' && /^(channel|dm):/.test(entry[0]),
      );
      return Object.fromEntries(entries.slice(-this.max));
    } catch {
      // Unreadable (not JSON, or storage refused): start without drafts rather than fail the page.
      return {};
    }
  }

  #write(): void {
    try {
      const key = draftsStorageKey(this.userId);
      if (Object.keys(this.#byKey).length === 0) this.storage?.removeItem(key);
      else this.storage?.setItem(key, JSON.stringify(this.#byKey));
    } catch {
      // Storage full or refused (private mode): the drafts live until the page closes.
    }
  }
}
