import type { Client } from '@urql/svelte';
import type { ConversationKey } from '../chat/conversation-key.js';
import { OFFLINE_MESSAGE } from '../chat/errors.js';
import { newClientId } from '../chat/ids.js';
import type { Target } from '../chat/target.js';
import { addPending, findUnconfirmed, setDelivery, type ChatMessage, type MessageUser } from '../chat/timeline.js';
import * as api from '../graphql/chat-api.js';
import type { Conversations } from './conversations.svelte.js';

interface Queued {
  readonly key: ConversationKey;
  readonly clientId: string;
  readonly body: string;
}

/**
 * Sending own messages: each shows at once, then is confirmed by the
 * server's copy (found by its clientId). They go one at a time, in the order
 * written. While the connection is away they wait ("Waiting for
 * connection…") and go by themselves, still in order, once it is back: the
 * same clientId each time, so that the server stores each at most once,
 * even when an answer was lost on the way. A refusal is shown with a retry
 * only when a retry may help.
 */
export class Sending {
  #queue: Queued[] = [];
  #sending = false;
  /** Failed because the server could not be reached although the connection seemed up: sent again when it is back. */
  #unreached = new Map<string, Queued>();

  constructor(
    private readonly me: MessageUser,
    private readonly client: Client,
    private readonly conversations: Conversations,
    private readonly targetOf: (key: ConversationKey) => Target,
    /** Called with each message the server confirmed, before it is shown. */
    private readonly onConfirmed: (target: Target, message: ChatMessage) => void,
    /** Whether the connection is up: while it is not, messages wait. */
    private readonly online: () => boolean = () => true,
  ) {}

  send(key: ConversationKey, rawBody: string): void {
    const body = rawBody.trim();
    if (!body) return;
    const clientId = newClientId();
    const createdAt = new Date().toISOString();
    this.conversations.update(key, (messages) =>
      addPending(
        messages,
        { clientId, authorId: this.me.id, authorName: this.me.name, body, createdAt },
        this.online() ? 'pending' : 'waiting',
      ),
    );
    this.#enqueue({ key, clientId, body });
  }

  retry(key: ConversationKey, clientId: string): void {
    const message = findUnconfirmed(this.conversations.get(key).messages, clientId);
    if (!message || message.status !== 'failed' || !message.retryable) return;
    this.#unreached.delete(clientId);
    this.#enqueue({ key, clientId, body: message.body });
  }

  /** The connection is back: what waited goes now, and what could not reach the server goes again. */
  resume(): void {
    for (const item of this.#unreached.values()) {
      const message = findUnconfirmed(this.conversations.get(item.key).messages, item.clientId);
      if (message?.status === 'failed') this.#queue.push(item);
    }
    this.#unreached.clear();
    void this.#drain();
  }

  #enqueue(item: Queued): void {
    this.#queue.push(item);
    this.#mark(item, this.online() ? 'pending' : 'waiting');
    void this.#drain();
  }

  /** Sends the queue's messages one after the other while the connection is up. */
  async #drain(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    try {
      while (this.#queue.length > 0) {
        if (!this.online()) {
          for (const item of this.#queue) this.#mark(item, 'waiting');
          return;
        }
        const item = this.#queue[0]!;
        this.#mark(item, 'pending');
        const outcome = await api.postMessage(this.client, this.targetOf(item.key), item.body, item.clientId);
        if ('failure' in outcome && outcome.failure === 'offline' && !this.online()) continue;
        this.#queue.shift();
        if ('message' in outcome) this.#confirmed(item, outcome.message);
        else this.#failed(item, outcome);
      }
    } finally {
      this.#sending = false;
    }
  }

  #confirmed(item: Queued, message: ChatMessage): void {
    this.onConfirmed(this.targetOf(item.key), message);
    this.conversations.receive(item.key, [message], { live: false });
  }

  #failed(item: Queued, notSent: api.NotSent): void {
    if (notSent.failure === 'offline') this.#unreached.set(item.clientId, item);
    const error = notSent.failure === 'offline' ? OFFLINE_MESSAGE : (notSent.error ?? undefined);
    this.conversations.update(item.key, (list) =>
      setDelivery(list, item.clientId, 'failed', { error, retryable: notSent.failure !== 'permanent' }),
    );
  }

  #mark(item: Queued, status: 'pending' | 'waiting'): void {
    const message = findUnconfirmed(this.conversations.get(item.key).messages, item.clientId);
    if (message && message.status !== status) this.conversations.update(item.key, (list) => setDelivery(list, item.clientId, status));
  }
}
