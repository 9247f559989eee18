import type { ConversationKey } from '../chat/conversation-key.js';

/** A message a view is asked to scroll to and highlight once its conversation shows it: a search result that was opened. */
export class Reveal {
  #target = $state<{ key: ConversationKey; id: string } | null>(null);

  /** The message to show in this conversation, if one was asked for. */
  in(key: ConversationKey): string | null {
    return this.#target?.key === key ? this.#target.id : null;
  }

  show(key: ConversationKey, id: string): void {
    this.#target = { key, id };
  }

  /** The view showed it, or said that it cannot. */
  done(): void {
    this.#target = null;
  }
}
