import type { Client, OperationResult, TypedDocumentNode } from '@urql/svelte';
import { channelIdOf, type ConversationKey } from '../chat/conversation-key.js';
import { deliveryFailure, errorCode, handleError, type DeliveryFailure } from '../chat/errors.js';
import { fromChannelMessage, fromDirectMessage } from '../chat/from-server.js';
import { maxId } from '../chat/ids.js';
import type { ReadState } from '../chat/read-state.js';
import type { Target } from '../chat/target.js';
import type { ChatMessage } from '../chat/timeline.js';
import { ErrorCode } from './codes.js';
import {
  ChannelHistoryDocument,
  ChannelsDocument,
  CreateChannelDocument,
  DirectConversationsDocument,
  DirectMessagesDocument,
  MessageAddedDocument,
  MessageUpdatedDocument,
  OnlineUsersDocument,
  SendDirectMessageDocument,
  SendMessageDocument,
} from './generated/graphql.js';

interface Named {
  readonly id: string;
  readonly name: string;
  readonly protected?: boolean;
}

/**
 * The chat's operations as the state needs them: messages in the one shape
 * the view shows, and failures already turned into a sentence by handleError.
 */

/** What succeeded, or what to tell the person (null: nothing to say, the request was aborted). */
export type Outcome<T> = T | { readonly error: string | null };

/** A channel as listed, with where the signed-in user's read marker stands in it. */
export interface ListedChannel extends Named {
  readonly read: ReadState;
}

/** Every channel, in no particular order; null when the list could not be loaded (the error is logged). */
export async function fetchChannels(client: Client): Promise<ListedChannel[] | null> {
  const result = await client.query(ChannelsDocument, {}).toPromise();
  if (result.data)
    return result.data.channels.map(({ id, name, lastReadId, unreadCount, mentionCount }) => ({
      id,
      name,
      read: { lastReadId, unread: unreadCount, mentions: mentionCount },
    }));
  handleError(result.error);
  return null;
}

export async function createChannel(client: Client, name: string): Promise<Outcome<{ channel: Named }>> {
  const result = await client.mutation(CreateChannelDocument, { name }).toPromise();
  if (result.data) return { channel: result.data.createChannel };
  const fallback = 'The channel could not be created. Try again.';
  return { error: handleError(result.error, fallback) ?? fallback };
}

/** A conversation partner, with the conversation's read state. */
export interface Partner extends Named {
  readonly read: ReadState;
  /** The newest message of the conversation the listing counted, if any. */
  readonly newestId: string | null;
}

/**
 * Who is online, and the conversation partners most recent first, with
 * the newest direct message of all ("0" for none: where the stream of
 * direct messages starts); null for a list that could not be loaded.
 */
export async function fetchPeople(
  client: Client,
): Promise<{ online: Named[] | null; partners: Partner[] | null; newestDirectId: string | null }> {
  const [online, conversations] = await Promise.all([
    client.query(OnlineUsersDocument, {}).toPromise(),
    client.query(DirectConversationsDocument, {}).toPromise(),
  ]);
  const listed = conversations.data?.directConversations ?? null;
  return {
    online: online.data?.onlineUsers.map(({ id, name, protected: locked }) => ({ id, name, protected: locked })) ?? null,
    partners:
      listed?.map((c) => ({
        id: c.with.id,
        name: c.with.name,
        protected: c.with.protected,
        read: { lastReadId: c.lastReadId, unread: c.unreadCount, mentions: 0 },
        newestId: c.lastMessage?.id ?? null,
      })) ?? null,
    newestDirectId: listed ? listed.reduce<string>((newest, c) => maxId(newest, c.lastMessage?.id ?? null) ?? newest, '0') : null,
  };
}

/** The newest `last` messages, oldest first; `missing` for a channel or a user that does not exist. */
export async function fetchHistory(
  client: Client,
  target: Target,
  last: number,
): Promise<Outcome<{ messages: ChatMessage[] } | { missing: true }>> {
  if (target.kind === 'channel') {
    const result = await client.query(ChannelHistoryDocument, { id: target.channelId, last }).toPromise();
    if (!result.data) return { error: handleError(result.error, 'The messages could not be loaded.') };
    return result.data.channel ? { messages: result.data.channel.messages.map(fromChannelMessage) } : { missing: true };
  }
  const result = await client.query(DirectMessagesDocument, { with: target.person, last }).toPromise();
  if (errorCode(result.error) === ErrorCode.NotFound) return { missing: true };
  if (!result.data) return { error: handleError(result.error, 'The conversation could not be loaded.') };
  return { messages: result.data.directMessages.map(fromDirectMessage) };
}

/** Why a message was not sent, and what can be done about it. */
export interface NotSent {
  readonly error: string | null;
  readonly failure: DeliveryFailure;
}

/** Sends a message; a resend with the same clientId is stored at most once. */
export async function postMessage(
  client: Client,
  target: Target,
  body: string,
  clientId: string,
): Promise<{ message: ChatMessage } | NotSent> {
  const fallback = 'Not sent. Try again.';
  const notSent = (error: Parameters<typeof handleError>[0]): NotSent => ({
    error: handleError(error, fallback) ?? fallback,
    failure: deliveryFailure(error),
  });
  if (target.kind === 'channel') {
    const result = await client.mutation(SendMessageDocument, { channelId: target.channelId, body, clientId }).toPromise();
    return result.data ? { message: fromChannelMessage(result.data.sendMessage) } : notSent(result.error);
  }
  const result = await client.mutation(SendDirectMessageDocument, { to: target.person, body, clientId }).toPromise();
  return result.data ? { message: fromDirectMessage(result.data.sendDirectMessage) } : notSent(result.error);
}

/**
 * Subscriptions over the chat's WebSocket: each hands its data on, reports a
 * refused session once, and logs any other failure.
 */
export class Subscriptions {
  readonly #running = new Set<() => void>();

  constructor(
    private readonly client: Client,
    private readonly onSessionEnded: () => void,
  ) {}

  /** Starts one; the returned function stops it. */
  start<Data, Variables extends Record<string, unknown>>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
    onData: (data: Data) => void,
  ): () => void {
    const { unsubscribe } = this.client.subscription(document, variables).subscribe((result: OperationResult<Data>) => {
      if (result.data) onData(result.data);
      else if (errorCode(result.error) === ErrorCode.Unauthenticated) this.onSessionEnded();
      else if (result.error) handleError(result.error);
    });
    const stop = () => {
      if (this.#running.delete(stop)) unsubscribe();
    };
    this.#running.add(stop);
    return stop;
  }

  /** Stops every one still running. */
  stopAll(): void {
    for (const stop of [...this.#running]) stop();
  }
}

/**
 * One subscription for the open channel only, moved as the open channel
 * moves: at most one at a time, whatever the number of channels.
 */
export class OpenChannelSubscription {
  #current: { key: ConversationKey; stop: () => void } | null = null;

  constructor(private readonly start: (channelId: string, key: ConversationKey) => () => void) {}

  /** The channel followed now, if any. */
  get key(): ConversationKey | null {
    return this.#current?.key ?? null;
  }

  /** Follows this channel (null: none); nothing changes when it is followed already. */
  follow(key: ConversationKey | null): void {
    if (this.#current?.key === key) return;
    this.#current?.stop();
    this.#current = null;
    const channelId = channelIdOf(key);
    if (key === null || channelId === null) return;
    this.#current = { key, stop: this.start(channelId, key) };
  }

  /** Forgets the subscription, which `Subscriptions.stopAll` stopped. */
  forget(): void {
    this.#current = null;
  }
}

/** The open channel's gap-free `messageAdded`, resumed after the id `after` gives when it starts. */
export const channelStream = (
  subscriptions: Subscriptions,
  after: (key: ConversationKey) => string,
  onMessage: (key: ConversationKey, message: ChatMessage) => void,
) =>
  new OpenChannelSubscription((channelId, key) =>
    subscriptions.start(MessageAddedDocument, { channelId, after: after(key) }, ({ messageAdded }) =>
      onMessage(key, fromChannelMessage(messageAdded)),
    ),
  );

/** The open channel's edits, deletions and reactions: each message's new state, whole. */
export const channelUpdates = (subscriptions: Subscriptions, onMessage: (key: ConversationKey, message: ChatMessage) => void) =>
  new OpenChannelSubscription((channelId, key) =>
    subscriptions.start(MessageUpdatedDocument, { channelId }, ({ messageUpdated }) => onMessage(key, fromChannelMessage(messageUpdated))),
  );
