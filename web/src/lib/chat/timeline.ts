import { compareIds, maxId } from './ids.js';

/** `waiting`: an own message written while the connection is away, sent by itself once it is back. */
export type DeliveryStatus = 'sent' | 'pending' | 'waiting' | 'failed';

/** Someone a message refers to: a reactor, a mentioned user. */
export interface MessageUser {
  readonly id: string;
  readonly name: string;
}

/** One emoji on a message and who put it there, oldest first. */
export interface ChatReaction {
  readonly emoji: string;
  readonly users: readonly MessageUser[];
}

/** A message as the conversation view shows it, for channels and direct messages alike. */
export interface ChatMessage {
  /** The server's id; null while an own message is not confirmed yet. */
  readonly id: string | null;
  readonly clientId: string | null;
  readonly authorId: string;
  readonly authorName: string;
  readonly body: string;
  readonly createdAt: string;
  readonly status: DeliveryStatus;
  /** Why the last attempt to send failed, in words. */
  readonly error?: string;
  /** Whether sending a failed message again may work (not for a refusal such as an unknown channel). */
  readonly retryable?: boolean;
  /** When its author last edited it; null if never. */
  readonly editedAt: string | null;
  /** Deleted by its author: shown in its place, without its text. */
  readonly deleted: boolean;
  readonly reactions: readonly ChatReaction[];
  /** The users the body mentions, as the server resolved them (none for direct messages). */
  readonly mentions: readonly MessageUser[];
  /** Of two copies of one message, the one with the larger version is the newer; 0 until the server confirms it. */
  readonly version: number;
  /** An own change the server refused, in words, until the next copy from the server replaces it. */
  readonly note?: string;
}

/** A stable key for rendering: the server id, or the client id until it is confirmed. */
export const messageKey = (message: ChatMessage): string => message.id ?? `client:${message.clientId}`;

const isConfirmed = (message: ChatMessage) => message.id !== null;

/**
 * Adds a message from the server (history, live event, the answer to a send
 * or a change). A message already held is kept once, as the copy with the
 * larger version: events from several streams and a re-read history may come
 * in any order. An own message waiting with the same clientId is replaced by
 * the confirmed one. Confirmed messages are kept
 * in id order, only the newest `limit` of them, with unconfirmed ones after.
 */
export function mergeMessages(list: readonly ChatMessage[], incoming: readonly ChatMessage[], limit: number): ChatMessage[] {
  const byId = new Map<string, ChatMessage>();
  const unconfirmed: ChatMessage[] = [];
  for (const message of list) {
    if (isConfirmed(message)) byId.set(message.id!, message);
    else unconfirmed.push(message);
  }
  const confirmedClientIds = new Set<string>();
  for (const message of incoming) {
    if (!isConfirmed(message)) continue;
    const held = byId.get(message.id!);
    if (!held || message.version > held.version) byId.set(message.id!, { ...message, status: 'sent' });
    if (message.clientId) confirmedClientIds.add(`${message.authorId}\u0000${message.clientId}`);
  }
  const confirmed = [...byId.values()].sort((a, b) => compareIds(a.id!, b.id!)).slice(-limit);
  const waiting = unconfirmed.filter((m) => !confirmedClientIds.has(`${m.authorId}\u0000${m.clientId}`));
  return [...confirmed, ...waiting];
}

/** Adds an own message that is on its way to the server. */
export function addPending(
  list: readonly ChatMessage[],
  message: Pick<ChatMessage, 'clientId' | 'authorId' | 'authorName' | 'body' | 'createdAt'>,
  status: 'pending' | 'waiting' = 'pending',
): ChatMessage[] {
  return [...list, { ...message, id: null, status, editedAt: null, deleted: false, reactions: [], mentions: [], version: 0 }];
}

/**
 * Sets how an own unconfirmed message stands: on its way, waiting for the
 * connection, or failed with the reason and whether a retry may help.
 */
export function setDelivery(
  list: readonly ChatMessage[],
  clientId: string,
  status: 'pending' | 'waiting' | 'failed',
  failure?: { error?: string; retryable: boolean },
): ChatMessage[] {
  return list.map((message) =>
    message.id === null && message.clientId === clientId
      ? {
          ...message,
          status,
          error: status === 'failed' ? failure?.error : undefined,
          retryable: status === 'failed' ? failure?.retryable : undefined,
        }
      : message,
  );
}

/** The unconfirmed own message with this clientId, if there is one. */
export const findUnconfirmed = (list: readonly ChatMessage[], clientId: string) =>
  list.find((message) => message.id === null && message.clientId === clientId);

/** The newest confirmed id in the list: where a subscription resumes. */
export function lastConfirmedId(list: readonly ChatMessage[]): string | null {
  let last: string | null = null;
  for (const message of list) last = maxId(last, message.id);
  return last;
}
