import type { Client } from '@urql/svelte';
import { untrack } from 'svelte';
import type { ChannelEntry } from '../chat/channel-list.js';
import { channelKey, type ConversationKey } from '../chat/conversation-key.js';
import { staleAfterReconnect, type Conversation } from '../chat/conversation.js';
import { fromChannelMessage, fromDirectMessage, partnerOf } from '../chat/from-server.js';
import type { Person, UserRef } from '../chat/people.js';
import { DIRECT, resumeAfterHistory, Targets, type StreamKey } from '../chat/target.js';
import { lastConfirmedId } from '../chat/timeline.js';
import { Watermarks } from '../chat/watermarks.js';
import * as api from '../graphql/chat-api.js';
import {
  ChannelActivityDocument,
  ChannelAddedDocument,
  DirectMessageAddedDocument,
  DirectMessageUpdatedDocument,
  PresenceChangedDocument,
  type DirectMessageFieldsFragment,
} from '../graphql/generated/graphql.js';
import { DEFAULT_HISTORY_LENGTH } from '../graphql/codes.js';
import { Channels } from './channels.svelte.js';
import { Conversations } from './conversations.svelte.js';
import { MessageChanges } from './message-changes.js';
import { People } from './people.svelte.js';
import { Sending } from './sending.js';

/** Messages kept per conversation: as many as a history query returns by default. */
export const HISTORY_LIMIT = DEFAULT_HISTORY_LENGTH;

export type { ChannelEntry, Conversation, Person, UserRef };

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting';

/**
 * Everything the signed-in chat shows: channels, people, conversations,
 * unread counts and the connection, kept live by subscriptions.
 *
 * Seven subscriptions, whatever the number of channels: one
 * `channelActivity` for every channel (unread counts, and the conversations
 * already loaded), the open channel's own `messageAdded` and
 * `messageUpdated`, direct messages and their changes, new channels and
 * presence. When the WebSocket drops, every subscription is dropped with it;
 * when it is back, direct messages start again from their watermark (the
 * newest message processed), so the server replays what was sent meanwhile.
 * No stream replays edits, deletions and reactions, nor activity: every
 * conversation loaded earlier is stale then, and is read again (the open one
 * at once) after its changes are subscribed to, keeping the larger version of
 * each message. A channel whose changes stop being followed, because another
 * is opened, is stale in the same way.
 */
export class ChatState {
  #channels: Channels;
  #people: People;
  #conversations: Conversations;
  #openKey = $state<ConversationKey | null>(null);
  #status = $state<ConnectionStatus>('connecting');
  #ready = $state(false);

  #watermarks = new Watermarks<StreamKey>();
  #targets = new Targets();
  #subscriptions: api.Subscriptions;
  /** The open channel's gap-free stream, resumed from its watermark. */
  #openStream: api.OpenChannelSubscription;
  /** The open channel's edits, deletions and reactions. */
  #openUpdates: api.OpenChannelSubscription;
  /** Conversations whose loaded messages may be out of date: opening them reads them again. */
  #stale = new Set<ConversationKey>();
  #generation = 0;
  /** True while subscriptions run: the open channel is followed at once. */
  #live = false;
  #disposed = false;

  #sending: Sending;
  /** Edits, deletions and reactions by the signed-in user. */
  readonly changes: MessageChanges;

  constructor(
    readonly me: UserRef,
    private readonly client: Client,
    /** Called when the server no longer knows the session (it ended or expired): the page signs in again. */
    private readonly onSessionEnded: () => void = () => {},
  ) {
    this.#people = new People(me.id);
    this.#channels = new Channels(client);
    this.#conversations = new Conversations(me.id, HISTORY_LIMIT, (key) => key === this.#openKey);
    this.#subscriptions = new api.Subscriptions(client, () => this.#sessionEnded());
    const after = (key: ConversationKey) => this.#watermarks.after(key) ?? '0';
    this.#openStream = api.channelStream(this.#subscriptions, after, (key, message) => {
      this.#watermarks.advance(key, message.id);
      this.#conversations.receive(key, [message], { live: true });
    });
    this.#openUpdates = api.channelUpdates(this.#subscriptions, (key, message) => this.#conversations.receiveChange(key, message));
    const targetOf = (key: ConversationKey) => this.#targets.of(key);
    this.changes = new MessageChanges(me, client, this.#conversations, targetOf);
    this.#sending = new Sending(me, client, this.#conversations, targetOf, (target, message) => {
      if (target.kind === 'direct') this.#watermarks.advance(DIRECT, message.id);
    });
  }

  get channels(): readonly ChannelEntry[] {
    return this.#channels.list;
  }

  /** Online users and conversation partners (offline ones too), by name; not oneself. */
  get people(): readonly Person[] {
    return this.#people.list;
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
    return this.#channels.name(id);
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
    for (const key of staleAfterReconnect(this.#conversations.all())) this.#stale.add(key);
    const subscriptions = this.#subscriptions;
    subscriptions.start(ChannelAddedDocument, {}, (data) => this.#channels.add(data.channelAdded));
    subscriptions.start(PresenceChangedDocument, {}, (data) => this.#people.presenceChanged(data.presenceChanged));
    subscriptions.start(ChannelActivityDocument, {}, ({ channelActivity: m }) =>
      this.#conversations.receiveActivity(channelKey(m.channelId), fromChannelMessage(m)),
    );
    await Promise.all([this.#channels.load(), this.#loadPeople()]);
    if (generation !== this.#generation || this.#disposed) return;
    const after = this.#watermarks.after(DIRECT);
    subscriptions.start(DirectMessageAddedDocument, { after }, ({ directMessageAdded }) => this.#receiveDirect(directMessageAdded));
    subscriptions.start(DirectMessageUpdatedDocument, {}, ({ directMessageUpdated: m }) =>
      this.#conversations.receiveChange(this.#targets.remember(partnerOf(m, this.me.id).name), fromDirectMessage(m)),
    );
    this.#live = true;
    this.#ready = true;
    this.#showOpen();
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
      this.#showOpen();
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
  createChannel(name: string): Promise<{ id: string } | { error: string }> {
    return this.#channels.create(name);
  }

  /** Sends a message: shown at once, then confirmed, or marked failed with a retry. */
  send(key: ConversationKey, body: string): void {
    this.#sending.send(key, body);
  }

  /** Sends a failed message again with the same clientId: the server stores it at most once. */
  retry(key: ConversationKey, clientId: string): void {
    this.#sending.retry(key, clientId);
  }

  // ── loading ──────────────────────────────────────────────────────────────

  /** Follows the open conversation's changes first, then reads its messages if they may be out of date. */
  #showOpen(): void {
    this.#followOpen();
    const open = this.#openKey;
    if (open && this.#needsLoad(open)) void this.#load(open);
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

  async #loadPeople(): Promise<void> {
    const { online, partners } = await api.fetchPeople(this.client);
    this.#people.loaded(online, partners);
    if (!partners) return;
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
    this.#people.wroteWith(partner);
    this.#conversations.receive(key, [fromDirectMessage(message)], { live: true });
  }

  // ── subscriptions ────────────────────────────────────────────────────────

  /**
   * Follows the open channel's changes at once, and its own stream of new
   * messages from its watermark once its history is loaded (until then the
   * watermark is unknown). Its messages come by activity too: both are merged
   * by id. A direct conversation has no streams of its own: those of every
   * direct message and of their changes carry it.
   */
  #followOpen(): void {
    const key = this.#openKey;
    const channel = key && this.#targets.of(key).kind === 'channel' && this.#live ? key : null;
    // Changes to a channel no longer followed are missed from now on: it is read again when opened.
    const left = this.#openUpdates.key;
    if (left && left !== channel) this.#stale.add(left);
    this.#openUpdates.follow(channel);
    this.#openStream.follow(channel && !this.#needsLoad(channel) ? channel : null);
  }

  #sessionEnded(): void {
    if (this.#disposed) return;
    this.dispose();
    this.onSessionEnded();
  }

  #dropSubscriptions(): void {
    this.#subscriptions.stopAll();
    this.#openStream.forget();
    this.#openUpdates.forget();
  }
}
