import type { Channel, DirectConversation, DirectMessage, Message, ReadState, User } from '../../domain/models.js';
import { nameKey, nameSkeleton } from '../../domain/text-rules.js';
import { KeyedMutex } from '../keyed-mutex.js';
import { orderedPair } from '../ordered-pair.js';
import type {
  AddDirectMessageInput,
  AddMessageInput,
  ChangeDirectMessageInput,
  ChangeMessageInput,
  ChangeOutcome,
  ClaimNameInput,
  ClaimNameResult,
  MessageChange,
  MessagePosition,
  OutboxEntry,
  OutboxEvent,
  SearchDirectMessagesInput,
  SearchMessagesInput,
  Store,
  StoredClaimCandidate,
  StoredSession,
  WrittenOutboxEntry,
} from '../../domain/ports/store.port.js';
import { applyChange } from './memory-changes.js';
import {
  appendKeeping,
  byId,
  freshRow,
  byNameKey,
  channelRow,
  Sequence,
  toDirectMessage,
  toMessage,
  toUser,
  type ChangeableRow,
  type ChannelRow,
  type DirectRow,
  type MessageRow,
} from './memory-tables.js';
import { MemoryMarkers, positionOf, readStateOf } from './memory-markers.js';
import { MemoryOutbox } from './memory-outbox.js';
import { newestMatching } from './memory-search.js';
import { MemoryUsers } from './memory-users.js';

/**
 * The whole store in plain Maps and arrays, for unit specs of the services:
 * fast, private to one process, gone when dropped. Never chosen by
 * open-store.ts. It keeps the Store contract as the SQL stores do (the same
 * suite runs on it), so a spec over it shows what a service does on SQLite.
 *
 * Each method changes its rows without awaiting, so it is a transaction of
 * its own. A send additionally holds a lock on its channel (or on both its
 * users) from its commit until its announcement is done, so that events
 * leave in id order however the announcements interleave.
 */
export class MemoryStore implements Store {
  private readonly users = new MemoryUsers();
  private readonly channels = new Map<string, ChannelRow>();
  private readonly channelKeys = new Set<string>();
  /** Per channel, in id order. */
  private readonly messages = new Map<string, MessageRow[]>();
  /** channel, author, clientId → the retained message that used it. */
  private readonly messagesByClientId = new Map<string, MessageRow>();
  /** Per conversation (`low:high`), in id order. */
  private readonly conversations = new Map<string, DirectRow[]>();
  /** sender, recipient, clientId → the retained direct message that used it. */
  private readonly directByClientId = new Map<string, DirectRow>();
  /** Every retained direct message by id: what a change finds it by. */
  private readonly directById = new Map<string, DirectRow>();
  private readonly outbox = new MemoryOutbox();
  private readonly markers = new MemoryMarkers();
  private readonly ids = {
    channel: new Sequence(),
    message: new Sequence(),
    direct: new Sequence(),
  };
  private readonly sends = new KeyedMutex();
  private closed = false;

  /** `now` dates the general channel, which every store starts with. */
  constructor(now: Date = new Date()) {
    this.insertChannel('general', nameKey('general'), nameSkeleton('general'), now);
  }

  async ping(): Promise<void> {
    this.open();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  // Users and sessions -------------------------------------------------------

  async claimName(input: ClaimNameInput): Promise<ClaimNameResult> {
    this.open();
    return this.users.claimName(input);
  }

  async findClaimCandidates(nameKey: string, skeleton: string): Promise<StoredClaimCandidate[]> {
    this.open();
    return this.users.claimCandidates(nameKey, skeleton);
  }

  async findSession(tokenHash: string): Promise<StoredSession | null> {
    this.open();
    return this.users.findSession(tokenHash);
  }

  async endSession(sessionId: string, now: Date): Promise<boolean> {
    this.open();
    return this.users.endSession(sessionId, now);
  }

  async releaseUser(userId: string, now: Date): Promise<void> {
    this.open();
    this.users.releaseUser(userId, now);
  }

  async touchSession(sessionId: string, now: Date): Promise<void> {
    this.open();
    this.users.touchSession(sessionId, now);
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<User> {
    this.open();
    return this.users.setPasswordHash(userId, passwordHash);
  }

  async passwordHashOf(userId: string): Promise<string | null> {
    this.open();
    return this.users.passwordHashOf(userId);
  }

  async findUserByName(nameKey: string, skeleton: string): Promise<{ user: User; ended: boolean } | null> {
    this.open();
    return this.users.findUserByName(nameKey, skeleton);
  }

  async listConversationPartners(userId: string): Promise<User[]> {
    this.open();
    const newest = new Map<string, number>();
    for (const rows of this.conversations.values())
      for (const row of rows) {
        if (row.fromId !== userId && row.toId !== userId) continue;
        const other = row.fromId === userId ? row.toId : row.fromId;
        newest.set(other, Math.max(newest.get(other) ?? 0, Number(row.id)));
      }
    return [...newest].sort(([, a], [, b]) => b - a).map(([id]) => toUser(this.users.user(id)));
  }

  async hasDirectMessagesBetween(userId: string, otherUserId: string): Promise<boolean> {
    this.open();
    return (this.conversations.get(pairKey(userId, otherUserId))?.length ?? 0) > 0;
  }

  // Channels -------------------------------------------------------------------

  async createChannel(input: { name: string; nameKey: string; skeleton: string; now: Date }): Promise<Channel | null> {
    this.open();
    // Either key taken (the name, or a look-alike of it) creates nothing, as the SQL stores' unique indexes do.
    if (this.channelKeys.has(`key:${input.nameKey}`) || this.channelKeys.has(`skeleton:${input.skeleton}`)) return null;
    return this.insertChannel(input.name, input.nameKey, input.skeleton, input.now);
  }

  async listChannels(): Promise<Channel[]> {
    this.open();
    return [...this.channels.values()].sort(byNameKey).map((row) => row.channel);
  }

  async findChannel(id: string): Promise<Channel | null> {
    this.open();
    return this.channels.get(id)?.channel ?? null;
  }

  // Messages ---------------------------------------------------------------------

  async addMessage(input: AddMessageInput): Promise<{ message: Message; created: boolean }> {
    this.open();
    return this.sends.run([`channel:${input.channelId}`], async () => {
      const idempotencyKey = input.clientId === null ? null : key(input.channelId, input.authorId, input.clientId);
      const first = idempotencyKey === null ? undefined : this.messagesByClientId.get(idempotencyKey);
      if (first) return { message: toMessage(first, this.users), created: false };
      if (!this.channels.has(input.channelId)) throw new Error(`There is no channel ${input.channelId} to add a message to.`);
      this.users.user(input.authorId);
      const mentionIds = [...(input.mentionIds ?? [])];
      for (const id of mentionIds) this.users.user(id);
      const row: MessageRow = {
        id: this.ids.message.next(),
        channelId: input.channelId,
        authorId: input.authorId,
        clientId: input.clientId,
        createdAt: input.now.toISOString(),
        ...freshRow(input.body),
        mentionIds,
      };
      const rows = this.messages.get(input.channelId) ?? [];
      this.messages.set(input.channelId, rows);
      for (const dropped of appendKeeping(rows, row, input.keep))
        if (dropped.clientId !== null) this.messagesByClientId.delete(key(dropped.channelId, dropped.authorId, dropped.clientId));
      if (idempotencyKey !== null && rows.includes(row)) this.messagesByClientId.set(idempotencyKey, row);
      this.markers.moveTo({ userId: input.authorId, channelId: input.channelId }, row.id);
      const message = toMessage(row, this.users);
      const entry = this.outbox.write(input.outbox?.(message), input.now);
      await input.announce?.(message, entry);
      return { message, created: true };
    });
  }

  async latestMessages(channelId: string, last: number): Promise<Message[]> {
    this.open();
    if (last <= 0) return [];
    return (this.messages.get(channelId) ?? []).slice(-last).map((row) => toMessage(row, this.users));
  }

  async messagesAfter(channelId: string, afterId: string): Promise<Message[]> {
    this.open();
    const after = Number(afterId);
    return (this.messages.get(channelId) ?? []).filter((row) => Number(row.id) > after).map((row) => toMessage(row, this.users));
  }

  async changeMessage(input: ChangeMessageInput): Promise<ChangeOutcome<Message> | null> {
    this.open();
    const find = () => this.messages.get(input.channelId)?.find((candidate) => candidate.id === input.messageId);
    return this.changeRow([`channel:${input.channelId}`], find, input, (row) => toMessage(row, this.users));
  }

  async changeDirectMessage(input: ChangeDirectMessageInput): Promise<ChangeOutcome<DirectMessage> | null> {
    this.open();
    const found = this.directById.get(input.messageId);
    if (!found) return null;
    const find = () => this.directById.get(input.messageId);
    return this.changeRow(directLocks(found.fromId, found.toId), find, input, (row) => toDirectMessage(row, this.users));
  }

  async addDirectMessage(input: AddDirectMessageInput): Promise<{ message: DirectMessage; created: boolean }> {
    this.open();
    // Both users, in one order, as the PostgreSQL store locks them: a user's
    // direct messages, over all their conversations, leave in id order.
    return this.sends.run(directLocks(input.fromId, input.toId), async () => {
      const idempotencyKey = input.clientId === null ? null : key(input.fromId, input.toId, input.clientId);
      const first = idempotencyKey === null ? undefined : this.directByClientId.get(idempotencyKey);
      if (first) return { message: toDirectMessage(first, this.users), created: false };
      this.users.user(input.fromId);
      this.users.user(input.toId);
      const row: DirectRow = {
        id: this.ids.direct.next(),
        fromId: input.fromId,
        toId: input.toId,
        clientId: input.clientId,
        createdAt: input.now.toISOString(),
        ...freshRow(input.body),
      };
      const pair = pairKey(input.fromId, input.toId);
      const rows = this.conversations.get(pair) ?? [];
      this.conversations.set(pair, rows);
      this.directById.set(row.id, row);
      for (const dropped of appendKeeping(rows, row, input.keep)) {
        this.directById.delete(dropped.id);
        if (dropped.clientId !== null) this.directByClientId.delete(key(dropped.fromId, dropped.toId, dropped.clientId));
      }
      if (idempotencyKey !== null && rows.includes(row)) this.directByClientId.set(idempotencyKey, row);
      this.markers.moveTo({ userId: input.fromId, otherUserId: input.toId }, row.id);
      const message = toDirectMessage(row, this.users);
      const entry = this.outbox.write(input.outbox?.(message), input.now);
      await input.announce?.(message, entry);
      return { message, created: true };
    });
  }

  async latestDirectMessages(userId: string, otherUserId: string, last: number): Promise<DirectMessage[]> {
    this.open();
    if (last <= 0) return [];
    const rows = this.conversations.get(pairKey(userId, otherUserId)) ?? [];
    return rows.slice(-last).map((row) => toDirectMessage(row, this.users));
  }

  async directMessagesAfter(userId: string, afterId: string): Promise<DirectMessage[]> {
    this.open();
    const after = Number(afterId);
    const mine: DirectRow[] = [];
    for (const rows of this.conversations.values())
      for (const row of rows) if ((row.fromId === userId || row.toId === userId) && Number(row.id) > after) mine.push(row);
    return mine.sort(byId).map((row) => toDirectMessage(row, this.users));
  }

  // Read markers ---------------------------------------------------------------------

  async channelMessagePosition(channelId: string, messageId: string): Promise<MessagePosition> {
    this.open();
    return positionOf(this.messages.get(channelId) ?? [], messageId);
  }

  async directMessagePosition(userId: string, otherUserId: string, messageId: string): Promise<MessagePosition> {
    this.open();
    return positionOf(this.conversations.get(pairKey(userId, otherUserId)) ?? [], messageId);
  }

  async moveChannelMarker(userId: string, channelId: string, messageId: string): Promise<ReadState & { lastReadId: string }> {
    this.open();
    const lastReadId = this.markers.moveTo({ userId, channelId }, messageId);
    return { ...this.channelState(userId, channelId), lastReadId };
  }

  async moveDirectMarker(userId: string, otherUserId: string, messageId: string): Promise<ReadState & { lastReadId: string }> {
    this.open();
    const lastReadId = this.markers.moveTo({ userId, otherUserId }, messageId);
    return { ...this.directState(userId, otherUserId), lastReadId };
  }

  async channelReadStates(userId: string, channelIds: readonly string[]): Promise<Map<string, ReadState>> {
    this.open();
    return new Map(channelIds.filter((id) => this.channels.has(id)).map((id) => [id, this.channelState(userId, id)]));
  }

  async directConversations(userId: string): Promise<DirectConversation[]> {
    this.open();
    const partners = await this.listConversationPartners(userId);
    return partners.map((partner) => {
      const newest = this.conversations.get(pairKey(userId, partner.id))?.at(-1);
      const { lastReadId, unreadCount } = this.directState(userId, partner.id);
      return { with: partner, lastMessage: newest ? toDirectMessage(newest, this.users) : null, lastReadId, unreadCount };
    });
  }

  private channelState(userId: string, channelId: string): ReadState {
    return readStateOf(this.messages.get(channelId) ?? [], userId, this.markers.at({ userId, channelId }));
  }

  private directState(userId: string, otherUserId: string): ReadState {
    const rows = (this.conversations.get(pairKey(userId, otherUserId)) ?? []).map((row) => ({ ...row, authorId: row.fromId }));
    return readStateOf(rows, userId, this.markers.at({ userId, otherUserId }));
  }

  // Search ---------------------------------------------------------------------------

  async searchMessages(input: SearchMessagesInput): Promise<Message[]> {
    this.open();
    const channels = input.channelId === null ? [...this.messages.values()] : [this.messages.get(input.channelId) ?? []];
    return newestMatching(channels.flat(), input.words, input.first).map((row) => toMessage(row, this.users));
  }

  async searchDirectMessages(input: SearchDirectMessagesInput): Promise<DirectMessage[]> {
    this.open();
    const { userId, otherUserId } = input;
    const rows =
      otherUserId === null
        ? [...this.directById.values()].filter((row) => row.fromId === userId || row.toId === userId)
        : (this.conversations.get(pairKey(userId, otherUserId)) ?? []);
    return newestMatching(rows, input.words, input.first).map((row) => toDirectMessage(row, this.users));
  }

  // The outbox ---------------------------------------------------------------------

  async pendingEvents(before: Date, limit: number): Promise<OutboxEntry[]> {
    this.open();
    return this.outbox.pending(before, limit);
  }

  async removeEvents(ids: readonly string[]): Promise<void> {
    this.open();
    this.outbox.remove(ids);
  }

  /**
   * A change, once for both kinds of message, under the locks its sends take:
   * the row looked up under them (a send that waited before may have pruned
   * it), the domain's decision, every reference checked before anything is
   * written (a bad one changes nothing, as a failed SQL statement rolls
   * back), then the change, its outbox entry and its announcement.
   */
  private changeRow<R extends ChangeableRow, M>(
    locks: readonly string[],
    find: () => R | undefined,
    input: ChangeInput<M>,
    read: (row: R) => M,
  ): Promise<ChangeOutcome<M> | null> {
    return this.sends.run(locks, async () => {
      const row = find();
      if (!row) return null;
      const current = read(row);
      const change = input.decide(current);
      if (change.kind === 'react') this.users.user(change.userId);
      if (change.kind === 'edit') for (const id of change.mentionIds) this.users.user(id);
      if (!applyChange(row, change, input.now)) return { message: current, changed: false };
      const message = read(row);
      const entry = this.outbox.write(input.outbox?.(message), input.now);
      await input.announce?.(message, entry);
      return { message, changed: true };
    });
  }

  private insertChannel(name: string, nameKey: string, skeleton: string, now: Date): Channel {
    const channel: Channel = { id: this.ids.channel.next(), name, createdAt: now.toISOString() };
    this.channels.set(channel.id, channelRow(channel, nameKey));
    this.channelKeys.add(`key:${nameKey}`).add(`skeleton:${skeleton}`);
    return channel;
  }

  /** Like a closed database handle, a closed store refuses to be used: a spec that forgets it was closed learns it at once. */
  private open(): void {
    if (this.closed) throw new Error('The memory store is closed.');
  }
}

/** What changeMessage and changeDirectMessage are given alike. */
type ChangeInput<M> = Pick<ChangeMessageInput, 'now'> & {
  decide: (current: M) => MessageChange;
  announce?: (message: M, entry: WrittenOutboxEntry | null) => Promise<void>;
  outbox?: (message: M) => readonly OutboxEvent[];
};

const key = (...parts: string[]) => parts.join('\u0000');
const pairKey = (a: string, b: string) => orderedPair(a, b).join(':');
/** Both users of a direct message, in one order, as the PostgreSQL store locks them. */
const directLocks = (fromId: string, toId: string) => [...new Set(orderedPair(fromId, toId))].map((id) => `user:${id}`);
