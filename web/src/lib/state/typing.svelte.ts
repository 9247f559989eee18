import type { Client } from '@urql/svelte';
import { channelIdOf, dmKey, type ConversationKey } from '../chat/conversation-key.js';
import type { Target } from '../chat/target.js';
import { stillTyping, withTyping, type Typist } from '../chat/typing.js';
import type { Subscriptions } from '../graphql/chat-api.js';
import { TypingChangedDocument } from '../graphql/generated/graphql.js';
import { sayTyping } from '../graphql/typing-api.js';

/**
 * Who is typing in the open conversation, from one `typingChanged` that
 * moves with it: the open channel's, or, when a direct conversation is open,
 * that of typing to the signed-in user, of which only the partner's count.
 * A stop, a message from the typist or the lapse takes them off the line.
 */
export class Typing {
  #typists = $state.raw<readonly Typist[]>([]);
  #current: { key: ConversationKey; stop: () => void } | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: Client,
    private readonly subscriptions: Subscriptions,
    private readonly targetOf: (key: ConversationKey) => Target,
    private readonly meId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The names of those typing in the open conversation, in the order they started. */
  get names(): string[] {
    return this.#typists.map((t) => t.name);
  }

  /** Follows typing in this conversation (null: none); nothing changes when it is followed already. */
  follow(key: ConversationKey | null): void {
    if (this.#current?.key === key) return;
    this.#current?.stop();
    this.#current = null;
    this.#set([]);
    if (key === null) return;
    const channelId = channelIdOf(key);
    const stop = this.subscriptions.start(TypingChangedDocument, channelId ? { channelId } : {}, ({ typingChanged: t }) => {
      if (t.user.id === this.meId) return;
      if (channelId ? t.channelId === channelId : t.channelId === null && dmKey(t.user.name) === key)
        this.#set(withTyping(this.#typists, t.user, t.typing, this.now()));
    });
    this.#current = { key, stop };
  }

  /** A message from this user ends their typing, as the server also says. */
  wrote(userId: string): void {
    if (this.#typists.some((t) => t.id === userId)) this.#set(this.#typists.filter((t) => t.id !== userId));
  }

  /** Says that the signed-in user is typing in this conversation (the composer throttles it). */
  say(key: ConversationKey): void {
    void sayTyping(this.client, this.targetOf(key));
  }

  /** Forgets the subscription, which `Subscriptions.stopAll` stopped. */
  forget(): void {
    this.#current = null;
    this.#set([]);
  }

  #set(list: readonly Typist[]): void {
    this.#typists = stillTyping(list, this.now());
    clearTimeout(this.#timer);
    const next = Math.min(...this.#typists.map((t) => t.until));
    // The line goes when the first typing lapses without news.
    if (Number.isFinite(next)) this.#timer = setTimeout(() => this.#set(this.#typists), Math.max(0, next - this.now()) + 10);
  }
}
