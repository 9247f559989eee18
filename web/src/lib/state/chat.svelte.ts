import type { Client, OperationResult, TypedDocumentNode } from '@urql/svelte';
import { untrack } from 'svelte';
import { channelKey, dmKey, type ConversationKey } from '../chat/conversation-key.js';
import { errorCode, handleError } from '../chat/errors.js';
import { fromChannelMessage, fromDirectMessage, partnerOf } from '../chat/from-server.js';
import { newClientId } from '../chat/ids.js';
import { applyPresence, byName, listPeople, type Person } from '../chat/people.js';
import { addPending, findUnconfirmed, lastConfirmedId, mergeMessages, setDelivery, type ChatMessage } from '../chat/timeline.js';
import { Watermarks } from '../chat/watermarks.js';
import {
  ChannelAddedDocument,
  ChannelHistoryDocument,
  ChannelsDocument,
  ConversationsDocument,
  CreateChannelDocument,
  DirectMessageAddedDocument,
  DirectMessagesDocument,
  MessageAddedDocument,
  OnlineUsersDocument,
  PresenceChangedDocument,
  SendDirectMessageDocument,
  SendMessageDocument,
} from '../graphql/generated/graphql.js';

/** Messages kept per conversation, as the server keeps them (MESSAGE_LIMIT's default). */
export const HISTORY_LIMIT = 100;

export interface UserRef {
  readonly id: string;
  readonly name: string;
  /** A password protects the name, where known. */
  readonly protected?: boolean;
}

export interface ChannelEntry {
  readonly id: string;
  readonly name: string;
}

export type { Person };

export interface Conversation {
  readonly key: ConversationKey;
  readonly messages: readonly ChatMessage[];
  readonly loaded: boolean;
  readonly error: string | null;
}

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting';

/** The watermark key of the one stream of direct messages. */
const DIRECT = 'direct' as const;
type StreamKey = ConversationKey | typeof DIRECT;

/**
 * Everything the signed-in chat shows: channels, people, conversations,
 * unread counts and the connection, kept live by subscriptions.
 *
 * When the WebSocket drops, every subscription is dropped with it; when it is
 * back, each starts again from its watermark (the newest message processed),
 * so the server replays exactly what was posted meanwhile.
 */
export class ChatState {
  #channels = $state<ChannelEntry[]>([]);
  #online = $state<UserRef[]>([]);
  #partners = $state<UserRef[]>([]);
  #conversations = $state<Record<string, Conversation>>({});
  #unread = $state<Record<string, number>>({});
  #openKey = $state<ConversationKey | null>(null);
  #status = $state<ConnectionStatus>('connecting');
  #ready = $state(false);

  #watermarks = new Watermarks<StreamKey>();
  #subscriptions: (() => void)[] = [];
  #generation = 0;
  /** True while subscriptions run: a channel that appears now is followed at once. */
  #live = false;
  #disposed = false;
  /** Each DM key's person, spelled as the server or the URL spelled it. */
  #dmNames = new Map<ConversationKey, string>();

  constructor(
    readonly me: UserRef,
    private readonly client: Client,
    /** Called when the server no longer knows the session (it ended or expired): the page signs in again. */
    private readonly onSessionEnded: () => void = () => {},
  ) {}

  get channels(): readonly ChannelEntry[] {
    return this.#channels;
  }

  /** Online users and conversation partners (offline ones too), by name; not oneself. */
  get people(): readonly Person[] {
    return listPeople(this.#online, this.#partners, this.me.id);
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** True once the first lists have loaded. */
  get ready(): boolean {
    return this.#ready;
  }

  get openKey(): ConversationKey | null {
    return this.#openKey;
  }

  unread(key: ConversationKey): number {
    return this.#unread[key] ?? 0;
  }

  conversation(key: ConversationKey): Conversation {
    return this.#conversations[key] ?? { key, messages: [], loaded: false, error: null };
  }

  channelName(id: string): string | null {
    return this.#channels.find((channel) => channel.id === id)?.name ?? null;
  }

  /** The key of the conversation with a person named in a URL. */
  dmKeyFor(name: string): ConversationKey {
    const key = dmKey(name);
    if (!this.#dmNames.has(key)) this.#dmNames.set(key, name);
    return key;
  }

  // ── connection ───────────────────────────────────────────────────────────

  /** The WebSocket is (again) open: load the lists and subscribe from the watermarks. */
  async connected(): Promise<void> {
    if (this.#disposed) return;
    const generation = ++this.#generation;
    this.#live = false;
    this.#dropSubscriptions();
    this.#status = 'online';
    this.#subscribe(ChannelAddedDocument, {}, (data) => this.#addChannel(data.channelAdded, '0'));
    this.#subscribe(PresenceChangedDocument, {}, (data) => (this.#online = applyPresence(this.#online, data.presenceChanged)));
    await Promise.all([this.#loadChannels(), this.#loadPeople()]);
    if (generation !== this.#generation || this.#disposed) return;
    for (const channel of this.#channels) this.#subscribeChannel(channel.id);
    this.#subscribeDirectMessages();
    this.#live = true;
    this.#ready = true;
    const open = this.#openKey;
    // A conversation that failed to load while offline gets another chance.
    if (open && !this.conversation(open).loaded) void this.#load(open);
  }

  /** The WebSocket closed: say so, and drop the subscriptions so that they restart from the watermarks. */
  disconnected(): void {
    if (this.#disposed) return;
    this.#generation++;
    this.#live = false;
    this.#status = 'reconnecting';
    this.#dropSubscriptions();
  }

  dispose(): void {
    this.#disposed = true;
    this.#dropSubscriptions();
  }

  // ── intents ──────────────────────────────────────────────────────────────

  /** Shows a conversation: its unread count clears and its history loads once. */
  open(key: ConversationKey): void {
    untrack(() => {
      this.#openKey = key;
      this.#unread[key] = 0;
      if (!this.conversation(key).loaded) void this.#load(key);
    });
  }

  /** The page left the conversation. */
  close(key: ConversationKey): void {
    untrack(() => {
      if (this.#openKey === key) this.#openKey = null;
    });
  }

  /** Creates a channel; resolves with its id, or with the reason it could not be created. */
  async createChannel(rawName: string): Promise<{ id: string } | { error: string }> {
    const name = rawName.trim();
    if (!name) return { error: 'Enter a channel name.' };
    const result = await this.client.mutation(CreateChannelDocument, { name }).toPromise();
    if (result.data) {
      this.#addChannel(result.data.createChannel, '0');
      return { id: result.data.createChannel.id };
    }
    const fallback = 'The channel could not be created. Try again.';
    return { error: handleError(result.error, fallback) ?? fallback };
  }

  /** Sends a message: shown at once, then confirmed, or marked failed with a retry. */
  send(key: ConversationKey, rawBody: string): void {
    const body = rawBody.trim();
    if (!body) return;
    const clientId = newClientId();
    const createdAt = new Date().toISOString();
    this.#update(key, (messages) => addPending(messages, { clientId, authorId: this.me.id, authorName: this.me.name, body, createdAt }));
    void this.#deliver(key, clientId, body);
  }

  /** Sends a failed message again with the same clientId: the server stores it at most once. */
  retry(key: ConversationKey, clientId: string): void {
    const message = findUnconfirmed(this.conversation(key).messages, clientId);
    if (!message || message.status !== 'failed') return;
    this.#update(key, (messages) => setDelivery(messages, clientId, 'pending'));
    void this.#deliver(key, clientId, message.body);
  }

  // ── sending ──────────────────────────────────────────────────────────────

  async #deliver(key: ConversationKey, clientId: string, body: string): Promise<void> {
    const fallback = 'Not sent. Try again.';
    let message: ChatMessage | null = null;
    let error: unknown;
    if (key.startsWith('channel:')) {
      const channelId = key.slice('channel:'.length);
      const result = await this.client.mutation(SendMessageDocument, { channelId, body, clientId }).toPromise();
      if (result.data) message = fromChannelMessage(result.data.sendMessage);
      error = result.error;
    } else {
      const to = this.#dmNames.get(key) ?? key.slice('dm:'.length);
      const result = await this.client.mutation(SendDirectMessageDocument, { to, body, clientId }).toPromise();
      if (result.data) {
        message = fromDirectMessage(result.data.sendDirectMessage);
        this.#watermarks.advance(DIRECT, message.id);
      }
      error = result.error;
    }
    if (message) this.#receive(key, [message], { live: false });
    else this.#update(key, (messages) => setDelivery(messages, clientId, 'failed', handleError(error as never, fallback) ?? fallback));
  }

  // ── loading ──────────────────────────────────────────────────────────────

  async #load(key: ConversationKey): Promise<void> {
    if (key.startsWith('channel:')) {
      const id = key.slice('channel:'.length);
      const result = await this.client.query(ChannelHistoryDocument, { id, last: HISTORY_LIMIT }).toPromise();
      if (result.data?.channel) {
        this.#receive(key, result.data.channel.messages.map(fromChannelMessage), { live: false, loaded: true });
        this.#watermarks.advance(key, lastConfirmedId(this.conversation(key).messages));
      } else if (result.data) this.#setError(key, 'There is no such channel. The link may be wrong.');
      else this.#setError(key, handleError(result.error, 'The messages could not be loaded.'));
      return;
    }
    const name = this.#dmNames.get(key) ?? key.slice('dm:'.length);
    const result = await this.client.query(DirectMessagesDocument, { with: name, last: HISTORY_LIMIT }).toPromise();
    if (!result.data) return this.#setError(key, handleError(result.error, 'The conversation could not be loaded.'));
    const history = result.data.directMessages;
    this.#receive(key, history.map(fromDirectMessage), { live: false, loaded: true });
    this.#watermarks.advance(DIRECT, lastConfirmedId(this.conversation(key).messages));
  }

  async #loadChannels(): Promise<void> {
    const result = await this.client.query(ChannelsDocument, {}).toPromise();
    if (!result.data) return void handleError(result.error);
    for (const channel of result.data.channels) this.#addChannel(channel, channel.messages[0]?.id ?? '0');
  }

  async #loadPeople(): Promise<void> {
    const [online, partners] = await Promise.all([
      this.client.query(OnlineUsersDocument, {}).toPromise(),
      this.client.query(ConversationsDocument, {}).toPromise(),
    ]);
    if (online.data) this.#online = online.data.onlineUsers.map(({ id, name, protected: locked }) => ({ id, name, protected: locked }));
    if (!partners.data) return;
    this.#partners = partners.data.conversations.map(({ id, name, protected: locked }) => ({ id, name, protected: locked }));
    for (const partner of this.#partners) this.#dmNames.set(dmKey(partner.name), partner.name);
    if (!this.#watermarks.has(DIRECT)) await this.#startDirectMessages(this.#partners[0]?.name ?? null);
  }

  /**
   * Where the stream of direct messages starts: conversations come most recent
   * first, so the newest message of the first one is this user's newest.
   */
  async #startDirectMessages(latestPartner: string | null): Promise<void> {
    if (latestPartner === null) return this.#watermarks.start(DIRECT, '0');
    const result = await this.client.query(DirectMessagesDocument, { with: latestPartner, last: 1 }).toPromise();
    if (result.data) this.#watermarks.start(DIRECT, result.data.directMessages[0]?.id ?? '0');
  }

  // ── receiving ────────────────────────────────────────────────────────────

  /** Messages from the server: merged once each; live ones from others count as unread unless open. */
  #receive(key: ConversationKey, incoming: ChatMessage[], options: { live: boolean; loaded?: boolean }): void {
    const current = this.conversation(key);
    const known = new Set(current.messages.map((m) => m.id));
    this.#conversations[key] = {
      ...current,
      messages: mergeMessages(current.messages, incoming, HISTORY_LIMIT),
      loaded: current.loaded || Boolean(options.loaded),
      error: options.loaded ? null : current.error,
    };
    if (!options.live || key === this.#openKey) return;
    const unseen = incoming.filter((m) => !known.has(m.id) && m.authorId !== this.me.id).length;
    if (unseen > 0) this.#unread[key] = (this.#unread[key] ?? 0) + unseen;
  }

  #setError(key: ConversationKey, error: string | null): void {
    this.#conversations[key] = { ...this.conversation(key), error };
  }

  #update(key: ConversationKey, change: (messages: readonly ChatMessage[]) => ChatMessage[]): void {
    const current = this.conversation(key);
    this.#conversations[key] = { ...current, messages: change(current.messages) };
  }

  #addChannel(channel: ChannelEntry, newestId: string): void {
    this.#watermarks.start(channelKey(channel.id), newestId);
    if (this.#channels.some((c) => c.id === channel.id)) return;
    this.#channels = [...this.#channels, { id: channel.id, name: channel.name }].sort(byName);
    if (this.#live) this.#subscribeChannel(channel.id);
  }

  #subscribeChannel(channelId: string): void {
    const key = channelKey(channelId);
    this.#subscribe(MessageAddedDocument, { channelId, after: this.#watermarks.after(key) }, (data) => {
      const message = fromChannelMessage(data.messageAdded);
      this.#watermarks.advance(key, message.id);
      this.#receive(key, [message], { live: true });
    });
  }

  #subscribeDirectMessages(): void {
    this.#subscribe(DirectMessageAddedDocument, { after: this.#watermarks.after(DIRECT) }, (data) => {
      const message = data.directMessageAdded;
      this.#watermarks.advance(DIRECT, message.id);
      const partner = partnerOf(message, this.me.id);
      const key = dmKey(partner.name);
      this.#dmNames.set(key, partner.name);
      if (!this.#partners.some((p) => p.id === partner.id)) this.#partners = [{ id: partner.id, name: partner.name }, ...this.#partners];
      this.#receive(key, [fromDirectMessage(message)], { live: true });
    });
  }

  #subscribe<Data, Variables extends Record<string, unknown>>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
    onData: (data: Data) => void,
  ): void {
    const { unsubscribe } = this.client.subscription(document, variables).subscribe((result: OperationResult<Data>) => {
      if (result.data) onData(result.data);
      else if (errorCode(result.error) === 'UNAUTHENTICATED') this.#sessionEnded();
      else if (result.error) handleError(result.error);
    });
    this.#subscriptions.push(unsubscribe);
  }

  #sessionEnded(): void {
    if (this.#disposed) return;
    this.dispose();
    this.onSessionEnded();
  }

  #dropSubscriptions(): void {
    for (const unsubscribe of this.#subscriptions.splice(0)) unsubscribe();
  }
}
