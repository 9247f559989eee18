import type { Channel, DirectConversation, DirectMessage, Message, ReadState, User } from '../../domain/models.js';
import { orderedPair } from '../ordered-pair.js';
import type {
  AddDirectMessageInput,
  AddMessageInput,
  ChangeDirectMessageInput,
  ChangeMessageInput,
  ChangeOutcome,
  ClaimNameInput,
  ClaimNameResult,
  MessagePosition,
  OutboxEntry,
  OutboxEvent,
  SearchDirectMessagesInput,
  SearchMessagesInput,
  Store,
  StoredClaimCandidate,
  StoredSession,
} from '../../domain/ports/store.port.js';
import { changes, first, only, rows, type Flow } from './sql-flow.js';
import { claimCandidatesFlow } from './sql-flows.js';
import {
  channelPositionFlow,
  channelStatesFlow,
  directConversationsFlow,
  directPositionFlow,
  moveChannelMarkerFlow,
  moveDirectMarkerFlow,
} from './sql-marker-flows.js';
import * as sql from './sql-queries.js';
import { listedChannelState, listedDirectState, withChannelState, withDirectState, type DirectScope } from './sql-message-state.js';
import * as searchSql from './sql-search-queries.js';
import { toChannel, toUser, type DirectMessageRow, type MessageRow, type RowReader } from './sql-rows.js';

/**
 * What the SQLite and PostgreSQL stores do alike: every method that is one
 * statement, or a few that need no transaction, written once over the shared
 * statements. Each engine adds its own opening, transactions and locks (a
 * claim, a send), health probe and closing.
 */
export abstract class SqlStore implements Store {
  constructor(protected readonly read: RowReader) {}

  /** Runs a flow outside any transaction (SQLite: synchronously, before this method's promise exists). */
  protected abstract query<T>(flow: Flow<T>): Promise<T>;

  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
  abstract claimName(input: ClaimNameInput): Promise<ClaimNameResult>;
  abstract addMessage(input: AddMessageInput): Promise<{ message: Message; created: boolean }>;
  abstract addDirectMessage(input: AddDirectMessageInput): Promise<{ message: DirectMessage; created: boolean }>;
  abstract changeMessage(input: ChangeMessageInput): Promise<ChangeOutcome<Message> | null>;
  abstract changeDirectMessage(input: ChangeDirectMessageInput): Promise<ChangeOutcome<DirectMessage> | null>;
  abstract removeEvents(ids: readonly string[]): Promise<void>;

  // Users and sessions -------------------------------------------------------

  findClaimCandidates(nameKey: string, skeleton: string): Promise<StoredClaimCandidate[]> {
    return this.query(claimCandidatesFlow(nameKey, skeleton, this.read));
  }

  async findSession(tokenHash: string): Promise<StoredSession | null> {
    const row = await this.query(first(sql.sessionByHash, { tokenHash }));
    if (!row) return null;
    const lastUsedAt = new Date(this.read.time(row.last_used_at));
    return {
      sessionId: String(row.id),
      user: toUser({ id: row.user_id, name: row.name, protected: row.protected }),
      lastUsedAt,
    };
  }

  async endSession(sessionId: string, now: Date): Promise<boolean> {
    return (await this.query(changes(sql.endSession, { id: sessionId, now: now.toISOString() }))) > 0;
  }

  async releaseUser(userId: string, now: Date): Promise<void> {
    await this.query(changes(sql.releaseUser, { id: userId, now: now.toISOString() }));
  }

  async touchSession(sessionId: string, now: Date): Promise<void> {
    await this.query(changes(sql.touchSession, { id: sessionId, now: now.toISOString() }));
  }

  /** An ended user keeps no password: it is returned as it is. */
  async setPasswordHash(userId: string, passwordHash: string): Promise<User> {
    return toUser(await this.query(setPasswordFlow(userId, passwordHash)));
  }

  async passwordHashOf(userId: string): Promise<string | null> {
    return (await this.query(first(sql.passwordOf, { id: userId })))?.password_hash ?? null;
  }

  async findUserByName(nameKey: string, skeleton: string): Promise<{ user: User; ended: boolean } | null> {
    const live = await this.query(first(sql.liveUserByName, { key: nameKey, skeleton }));
    if (live) return { user: toUser(live), ended: false };
    const ended = await this.query(first(sql.endedUserByName, { key: nameKey }));
    return ended ? { user: toUser(ended), ended: true } : null;
  }

  async listConversationPartners(userId: string): Promise<User[]> {
    return (await this.query(rows(sql.partners, { user: userId }))).map(toUser);
  }

  async hasDirectMessagesBetween(userId: string, otherUserId: string): Promise<boolean> {
    const [low, high] = orderedPair(userId, otherUserId);
    return (await this.query(first(sql.anyDirect, { low, high }))) !== undefined;
  }

  // Channels -------------------------------------------------------------------

  async createChannel(input: { name: string; nameKey: string; skeleton: string; now: Date }): Promise<Channel | null> {
    const { name, nameKey: key, skeleton, now } = input;
    const row = await this.query(first(sql.insertChannel, { name, key, skeleton, now: now.toISOString() }));
    return row ? toChannel(row, this.read) : null;
  }

  async listChannels(): Promise<Channel[]> {
    return (await this.query(rows(sql.channels, {}))).map((row) => toChannel(row, this.read));
  }

  async findChannel(id: string): Promise<Channel | null> {
    const row = await this.query(first(sql.channel, { id }));
    return row ? toChannel(row, this.read) : null;
  }

  // Messages ---------------------------------------------------------------------

  async latestMessages(channelId: string, last: number): Promise<Message[]> {
    if (last <= 0) return [];
    return this.query(channelListFlow(rows(sql.latestMessages, { channel: channelId, last }), channelId, this.read));
  }

  async messagesAfter(channelId: string, afterId: string): Promise<Message[]> {
    return this.query(channelListFlow(rows(sql.messagesAfter, { channel: channelId, after: afterId }), channelId, this.read));
  }

  async latestDirectMessages(userId: string, otherUserId: string, last: number): Promise<DirectMessage[]> {
    if (last <= 0) return [];
    const [low, high] = orderedPair(userId, otherUserId);
    return this.query(directListFlow(rows(sql.latestDirect, { low, high, last }), { low, high }, this.read));
  }

  async directMessagesAfter(userId: string, afterId: string): Promise<DirectMessage[]> {
    return this.query(directListFlow(rows(sql.directAfter, { user: userId, after: afterId }), { user: userId }, this.read));
  }

  // Read markers ---------------------------------------------------------------------

  channelMessagePosition(channelId: string, messageId: string): Promise<MessagePosition> {
    return this.query(channelPositionFlow(channelId, messageId));
  }

  directMessagePosition(userId: string, otherUserId: string, messageId: string): Promise<MessagePosition> {
    return this.query(directPositionFlow(userId, otherUserId, messageId));
  }

  moveChannelMarker(userId: string, channelId: string, messageId: string): Promise<ReadState & { lastReadId: string }> {
    return this.query(moveChannelMarkerFlow(userId, channelId, messageId));
  }

  moveDirectMarker(userId: string, otherUserId: string, messageId: string): Promise<ReadState & { lastReadId: string }> {
    return this.query(moveDirectMarkerFlow(userId, otherUserId, messageId));
  }

  channelReadStates(userId: string, channelIds: readonly string[]): Promise<Map<string, ReadState>> {
    return this.query(channelStatesFlow(userId, channelIds));
  }

  directConversations(userId: string): Promise<DirectConversation[]> {
    return this.query(directConversationsFlow(userId, this.read));
  }

  // Search ---------------------------------------------------------------------------

  /** Two statements whatever the number of results (three with mentions): the matches, then their state. */
  async searchMessages(input: SearchMessagesInput): Promise<Message[]> {
    const params = { words: JSON.stringify(input.words), first: input.first };
    const found =
      input.channelId === null
        ? rows(searchSql.searchMessages, params)
        : rows(searchSql.searchChannelMessages, { ...params, channel: input.channelId });
    return this.query(listedChannelFlow(found, this.read));
  }

  async searchDirectMessages(input: SearchDirectMessagesInput): Promise<DirectMessage[]> {
    const params = { words: JSON.stringify(input.words), first: input.first };
    let found: Flow<DirectMessageRow[]>;
    if (input.otherUserId === null) found = rows(searchSql.searchUserDirect, { ...params, user: input.userId });
    else {
      const [low, high] = orderedPair(input.userId, input.otherUserId);
      found = rows(searchSql.searchConversation, { ...params, low, high });
    }
    return this.query(listedDirectFlow(found, this.read));
  }

  // The outbox ---------------------------------------------------------------------

  async pendingEvents(before: Date, limit: number): Promise<OutboxEntry[]> {
    const found = await this.query(rows(sql.pendingOutbox, { before: before.toISOString(), limit }));
    return found.map((row) => ({ id: String(row.id), events: this.read.json(row.events) as OutboxEvent[] }));
  }
}

function* channelListFlow(list: Flow<MessageRow[]>, channel: string, read: RowReader): Flow<Message[]> {
  return yield* withChannelState(yield* list, channel, read);
}

function* directListFlow(list: Flow<DirectMessageRow[]>, scope: DirectScope, read: RowReader): Flow<DirectMessage[]> {
  return yield* withDirectState(yield* list, scope, read);
}

function* listedChannelFlow(list: Flow<MessageRow[]>, read: RowReader): Flow<Message[]> {
  return yield* listedChannelState(yield* list, read);
}

function* listedDirectFlow(list: Flow<DirectMessageRow[]>, read: RowReader): Flow<DirectMessage[]> {
  return yield* listedDirectState(yield* list, read);
}

function* setPasswordFlow(id: string, hash: string) {
  yield* changes(sql.setPassword, { id, hash });
  return yield* only(sql.user, { id });
}
