import type { Client, OperationResult } from '@urql/svelte';
import { untrack } from 'svelte';
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
  type ChannelMessageFragment,
  type DirectMessageFieldsFragment,
} from '../graphql/generated/graphql.js';
import { channelKey, dmKey, type ConversationKey } from '../chat/conversation-key.js';
import { handleError } from '../chat/errors.js';
import { maxId, newClientId } from '../chat/ids.js';
import { addPending, findUnconfirmed, lastConfirmedId, mergeMessages, setDelivery, type ChatMessage } from '../chat/timeline.js';

/** Messages kept per conversation, as the server keeps them (MESSAGE_LIMIT's default). */
export const HISTORY_LIMIT = 100;

export interface UserRef {
  readonly id: string;
  readonly name: string;
}

export interface ChannelEntry {
  readonly id: string;
  readonly name: string;
}

export interface PersonEntry extends UserRef {
  readonly online: boolean;
}

export interface Conversation {
  readonly key: ConversationKey;
  readonly messages: readonly ChatMessage[];
  readonly loaded: boolean;
  readonly error: string | null;
}

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting';

type Unsubscribe = () => void;

const fromChannelMessage = (m: ChannelMessageFragment): ChatMessage => ({
  id: m.id,
  clientId: m.clientId,
  authorId: m.author.id,
  authorName: m.author.name,
  body: m.body,
  createdAt: m.createdAt,
  status: 'sent',
});

const fromDirectMessage = (m: DirectMessageFieldsFragment): ChatMessage => ({
  id: m.id,
  clientId: m.clientId,
  authorId: m.from.id,
  authorName: m.from.name,
  body: m.body,
  createdAt: m.createdAt,
  status: 'sent',
});

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/**
 * Everything the signed-in chat shows: channels, people, conversations,
 * unread counts and the connection, kept live by subscriptions.
 *
 * Resuming: each channel, and the stream of direct messages, has a watermark,
 * the newest message id this client has processed. When the WebSocket drops,
 * every subscription is dropped with it; when it is back, each is started
 * again with `after` = its watermark, so the server replays exactly what was
 * posted meanwhile.
 */
export class ChatState {
  #channels = $state<ChannelEntry[]>([]);
  #online = $state<PersonEntry[]>([]);
  #partners = $state<PersonEntry[]>([]);
  #conversations = $state<Record<string, Conversation>>({});
  #unread = $state<Record<string, number>>({});
  #openKey = $state<ConversationKey | null>(null);
  #status = $state<ConnectionStatus>('connecting');
  #ready = $state(false);

  /** Newest processed id per channel key, and for all direct messages. */
  #watermarks = new Map<ConversationKey, string | null>();
  #dmWatermark: string | null = null;
  #dmWatermarkKnown = false;
  #subscriptions: Unsubscribe[] = [];
  #generation = 0;
  /** True while subscriptions are running: a channel that appears now is followed at once. */
  #live = false;
  #disposed = false;
  /** The display name for each DM key, as the route or the server spelled it. */
  #dmNames = new Map<ConversationKey, string>();

  constructor(
    readonly me: UserRef,
    private readonly client: Client,
  ) {}

  get channels(): readonly ChannelEntry[] {
    return this.#channels;
  }

  /** Everyone to write to: online users, and people with a conversation (online or not), by name; not oneself. */
  get people(): readonly PersonEntry[] {
    const byId = new Map<string, PersonEntry>();
    for (const person of this.#partners) byId.set(person.id, { ...person, online: false });
    for (const person of this.#online) byId.set(person.id, { ...person, online: true });
    byId.delete(this.me.id);
    return [...byId.values()].sort(byName);
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

  // ── connection ───────────────────────────────────────────────────────────

  /** The WebSocket is (again) open: load the lists and subscribe from the watermarks. */
  async connected(): Promise<void> {
    if (this.#disposed) return;
    const generation = ++this.#generation;
    this.#live = false;
    this.#dropSubscriptions();
    this.#status = 'online';
    this.#subscribe(ChannelAddedDocument, {}, (data) => this.#addChannel(data.channelAdded, '0'));
    this.#subscribe(PresenceChangedDocument, {}, (data) => this.#presence(data.presenceChanged));
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

  /** The WebSocket closed: show it, and drop the subscriptions so they restart from the watermarks. */
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

  /** Nothing is open any more (the page left the conversation). */
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
    return { error: handleError(result.error, 'The channel could not be created. Try again.') ?? 'The channel could not be created.' };
  }

  /** Sends a message to the open conversation: shown at once, then confirmed or marked failed. */
  send(key: ConversationKey, rawBody: string): void {
    const body = rawBody.trim();
    if (!body) return;
    const clientId = newClientId();
    this.#update(key, (messages) =>
      addPending(messages, {
        clientId,
        authorId: this.me.id,
        authorName: this.me.name,
        body,
        createdAt: new Date().toISOString(),
      }),
    );
    void this.#deliver(key, clientId, body);
  }

  /** Sends a failed message again, with the same clientId: the server stores it at most once. */
  retry(key: ConversationKey, clientId: string): void {
    const message = findUnconfirmed(this.conversation(key).messages, clientId);
    if (!message || message.status !== 'failed') return;
    this.#update(key, (messages) => setDelivery(messages, clientId, 'pending'));
    void this.#deliver(key, clientId, message.body);
  }

  // ── internals ────────────────────────────────────────────────────────────

  async #deliver(key: ConversationKey, clientId: string, body: string): Promise<void> {
    const result = await this.#sendOperation(key, clientId, body);
    if (result.message) this.#receive(key, [result.message], { live: false });
    else this.#update(key, (messages) => setDelivery(messages, clientId, 'failed', result.error));
  }

  async #sendOperation(key: ConversationKey, clientId: string, body: string): Promise<{ message?: ChatMessage; error?: string }> {
    const fallback = 'Not sent. Try again.';
    if (key.startsWith('channel:')) {
      const channelId = key.slice('channel:'.length);
      const result = await this.client.mutation(SendMessageDocument, { channelId, body, clientId }).toPromise();
      if (result.data) return { message: fromChannelMessage(result.data.sendMessage) };
      return { error: handleError(result.error, fallback) ?? fallback };
    }
    const to = this.#dmNames.get(key) ?? key.slice('dm:'.length);
    const result = await this.client.mutation(SendDirectMessageDocument, { to, body, clientId }).toPromise();
    if (result.data) {
      const message = fromDirectMessage(result.data.sendDirectMessage);
      this.#noteDirectMessage(result.data.sendDirectMessage);
      return { message };
    }
    return { error: handleError(result.error, fallback) ?? fallback };
  }

  /** The person a DM key stands for, as spelled in the URL that opened it. */
  rememberDmName(name: string): ConversationKey {
    const key = dmKey(name);
    if (!this.#dmNames.has(key)) this.#dmNames.set(key, name);
    return key;
  }

  async #load(key: ConversationKey): Promise<void> {
    if (key.startsWith('channel:')) {
      const id = key.slice('channel:'.length);
      const result = await this.client.query(ChannelHistoryDocument, { id, last: HISTORY_LIMIT }).toPromise();
      if (result.data?.channel) {
        this.#receive(key, result.data.channel.messages.map(fromChannelMessage), { live: false, loaded: true });
        this.#watermarks.set(key, maxId(this.#watermarks.get(key) ?? null, lastConfirmedId(this.conversation(key).messages)));
      } else if (result.data) this.#setError(key, 'There is no such channel. It may have been a wrong link.');
      else this.#setError(key, handleError(result.error, 'The messages could not be loaded.'));
      return;
    }
    const name = this.#dmNames.get(key) ?? key.slice('dm:'.length);
    const result = await this.client.query(DirectMessagesDocument, { with: name, last: HISTORY_LIMIT }).toPromise();
    if (result.data) {
      const history = result.data.directMessages;
      this.#receive(key, history.map(fromDirectMessage), { live: false, loaded: true });
      for (const message of history) this.#noteDirectMessage(message);
    } else this.#setError(key, handleError(result.error, 'The conversation could not be loaded.'));
  }

  #setError(key: ConversationKey, error: string | null): void {
    const current = this.conversation(key);
    this.#conversations[key] = { ...current, error };
  }

  #update(key: ConversationKey, change: (messages: readonly ChatMessage[]) => ChatMessage[]): void {
    const current = this.conversation(key);
    this.#conversations[key] = { ...current, messages: change(current.messages) };
  }

  /** Messages from the server: merged once each; live ones from others count as unread unless open. */
  #receive(key: ConversationKey, incoming: ChatMessage[], options: { live: boolean; loaded?: boolean }): void {
    const current = this.conversation(key);
    const known = new Set(current.messages.map((m) => m.id));
    const fresh = incoming.filter((m) => !known.has(m.id));
    this.#conversations[key] = {
      ...current,
      messages: mergeMessages(current.messages, incoming, HISTORY_LIMIT),
      loaded: current.loaded || Boolean(options.loaded),
      error: options.loaded ? null : current.error,
    };
    if (options.live && key !== this.#openKey) {
      const unseen = fresh.filter((m) => m.authorId !== this.me.id).length;
      if (unseen > 0) this.#unread[key] = (this.#unread[key] ?? 0) + unseen;
    }
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
    if (online.data) this.#online = online.data.onlineUsers.map((u) => ({ id: u.id, name: u.name, online: true }));
    if (partners.data) {
      this.#partners = partners.data.conversations.map((u) => ({ id: u.id, name: u.name, online: u.online }));
      for (const partner of this.#partners) this.#dmNames.set(dmKey(partner.name), partner.name);
      if (!this.#dmWatermarkKnown) await this.#findDmWatermark(partners.data.conversations[0]?.name ?? null);
    }
  }

  /**
   * Where the direct-message stream starts: the newest message of the most
   * recent conversation is the newest direct message of this user.
   */
  async #findDmWatermark(latestPartner: string | null): Promise<void> {
    if (latestPartner === null) {
      this.#dmWatermark = maxId(this.#dmWatermark, '0');
      this.#dmWatermarkKnown = true;
      return;
    }
    const result = await this.client.query(DirectMessagesDocument, { with: latestPartner, last: 1 }).toPromise();
    if (!result.data) return;
    this.#dmWatermark = maxId(this.#dmWatermark, result.data.directMessages[0]?.id ?? '0');
    this.#dmWatermarkKnown = true;
  }

  #addChannel(channel: ChannelEntry, watermark: string): void {
    const key = channelKey(channel.id);
    if (!this.#watermarks.has(key)) this.#watermarks.set(key, watermark);
    if (this.#channels.some((c) => c.id === channel.id)) return;
    this.#channels = [...this.#channels, { id: channel.id, name: channel.name }].sort(byName);
    // A channel that appears while connected is followed at once; otherwise `connected` does it.
    if (this.#live) this.#subscribeChannel(channel.id);
  }

  #presence(user: PersonEntry): void {
    const others = this.#online.filter((u) => u.id !== user.id);
    this.#online = user.online ? [...others, { id: user.id, name: user.name, online: true }] : others;
  }

  #subscribeChannel(channelId: string): void {
    const key = channelKey(channelId);
    const after = this.#watermarks.get(key) ?? null;
    this.#subscribe(MessageAddedDocument, { channelId, after }, (data) => {
      const message = fromChannelMessage(data.messageAdded);
      this.#watermarks.set(key, maxId(this.#watermarks.get(key) ?? null, message.id));
      this.#receive(key, [message], { live: true });
    });
  }

  #subscribeDirectMessages(): void {
    const after = this.#dmWatermarkKnown ? this.#dmWatermark : null;
    this.#subscribe(DirectMessageAddedDocument, { after }, (data) => {
      const message = data.directMessageAdded;
      this.#noteDirectMessage(message);
      const partner = message.from.id === this.me.id ? message.to : message.from;
      const key = dmKey(partner.name);
      this.#dmNames.set(key, partner.name);
      if (!this.#partners.some((p) => p.id === partner.id))
        this.#partners = [{ id: partner.id, name: partner.name, online: this.#online.some((u) => u.id === partner.id) }, ...this.#partners];
      this.#receive(key, [fromDirectMessage(message)], { live: true });
    });
  }

  #noteDirectMessage(message: { id: string }): void {
    this.#dmWatermark = maxId(this.#dmWatermark, message.id);
    this.#dmWatermarkKnown = true;
  }

  #subscribe<Data, Variables extends Record<string, unknown>>(
    document: import('@urql/svelte').TypedDocumentNode<Data, Variables>,
    variables: Variables,
    onData: (data: Data) => void,
  ): void {
    const { unsubscribe } = this.client.subscription(document, variables).subscribe((result: OperationResult<Data>) => {
      if (result.data) onData(result.data);
      else if (result.error) handleError(result.error);
    });
    this.#subscriptions.push(unsubscribe);
  }

  #dropSubscriptions(): void {
    for (const unsubscribe of this.#subscriptions.splice(0)) unsubscribe();
  }
}
