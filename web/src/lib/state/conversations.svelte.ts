import type { ConversationKey } from '../chat/conversation-key.js';
import { emptyConversation, receiveMessages, type Conversation } from '../chat/conversation.js';
import type { ChatMessage } from '../chat/timeline.js';

/**
 * What each conversation shows, and its unread count: live messages from
 * others, in conversations that are not open. Entries change one at a time,
 * so that a new message updates its conversation and its one sidebar row,
 * not every row of thousands.
 */
export class Conversations {
  #byKey = $state<Record<string, Conversation>>({});
  #unread = $state<Record<string, number>>({});

  constructor(
    private readonly meId: string,
    /** Messages kept per conversation. */
    private readonly limit: number,
    private readonly isOpen: (key: ConversationKey) => boolean,
  ) {}

  get(key: ConversationKey): Conversation {
    return this.#byKey[key] ?? emptyConversation(key);
  }

  /** Every conversation held, loaded or not. */
  all(): Conversation[] {
    return Object.values(this.#byKey);
  }

  unread(key: ConversationKey): number {
    return this.#unread[key] ?? 0;
  }

  get totalUnread(): number {
    return Object.values(this.#unread).reduce((sum, count) => sum + count, 0);
  }

  /**
   * Messages from the server (`loaded`: the conversation's history), each
   * merged once whichever stream brought it; `live` ones from others that
   * were new here count as unread unless the conversation is open.
   */
  receive(key: ConversationKey, incoming: readonly ChatMessage[], options: { live: boolean; loaded?: boolean }): void {
    const { conversation, unseen } = receiveMessages(this.get(key), incoming, {
      meId: this.meId,
      limit: this.limit,
      loaded: options.loaded,
    });
    this.#byKey[key] = conversation;
    if (options.live && unseen > 0 && !this.isOpen(key)) this.#count(key, unseen);
  }

  /** A message's new state after a change (an edit, a deletion, a reaction): merged by version where its conversation is loaded. */
  receiveChange(key: ConversationKey, message: ChatMessage): void {
    if (this.get(key).loaded) this.receive(key, [message], { live: false });
  }

  /** A new message of a channel, from the stream of every channel: merged where its history is loaded, else only counted. */
  receiveActivity(key: ConversationKey, message: ChatMessage): void {
    if (this.get(key).loaded) this.receive(key, [message], { live: true });
    else if (message.authorId !== this.meId && !this.isOpen(key)) this.#count(key, 1);
  }

  markRead(key: ConversationKey): void {
    if (this.#unread[key]) delete this.#unread[key];
  }

  setError(key: ConversationKey, error: string | null): void {
    this.#byKey[key] = { ...this.get(key), error };
  }

  /** Changes the messages shown: one's own, on their way. */
  update(key: ConversationKey, change: (messages: readonly ChatMessage[]) => readonly ChatMessage[]): void {
    const current = this.get(key);
    this.#byKey[key] = { ...current, messages: change(current.messages) };
  }

  #count(key: ConversationKey, unseen: number): void {
    this.#unread[key] = (this.#unread[key] ?? 0) + unseen;
  }
}
