import type { Client } from '@urql/svelte';
import { untrack } from 'svelte';
import type { ChannelEntry } from '../chat/channel-list.js';
import { channelKey, type ConversationKey } from '../chat/conversation-key.js';
import { staleAfterReconnect, type Conversation } from '../chat/conversation.js';
import { fromDirectMessage, partnerOf } from '../chat/from-server.js';
import type { Person, UserRef } from '../chat/people.js';
import type { Notable } from '../chat/notable.js';
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
  ReadMarkerMovedDocument,
} from '../graphql/generated/graphql.js';
import { DEFAULT_HISTORY_LENGTH } from '../graphql/codes.js';
import { Channels } from './channels.svelte.js';
import { Drafts } from './drafts.svelte.js';
import { Conversations } from './conversations.svelte.js';
import { Incoming } from './incoming.js';
import { OpenFollow } from './open-follow.js';
import { MessageChanges } from './message-changes.js';
import { People } from './people.svelte.js';
import { ReadMarkers } from './read-markers.svelte.js';
import { Reveal } from './reveal.svelte.js';
import { Sending } from './sending.js';
import { Typing } from './typing.svelte.js';

/** Messages kept per conversation: as many as a history query returns by default. */
export const HISTORY_LIMIT = DEFAULT_HISTORY_LENGTH;

export type { ChannelEntry, Conversation, Notable, Person, UserRef };

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting';

/**
 * Everything the signed-in chat shows: channels, people, conversations,
 * unread counts and the connection, kept live by subscriptions.
 *
 * Nine subscriptions, whatever the number of channels: `channelActivity`
 * for every channel (counts, and the conversations already loaded), direct
 * messages and their changes, new channels, presence, read markers moved by
 * any of the user's sessions, and three that follow the open conversation
 * (`OpenFollow`). When the WebSocket drops, every subscription is dropped with it; when it
 * is back, direct messages start again from their watermark (the
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
  /** Whether the page is visible: the open conversation is read only then. */
  #visible = $state(true);
  #incoming: Incoming;

  #watermarks = new Watermarks<StreamKey>();
  #targets = new Targets();
  #subscriptions: api.Subscriptions;
  #openFollow: OpenFollow;
  /** Conversations whose loaded messages may be out of date: opening them reads them again. */
  #stale = new Set<ConversationKey>();
  #generation = 0;
  /** True while subscriptions run: the open channel is followed at once. */
  #live = false;
  #disposed = false;

  #sending: Sending;
  /** Edits, deletions and reactions by the signed-in user. */
  readonly changes: MessageChanges;
  /** Read markers and unread counts: `seen` moves a marker. */
  readonly markers: ReadMarkers;
  /** Who is typing in the open conversation; `say` tells that the signed-in user is. */
  readonly typing: Typing;
  /** A message to scroll to once its conversation shows it (a search result). */
  readonly reveal = new Reveal();
  /** What is typed and not sent yet, per conversation, kept across reloads. */
  readonly drafts: Drafts;

  constructor(
    readonly me: UserRef,
    private readonly client: Client,
    /** Called when the server no longer knows the session (it ended or expired): the page signs in again. */
    private readonly onSessionEnded: () => void = () => {},
  ) {
    this.#people = new People(me.id);
    this.#channels = new Channels(client);
    this.#conversations = new Conversations(me.id, HISTORY_LIMIT);
    this.#subscriptions = new api.Subscriptions(client, () => this.#sessionEnded());
    const targetOf = (key: ConversationKey) => this.#targets.of(key);
    this.markers = new ReadMarkers(client, targetOf, (key) => key === this.#openKey && this.#visible);
    this.typing = new Typing(client, this.#subscriptions, targetOf, me.id);
    const after = (key: ConversationKey) => this.#watermarks.after(key) ?? '0';
    this.#incoming = new Incoming({
      me,
      conversations: this.#conversations,
      markers: this.markers,
      typing: this.typing,
      people: this.#people,
      targets: this.#targets,
      watermarks: this.#watermarks,
      openKey: () => this.#openKey,
      channelName: (id) => this.channelName(id),
    });
    this.#openFollow = new OpenFollow(this.#subscriptions, after, this.#incoming, this.#conversations, this.typing, this.#targets);
    this.changes = new MessageChanges(me, client, this.#conversations, targetOf);
    this.#sending = new Sending(
      me,
      client,
      this.#conversations,
      targetOf,
      (target, message) => {
        if (target.kind === 'direct') this.#watermarks.advance(DIRECT, message.id);
      },
      () => this.#status === 'online',
    );
    this.drafts = new Drafts(me.id);
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

  get visible(): boolean {
    return this.#visible;
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

  /** The WebSocket is (again) open: load the lists and subscribe from the watermarks. */
  async connected(): Promise<void> {
    if (this.#disposed) return;
    const generation = ++this.#generation;
    this.#live = false;
    this.#dropSubscriptions();
    this.#status = 'online';
    this.#sending.resume();
    for (const key of staleAfterReconnect(this.#conversations.all())) this.#stale.add(key);
    const subscriptions = this.#subscriptions;
    subscriptions.start(ChannelAddedDocument, {}, (data) => this.#channels.add(data.channelAdded));
    subscriptions.start(PresenceChangedDocument, {}, (data) => this.#people.presenceChanged(data.presenceChanged));
    subscriptions.start(ChannelActivityDocument, {}, ({ channelActivity }) => this.#incoming.activity(channelActivity));
    subscriptions.start(ReadMarkerMovedDocument, {}, (data) => this.#incoming.markerMoved(data));
    // Counts are read after the subscriptions that keep them: nothing between is missed.
    await Promise.all([this.#loadChannels(), this.#loadPeople()]);
    if (generation !== this.#generation || this.#disposed) return;
    const after = this.#watermarks.after(DIRECT);
    subscriptions.start(DirectMessageAddedDocument, { after }, ({ directMessageAdded }) => this.#incoming.direct(directMessageAdded));
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

  /** Shows a conversation: its badge goes while the page is visible and its history loads once (again, when stale). */
  open(key: ConversationKey): void {
    untrack(() => {
      this.#openKey = key;
      this.markers.opened(key);
      if (this.#ready) this.#showOpen();
    });
  }

  /** The page left the conversation. */
  close(key: ConversationKey): void {
    untrack(() => {
      if (this.#openKey !== key) return;
      this.#openKey = null;
      this.markers.closed(key);
      this.#followOpen();
    });
  }

  /** The page was shown or hidden: the open conversation counts as unread while it is hidden. */
  setVisible(visible: boolean): void {
    this.#visible = visible;
  }

  /** Called for each direct message and mention from someone else as it arrives. */
  onNotable(listener: (notable: Notable) => void): void {
    this.#incoming.onNotable(listener);
  }

  /** Creates a channel; resolves with its id, or with the reason it could not be created. */
  createChannel(name: string): Promise<{ id: string } | { error: string }> {
    return this.#channels.create(name);
  }

  /** Sends a message: shown at once, then confirmed; while offline it waits and goes once the connection is back. Its draft goes. */
  send(key: ConversationKey, body: string): void {
    this.drafts.clear(key);
    this.#sending.send(key, body);
  }

  /** Sends a message that failed for a reason a retry may fix again, with the same clientId: the server stores it at most once. */
  retry(key: ConversationKey, clientId: string): void {
    this.#sending.retry(key, clientId);
  }

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
    if ('missing' in outcome) return this.#conversations.setMissing(key);
    this.#conversations.receive(key, outcome.messages, { live: false, loaded: true });
    const { stream, after } = resumeAfterHistory(target, lastConfirmedId(this.conversation(key).messages));
    this.#watermarks.advance(stream, after);
    this.#stale.delete(key);
    this.#followOpen();
  }

  async #loadChannels(): Promise<void> {
    const listed = await this.#channels.load();
    if (listed) this.markers.listed('channels', new Map(listed.map((c) => [channelKey(c.id), c.read])));
  }

  async #loadPeople(): Promise<void> {
    const { online, partners, newestDirectId } = await api.fetchPeople(this.client);
    this.#people.loaded(online, partners);
    if (!partners) return;
    this.markers.listedDirect(partners.map((p) => ({ key: this.#targets.remember(p.name), read: p.read, newestId: p.newestId })));
    if (newestDirectId !== null) this.#watermarks.start(DIRECT, newestDirectId);
  }

  #followOpen(): void {
    this.#openFollow.follow(this.#openKey, {
      live: this.#live,
      loaded: (key) => !this.#needsLoad(key),
      leftStale: (key) => this.#stale.add(key),
    });
  }

  #sessionEnded(): void {
    if (this.#disposed) return;
    this.dispose();
    this.onSessionEnded();
  }

  #dropSubscriptions(): void {
    this.#subscriptions.stopAll();
    this.#openFollow.forget();
  }
}
