import type { ConversationKey } from '../chat/conversation-key.js';
import { emptyConversation, receiveMessages, type Conversation } from '../chat/conversation.js';
import type { ChatMessage } from '../chat/timeline.js';

/**
 * What each conversation shows. Entries change one at a time, so that a new
 * message updates its conversation, not every one of thousands. Receiving
 * tells which messages were new here and from others: what unread counts
 * grow by (`ReadMarkers` keeps those).
 */
export class Conversations {
  #byKey = $state<Record<string, Conversation>>({});

  constructor(
    private readonly meId: string,
    /** Messages kept per conversation. */
    private readonly limit: number,
  ) {}

  get(key: ConversationKey): Conversation {
    return this.#byKey[key] ?? emptyConversation(key);
  }

  /** Every conversation held, loaded or not. */
  all(): Conversation[] {
    return Object.values(this.#byKey);
  }

  /**
   * Messages from the server (`loaded`: the conversation's history), each
   * merged once whichever stream brought it; resolves with the `live` ones
   * from others that were new here.
   */
  receive(key: ConversationKey, incoming: readonly ChatMessage[], options: { live: boolean; loaded?: boolean }): ChatMessage[] {
    const { conversation, fresh } = receiveMessages(this.get(key), incoming, {
      meId: this.meId,
      limit: this.limit,
      loaded: options.loaded,
    });
    this.#byKey[key] = conversation;
    return options.live ? fresh : [];
  }

  /** A message's new state after a change (an edit, a deletion, a reaction): merged by version where its conversation is loaded. */
  receiveChange(key: ConversationKey, message: ChatMessage): void {
    if (this.get(key).loaded) this.receive(key, [message], { live: false });
  }

  /** A new message of a channel, from the stream of every channel: merged where its history is loaded; new from others or not. */
  receiveActivity(key: ConversationKey, message: ChatMessage): ChatMessage[] {
    if (this.get(key).loaded) return this.receive(key, [message], { live: true });
    return message.authorId !== this.meId ? [message] : [];
  }

  /** The channel or the person does not exist: the page says so, without a composer. */
  setMissing(key: ConversationKey): void {
    this.#byKey[key] = { ...this.get(key), missing: true, error: null };
  }

  setError(key: ConversationKey, error: string | null): void {
    this.#byKey[key] = { ...this.get(key), error };
  }

  /** Changes the messages shown: one's own, on their way. */
  update(key: ConversationKey, change: (messages: readonly ChatMessage[]) => readonly ChatMessage[]): void {
    const current = this.get(key);
    this.#byKey[key] = { ...current, messages: change(current.messages) };
  }
}
