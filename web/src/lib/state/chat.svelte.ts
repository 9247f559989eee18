import type { Client } from '@urql/svelte';
import { untrack } from 'svelte';
import { buildChannelList, insertChannel, type ChannelEntry } from '../chat/channel-list.js';
import { channelKey, type ConversationKey } from '../chat/conversation-key.js';
import { staleAfterReconnect, type Conversation } from '../chat/conversation.js';
import { fromChannelMessage, fromDirectMessage, partnerOf } from '../chat/from-server.js';
import { newClientId } from '../chat/ids.js';
import { applyPresence, listPeople, withPartner, type Person, type UserRef } from '../chat/people.js';
import { DIRECT, resumeAfterHistory, Targets, type StreamKey } from '../chat/target.js';
import { addPending, findUnconfirmed, lastConfirmedId, setDelivery } from '../chat/timeline.js';
import { Watermarks } from '../chat/watermarks.js';
import * as api from '../graphql/chat-api.js';
import {
  ChannelActivityDocument,
  ChannelAddedDocument,
  DirectMessageAddedDocument,
  PresenceChangedDocument,
  type DirectMessageFieldsFragment,
} from '../graphql/generated/graphql.js';
import { DEFAULT_HISTORY_LENGTH } from '../graphql/codes.js';
import { Conversations } from './conversations.svelte.js';

/** Messages kept per conversation: as many as a history query returns by default. */
export const HISTORY_LIMIT = DEFAULT_HISTORY_LENGTH;

export type { ChannelEntry, Conversation, Person, UserRef };

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting';

/**
 * Everything the signed-in chat shows: channels, people, conversations,
 * unread counts and the connection, kept live by subscriptions.
 *
 * A handful of subscriptions, whatever the number of channels: one
 * `channelActivity` for every channel (unread counts, and the conversations
 * already loaded), the open channel's own `messageAdded`, direct messages,
 * new channels and presence. When the WebSocket drops, every subscription is
 * dropped with it; when it is back, the open channel and direct messages
 * start again from their watermarks (the newest message processed), so the
 * server replays exactly what was posted meanwhile. Activity replays nothing:
 * the other channels loaded earlier are stale then, and reload when opened.
 */
export class ChatState {
  // Replaced whole, never changed in place: no proxy over thousands of entries.
  #channels = $state.raw<readonly ChannelEntry[]>([]);
  #channelNames = $derived(new Map(this.#channels.map((channel) => [channel.id, channel.name])));
  #online = $state<UserRef[]>([]);
  #partners = $state<readonly UserRef[]>([]);
  #conversations: Conversations;
  #openKey = $state<ConversationKey | null>(null);
  #status = $state<ConnectionStatus>('connecting');
  #ready = $state(false);

  #watermarks = new Watermarks<StreamKey>();
  #targets = new Targets();
  #subscriptions: api.Subscriptions;
  /** The open channel's gap-free stream, resumed from its watermark. */
  #openStream: api.ChannelStream;
  /** Channels loaded before the connection dropped, not open since: opening them reloads their history. */
  #stale = new Set<ConversationKey>();
  #generation = 0;
  /** True while subscriptions run: the open channel is followed at once. */
  #live = false;
  #disposed = false;

  constructor(
    readonly me: UserRef,
    private readonly client: Client,
    /** Called when the server no longer knows the session (it ended or expired): the page signs in again. */
    private readonly onSessionEnded: () => void = () => {},
  ) {
    this.#conversations = new Conversations(me.id, HISTORY_LIMIT, (key) => key === this.#openKey);
    this.#subscriptions = new api.Subscriptions(client, () => this.#sessionEnded());
    this.#openStream = new api.ChannelStream(this.#subscriptions, (key, message) => {
      this.#watermarks.advance(key, message.id);
      this.#conversations.receive(key, [message], { live: true });
    });
  }

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
    return this.#conversations.unread(key);
  }

  /** Unread messages in every channel and conversation. */
  get totalUnread(): number {
    return this.#conversations.totalUnread;
  }

  conversation(key: ConversationKey): Conversation {
    return this.#conversations.get(key);
  }

  channelName(id: string): string | null {
    return this.#channelNames.get(id) ?? null;
  }

  /** The key of the conversation with a person named in a URL. */
  dmKeyFor(name: string): ConversationKey {
    return this.#targets.keyFor(name);
  }

  // ── connection ───────────────────────────────────────────────────────────

  /** The WebSocket is (again) open: load the lists and subscribe from the watermarks. */
  async connected(): Promise<void> {
    if (this.#disposed) return;
    const generation = ++this.#generation;
    this.#live = false;
    this.#dropSubscriptions();
    this.#status = 'online';
    for (const key of staleAfterReconnect(this.#conversations.all(), this.#openKey)) this.#stale.add(key);
    const subscriptions = this.#subscriptions;
    subscriptions.start(ChannelAddedDocument, {}, (data) => this.#addChannel(data.channelAdded));
    subscriptions.start(PresenceChangedDocument, {}, (data) => (this.#online = applyPresence(this.#online, data.presenceChanged)));
    subscriptions.start(ChannelActivityDocument, {}, ({ channelActivity: m }) =>
      this.#conversations.receiveActivity(channelKey(m.channelId), fromChannelMessage(m)),
    );
    await Promise.all([this.#loadChannels(), this.#loadPeople()]);
    if (generation !== this.#generation || this.#disposed) return;
    const after = this.#watermarks.after(DIRECT);
    subscriptions.start(DirectMessageAddedDocument, { after }, ({ directMessageAdded }) => this.#receiveDirect(directMessageAdded));
    this.#live = true;
    this.#ready = true;
    // The open conversation loads if it failed to while offline, or went stale; else its stream resumes.
    const open = this.#openKey;
    if (open && this.#needsLoad(open)) void this.#load(open);
    else this.#followOpen();
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

  /** Shows a conversation: its unread count clears and its history loads once (again, when stale). */
  open(key: ConversationKey): void {
    untrack(() => {
      this.#openKey = key;
      this.#conversations.markRead(key);
      if (this.#needsLoad(key)) void this.#load(key);
      else this.#followOpen();
    });
  }

  /** The page left the conversation. */
  close(key: ConversationKey): void {
    untrack(() => {
      if (this.#openKey !== key) return;
      this.#openKey = null;
      this.#followOpen();
    });
  }

  /** Creates a channel; resolves with its id, or with the reason it could not be created. */
  async createChannel(rawName: string): Promise<{ id: string } | { error: string }> {
    const name = rawName.trim();
    if (!name) return { error: 'Enter a channel name.' };
    const outcome = await api.createChannel(this.client, name);
    if ('error' in outcome) return { error: outcome.error ?? 'The channel could not be created. Try again.' };
    this.#addChannel(outcome.channel);
    return { id: outcome.channel.id };
  }

  /** Sends a message: shown at once, then confirmed, or marked failed with a retry. */
  send(key: ConversationKey, rawBody: string): void {
    const body = rawBody.trim();
    if (!body) return;
    const clientId = newClientId();
    const createdAt = new Date().toISOString();
    this.#conversations.update(key, (messages) =>
      addPending(messages, { clientId, authorId: this.me.id, authorName: this.me.name, body, createdAt }),
    );
    void this.#deliver(key, clientId, body);
  }

  /** Sends a failed message again with the same clientId: the server stores it at most once. */
  retry(key: ConversationKey, clientId: string): void {
    const message = findUnconfirmed(this.conversation(key).messages, clientId);
    if (!message || message.status !== 'failed') return;
    this.#conversations.update(key, (messages) => setDelivery(messages, clientId, 'pending'));
    void this.#deliver(key, clientId, message.body);
  }

  // ── loading and sending ──────────────────────────────────────────────────

  async #deliver(key: ConversationKey, clientId: string, body: string): Promise<void> {
    const target = this.#targets.of(key);
    const outcome = await api.postMessage(this.client, target, body, clientId);
    if ('error' in outcome)
      return this.#conversations.update(key, (list) => setDelivery(list, clientId, 'failed', outcome.error ?? undefined));
    if (target.kind === 'direct') this.#watermarks.advance(DIRECT, outcome.message.id);
    this.#conversations.receive(key, [outcome.message], { live: false });
  }

  #needsLoad(key: ConversationKey): boolean {
    return !this.conversation(key).loaded || this.#stale.has(key);
  }

  async #load(key: ConversationKey): Promise<void> {
    const target = this.#targets.of(key);
    const outcome = await api.fetchHistory(this.client, target, HISTORY_LIMIT);
    if ('error' in outcome) return this.#conversations.setError(key, outcome.error);
    if (outcome.messages === null) return this.#conversations.setError(key, 'There is no such channel. The link may be wrong.');
    this.#conversations.receive(key, outcome.messages, { live: false, loaded: true });
    const { stream, after } = resumeAfterHistory(target, lastConfirmedId(this.conversation(key).messages));
    this.#watermarks.advance(stream, after);
    this.#stale.delete(key);
    this.#followOpen();
  }

  async #loadChannels(): Promise<void> {
    const listed = await api.fetchChannels(this.client);
    // Channels added live while the listing loaded are kept.
    if (listed) this.#channels = buildChannelList(this.#channels, listed);
  }

  async #loadPeople(): Promise<void> {
    const { online, partners } = await api.fetchPeople(this.client);
    if (online) this.#online = online;
    if (!partners) return;
    this.#partners = partners;
    for (const partner of partners) this.#targets.remember(partner.name);
    if (this.#watermarks.has(DIRECT)) return;
    const newest = partners[0] ? await api.fetchNewestDirectId(this.client, partners[0].name) : '0';
    if (newest !== null) this.#watermarks.start(DIRECT, newest);
  }

  // ── receiving ────────────────────────────────────────────────────────────

  /** A direct message sent or received by this user, in any conversation. */
  #receiveDirect(message: DirectMessageFieldsFragment): void {
    this.#watermarks.advance(DIRECT, message.id);
    const partner = partnerOf(message, this.me.id);
    const key = this.#targets.remember(partner.name);
    this.#partners = withPartner(this.#partners, { id: partner.id, name: partner.name });
    this.#conversations.receive(key, [fromDirectMessage(message)], { live: true });
  }

  #addChannel(channel: ChannelEntry): void {
    this.#channels = insertChannel(this.#channels, channel);
  }

  // ── subscriptions ────────────────────────────────────────────────────────

  /**
   * Follows the open channel with its own stream from its watermark, once its
   * history is loaded (until then the watermark is unknown). Its messages come
   * by activity too: both are merged by id. A direct conversation has no
   * stream of its own: the one of every direct message carries it.
   */
  #followOpen(): void {
    const key = this.#openKey;
    const wanted = key && this.#targets.of(key).kind === 'channel' && this.#live && !this.#needsLoad(key) ? key : null;
    this.#openStream.follow(wanted, () => this.#watermarks.after(wanted!) ?? '0');
  }

  #sessionEnded(): void {
    if (this.#disposed) return;
    this.dispose();
    this.onSessionEnded();
  }

  #dropSubscriptions(): void {
    this.#subscriptions.stopAll();
    this.#openStream.forget();
  }
}
