import type { Client } from '@urql/svelte';
import type { ConversationKey } from '../chat/conversation-key.js';
import { newClientId } from '../chat/ids.js';
import type { Target } from '../chat/target.js';
import { addPending, findUnconfirmed, setDelivery, type ChatMessage, type MessageUser } from '../chat/timeline.js';
import * as api from '../graphql/chat-api.js';
import type { Conversations } from './conversations.svelte.js';

/**
 * Sending own messages: each shows at once, then is confirmed by the server's
 * copy (found by its clientId), or is marked failed with a retry that sends
 * the same clientId, so that the server stores it at most once.
 */
export class Sending {
  constructor(
    private readonly me: MessageUser,
    private readonly client: Client,
    private readonly conversations: Conversations,
    private readonly targetOf: (key: ConversationKey) => Target,
    /** Called with each message the server confirmed, before it is shown. */
    private readonly onConfirmed: (target: Target, message: ChatMessage) => void,
  ) {}

  send(key: ConversationKey, rawBody: string): void {
    const body = rawBody.trim();
    if (!body) return;
    const clientId = newClientId();
    const createdAt = new Date().toISOString();
    this.conversations.update(key, (messages) =>
      addPending(messages, { clientId, authorId: this.me.id, authorName: this.me.name, body, createdAt }),
    );
    void this.#deliver(key, clientId, body);
  }

  retry(key: ConversationKey, clientId: string): void {
    const message = findUnconfirmed(this.conversations.get(key).messages, clientId);
    if (!message || message.status !== 'failed') return;
    this.conversations.update(key, (messages) => setDelivery(messages, clientId, 'pending'));
    void this.#deliver(key, clientId, message.body);
  }

  async #deliver(key: ConversationKey, clientId: string, body: string): Promise<void> {
    const target = this.targetOf(key);
    const outcome = await api.postMessage(this.client, target, body, clientId);
    if ('error' in outcome)
      return this.conversations.update(key, (list) => setDelivery(list, clientId, 'failed', outcome.error ?? undefined));
    this.onConfirmed(target, outcome.message);
    this.conversations.receive(key, [outcome.message], { live: false });
  }
}
