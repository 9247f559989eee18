import type { Client } from '@urql/svelte';
import { channelIdOf, type ConversationKey } from '../chat/conversation-key.js';
import { countMessage, fromServer, isAfter, movesMarker, NOTHING_UNREAD, type ReadState } from '../chat/read-state.js';
import type { Target } from '../chat/target.js';
import { lastConfirmedId, type ChatMessage } from '../chat/timeline.js';
import * as api from '../graphql/read-markers-api.js';

/**
 * The signed-in user's read markers and unread counts, as the server keeps
 * them: listed with the channels and conversations (so they survive a
 * reload), set again whenever a marker moves in any tab or device
 * (`readMarkerMoved`), and counted up by this client between two answers.
 * The conversation shown on a visible page counts for nothing: its count
 * comes back when the page is hidden, until its marker moves.
 */
export class ReadMarkers {
  #states = $state<Record<string, ReadState>>({});
  /** Where the marker stood when the open conversation was opened: where its "New" divider goes. */
  #arrival = $state<{ key: ConversationKey; state: ReadState | null } | null>(null);
  #listed = { channels: false, direct: false };
  /** Per conversation, the newest message a listing counted: replayed ones up to it are not counted again. */
  readonly #covered = new Map<ConversationKey, string>();
  readonly #moving = new Set<ConversationKey>();

  constructor(
    private readonly client: Client,
    private readonly targetOf: (key: ConversationKey) => Target,
    /** Whether the conversation is open on a page that is visible now. */
    private readonly isShown: (key: ConversationKey) => boolean,
  ) {}

  get(key: ConversationKey): ReadState {
    return this.#states[key] ?? NOTHING_UNREAD;
  }

  /** Unread messages as a badge shows them. */
  unread(key: ConversationKey): number {
    return this.isShown(key) ? 0 : this.get(key).unread;
  }

  mentions(key: ConversationKey): number {
    return this.isShown(key) ? 0 : this.get(key).mentions;
  }

  /** Unread messages everywhere, as the title counts them. */
  get total(): number {
    let total = 0;
    for (const [key, state] of Object.entries(this.#states)) if (!this.isShown(key as ConversationKey)) total += state.unread;
    return total;
  }

  /** The read state at the time the conversation was opened; null until it is known, or for another conversation. */
  arrival(key: ConversationKey): ReadState | null {
    return this.#arrival?.key === key ? this.#arrival.state : null;
  }

  /** The server's listing of channels or of direct conversations: their states replace what was counted. */
  listed(
    kind: 'channels' | 'direct',
    states: ReadonlyMap<ConversationKey, ReadState>,
    covered: ReadonlyMap<ConversationKey, string | null> = new Map(),
  ): void {
    const next = { ...this.#states };
    for (const [key, state] of states) next[key] = fromServer(next[key] ?? NOTHING_UNREAD, state);
    for (const [key, id] of covered) if (id) this.#covered.set(key, id);
    this.#states = next;
    this.#listed[kind] = true;
    this.#takeArrival();
  }

  /** The server's listing of direct conversations, each with the newest message it counted. */
  listedDirect(conversations: readonly { key: ConversationKey; read: ReadState; newestId: string | null }[]): void {
    const states = new Map(conversations.map((c) => [c.key, c.read]));
    this.listed('direct', states, new Map(conversations.map((c) => [c.key, c.newestId])));
  }

  /** A marker moved, as the server says (the answer to a move, or a move by any session of the user). */
  moved(key: ConversationKey, state: ReadState): void {
    this.#states[key] = fromServer(this.get(key), state);
  }

  /** A new message from someone else, which the server's counts do not hold yet. */
  counted(key: ConversationKey, message: { id: string | null }, mentionsMe: boolean): void {
    const covered = this.#covered.get(key);
    if (covered && !isAfter(message.id, covered)) return;
    const next = countMessage(this.get(key), message, mentionsMe);
    if (next !== this.get(key)) this.#states[key] = next;
  }

  opened(key: ConversationKey): void {
    if (this.#arrival?.key === key) return;
    this.#arrival = { key, state: null };
    this.#takeArrival();
  }

  closed(key: ConversationKey): void {
    if (this.#arrival?.key === key) this.#arrival = null;
  }

  /** The reader has seen the conversation up to this message: the marker moves there, once, if that is forward. */
  async seen(key: ConversationKey, messageId: string): Promise<void> {
    if (!movesMarker(this.get(key), messageId) || this.#moving.has(key)) return;
    this.#moving.add(key);
    try {
      const state = await api.markRead(this.client, this.targetOf(key), messageId);
      if (state) this.moved(key, state);
    } finally {
      this.#moving.delete(key);
    }
  }

  /** Marks everything loaded read: the newest message shown. */
  readAll(key: ConversationKey, messages: readonly ChatMessage[]): Promise<void> {
    const newest = lastConfirmedId(messages);
    return newest ? this.seen(key, newest) : Promise.resolve();
  }

  #takeArrival(): void {
    const arrival = this.#arrival;
    if (!arrival || arrival.state) return;
    const known = channelIdOf(arrival.key) === null ? this.#listed.direct : this.#listed.channels;
    if (known) this.#arrival = { key: arrival.key, state: this.get(arrival.key) };
  }
}
