import type { Client } from '@urql/svelte';
import type { ConversationKey } from '../chat/conversation-key.js';
import { changeMessage, deleted, edited, findMessage, rolledBack, withReaction, type MessageIntents } from '../chat/message-changes.js';
import type { Target } from '../chat/target.js';
import type { ChatMessage, MessageUser } from '../chat/timeline.js';
import * as api from '../graphql/message-changes-api.js';
import type { Conversations } from './conversations.svelte.js';

/** What the note on a message says when the server refused a change to it, before the server's reason. */
const REFUSED: Record<api.MessageChange['kind'], string> = {
  edit: 'Edit not saved',
  delete: 'Not deleted',
  react: 'Reaction not saved',
};

/**
 * Edits, deletions and reactions, optimistic as sending is: the change shows
 * at once, then the server's copy (one version more) replaces it; when the
 * server refuses, the message goes back as it was, with a note that says why.
 */
export class MessageChanges {
  constructor(
    private readonly me: MessageUser,
    private readonly client: Client,
    private readonly conversations: Conversations,
    private readonly targetOf: (key: ConversationKey) => Target,
  ) {}

  /** The intents of one conversation, for its view. */
  for(key: ConversationKey): MessageIntents {
    return {
      edit: (id, body) => this.edit(key, id, body),
      delete: (id) => this.delete(key, id),
      react: (id, emoji, on) => this.react(key, id, emoji, on),
    };
  }

  /** Saves a new body for an own message; an empty or unchanged one changes nothing. */
  edit(key: ConversationKey, id: string, rawBody: string): void {
    const body = rawBody.trim();
    const message = this.#find(key, id);
    if (!body || !message || message.deleted || message.authorId !== this.me.id || body === message.body) return;
    this.#apply(key, message, { kind: 'edit', body }, (m) => edited(m, body, new Date().toISOString()));
  }

  delete(key: ConversationKey, id: string): void {
    const message = this.#find(key, id);
    if (!message || message.deleted || message.authorId !== this.me.id) return;
    this.#apply(key, message, { kind: 'delete' }, deleted);
  }

  /** Adds (on) or removes the signed-in user's reaction. */
  react(key: ConversationKey, id: string, emoji: string, on: boolean): void {
    const message = this.#find(key, id);
    if (!message || message.deleted) return;
    this.#apply(key, message, { kind: 'react', emoji, on }, (m) => ({
      ...m,
      reactions: withReaction(m.reactions, emoji, this.me, on),
      note: undefined,
    }));
  }

  #find(key: ConversationKey, id: string): ChatMessage | undefined {
    return findMessage(this.conversations.get(key).messages, id);
  }

  #apply(key: ConversationKey, before: ChatMessage, change: api.MessageChange, local: (message: ChatMessage) => ChatMessage): void {
    const id = before.id!;
    this.conversations.update(key, (list) => changeMessage(list, id, local));
    void this.#send(key, id, before, change);
  }

  async #send(key: ConversationKey, id: string, before: ChatMessage, change: api.MessageChange): Promise<void> {
    const outcome = await api.changeMessage(this.client, this.targetOf(key), id, change);
    if ('message' in outcome) {
      this.conversations.receive(key, [outcome.message], { live: false });
      return;
    }
    const note = `${REFUSED[change.kind]}: ${outcome.error}`;
    this.conversations.update(key, (list) => changeMessage(list, id, (current) => rolledBack(current, before, note)));
  }
}
