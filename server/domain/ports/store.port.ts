import type { ClaimCandidate, ClaimDecision } from '../claims.js';
import type { Channel, DirectConversation, DirectMessage, Message, ReadState, User } from '../models.js';

/**
 * Everything the server keeps, behind one interface: SQLite for one machine,
 * PostgreSQL for several instances. Implementations enforce the rules that
 * must hold under concurrency (unique names, one live session per name, the
 * message cap in the same transaction as the insert, idempotent clientIds,
 * ids that increase within a channel and a conversation); the domain enforces
 * the rest before calling.
 */
export interface Store {
  /**
   * Makes sure the store can be reached and could store a message right
   * now, by a tiny write; throws otherwise. For /healthz: cheap, and
   * leaves nothing behind.
   */
  ping(): Promise<void>;
  close(): Promise<void>;

  // Users and sessions -------------------------------------------------------

  /**
   * Atomically: loads the live users whose name key is the claimed one or
   * whose skeleton is the same (oldest first), applies the domain's
   * `decideClaim`, and carries out its decision: ends the sessions and users
   * it ends, creates the new user, and opens a session.
   */
  claimName(input: ClaimNameInput): Promise<ClaimNameResult>;
  /** What claimName would decide on, with password hashes: for checking a password before claiming. */
  findClaimCandidates(nameKey: string, skeleton: string): Promise<StoredClaimCandidate[]>;
  /** The session with this token hash, or null when it is unknown, ended, or unused for longer than idleLimitMs. */
  /** The session with this token hash that has not ended, or null; whether it has gone idle is the domain's to say. */
  findSession(tokenHash: string): Promise<StoredSession | null>;
  /** Ends a session; returns whether it was live. */
  endSession(sessionId: string, now: Date): Promise<boolean>;
  /** Ends a user whose name has no password, now that its name is free; a protected user is left as it is. */
  releaseUser(userId: string, now: Date): Promise<void>;
  /** Records a use of the session, so that it does not expire while in use. */
  touchSession(sessionId: string, now: Date): Promise<void>;
  /** Sets the user's password hash; returns the user, now protected. */
  setPasswordHash(userId: string, passwordHash: string): Promise<User>;
  passwordHashOf(userId: string): Promise<string | null>;
  /**
   * The user a name refers to: the live one with this very name, else the
   * oldest live look-alike, else the newest ended user of this name (whose
   * conversations can still be read); null when there is none.
   */
  findUserByName(nameKey: string, skeleton: string): Promise<{ user: User; ended: boolean } | null>;
  /** Users with whom this user has exchanged a direct message, newest first. */
  listConversationPartners(userId: string): Promise<User[]>;
  /** Whether any direct message between the two users is retained, in either direction. */
  hasDirectMessagesBetween(userId: string, otherUserId: string): Promise<boolean>;

  // Channels -------------------------------------------------------------------

  /** Creates a channel, or returns null when its name key or skeleton is taken. */
  createChannel(input: { name: string; nameKey: string; skeleton: string; now: Date }): Promise<Channel | null>;
  listChannels(): Promise<Channel[]>;
  findChannel(id: string): Promise<Channel | null>;

  // Messages ---------------------------------------------------------------------

  /**
   * Stores a message and removes the channel's oldest beyond `keep`, in one
   * transaction. With a clientId that the author already used in the
   * channel, stores nothing and returns the first message with created=false.
   * A created message is handed to `input.announce` after the commit and
   * before any later message of the channel commits.
   */
  addMessage(input: AddMessageInput): Promise<{ message: Message; created: boolean }>;
  /** The newest `last` messages of a channel, oldest first. */
  latestMessages(channelId: string, last: number): Promise<Message[]>;
  /** Every retained message of a channel with an id above `afterId`, oldest first. */
  messagesAfter(channelId: string, afterId: string): Promise<Message[]>;

  addDirectMessage(input: AddDirectMessageInput): Promise<{ message: DirectMessage; created: boolean }>;

  /**
   * Changes one retained channel message atomically: loads it as stored now,
   * asks `input.decide` what to do (which may throw a DomainError: nothing is
   * written then), and carries the change out, adding one to its version.
   * Ordered with the channel's sends: under the same lock, a change commits
   * and is announced before any later send or change of the channel. Null
   * when no retained message of the channel has this id. A decision of
   * `none` writes and announces nothing and returns the message as it is.
   */
  changeMessage(input: ChangeMessageInput): Promise<ChangeOutcome<Message> | null>;
  /** The same for a direct message, ordered with the sends of both its users. */
  changeDirectMessage(input: ChangeDirectMessageInput): Promise<ChangeOutcome<DirectMessage> | null>;

  // Read markers ---------------------------------------------------------------------
  // One marker per user per channel and per conversation. It only moves
  // forward: a move to an id below where it stands leaves it there, also when
  // two instances move it at once. Sending moves the sender's marker to the
  // message, in the send's transaction.

  /** Where messageId stands among the channel's retained messages: what decides whether a marker may move there. */
  channelMessagePosition(channelId: string, messageId: string): Promise<MessagePosition>;
  /** The same among the retained messages between the two users. */
  directMessagePosition(userId: string, otherUserId: string, messageId: string): Promise<MessagePosition>;
  /** Moves the user's marker in the channel forward to messageId (never back); returns the state after. */
  moveChannelMarker(userId: string, channelId: string, messageId: string): Promise<ReadState & { lastReadId: string }>;
  /** The same for the user's marker in their conversation with the other user. */
  moveDirectMarker(userId: string, otherUserId: string, messageId: string): Promise<ReadState & { lastReadId: string }>;
  /** The user's read state in each of these channels, by channel id, in a fixed number of statements whatever their number. */
  channelReadStates(userId: string, channelIds: readonly string[]): Promise<Map<string, ReadState>>;
  /** The user's direct conversations, the most recently active first, in a fixed number of statements. */
  directConversations(userId: string): Promise<DirectConversation[]>;
  // Search ---------------------------------------------------------------------------

  /**
   * Retained channel messages, not deleted, holding every one of `words`
   * (the domain's searchWords, each matching a prefix of a word of the body
   * as indexed by indexedWords), newest first, at most `first`; in one
   * channel when channelId is set. A body is indexed by the same statement
   * (or transaction) that writes it, and forgotten with its message.
   */
  searchMessages(input: SearchMessagesInput): Promise<Message[]>;
  /** The same over the direct messages the user sent or received; with otherUserId, those between the two only. */
  searchDirectMessages(input: SearchDirectMessagesInput): Promise<DirectMessage[]>;

  // The outbox ---------------------------------------------------------------------

  /** Outbox entries written before `before`, oldest first: events not yet confirmed as published. */
  pendingEvents(before: Date, limit: number): Promise<OutboxEntry[]>;
  /** Forgets outbox entries whose events are published. */
  removeEvents(ids: readonly string[]): Promise<void>;
  /** The newest `last` messages between two users, oldest first. */
  latestDirectMessages(userId: string, otherUserId: string, last: number): Promise<DirectMessage[]>;
  /** Every retained direct message sent or received by the user with an id above `afterId`, oldest first. */
  directMessagesAfter(userId: string, afterId: string): Promise<DirectMessage[]>;
}

/** Where an id stands among the retained messages of a channel or a conversation. */
export interface MessagePosition {
  /** Whether a retained message there has this id. */
  readonly retained: boolean;
  /** The oldest and the newest retained ids, or null when none is retained. */
  readonly oldestId: string | null;
  readonly newestId: string | null;
}

export interface SearchMessagesInput {
  /** At least one, each non-empty, of letters and digits only (searchWords). */
  readonly words: readonly string[];
  readonly first: number;
  readonly channelId: string | null;
}

export interface SearchDirectMessagesInput {
  readonly words: readonly string[];
  readonly first: number;
  readonly userId: string;
  readonly otherUserId: string | null;
}

export interface ClaimNameInput {
  name: string;
  nameKey: string;
  skeleton: string;
  tokenHash: string;
  now: Date;
  /** A session unused for longer than this no longer holds its name. */
  idleLimitMs: number;
  /** The caller's own session, which never counts as holding the name against it. */
  currentSessionId: string | null;
  /** The user whose password the caller gave correctly, if any. */
  verifiedUserId: string | null;
}

export type ClaimNameResult =
  | { ok: true; user: User; endedSessionIds: string[] }
  | { ok: false; reason: Extract<ClaimDecision, { kind: 'taken' | 'wrong-password' }>['kind']; holder: string };

export interface StoredClaimCandidate extends ClaimCandidate {
  readonly passwordHash: string | null;
}

export interface StoredSession {
  sessionId: string;
  user: User;
  lastUsedAt: Date;
}

export interface AddMessageInput {
  channelId: string;
  authorId: string;
  body: string;
  /** The users the body mentions (live users, resolved by the domain), in the order first mentioned, without repeats; none when absent. */
  mentionIds?: readonly string[];
  clientId: string | null;
  now: Date;
  /** How many messages the channel keeps. */
  keep: number;
  /**
   * Publishes a newly created message. Called once it is committed, and
   * awaited before the next message of the channel may commit: so events leave
   * in id order even when several instances send to one channel at once, and
   * a subscriber never receives a lower id after a higher one.
   */
  announce?: (message: Message, entry: WrittenOutboxEntry | null) => Promise<void>;
  /** With it, the events of a created message are written to the outbox in the same transaction. */
  outbox?: (message: Message) => readonly OutboxEvent[];
  /** With `outbox`: where a store that commits several writes at once announces them together (see GroupDelivery). */
  groupDelivery?: GroupDelivery;
}

export interface AddDirectMessageInput {
  fromId: string;
  toId: string;
  body: string;
  clientId: string | null;
  now: Date;
  keep: number;
  /**
   * As for channels, but ordered per user: a user's direct messages (every
   * conversation of theirs, which is what a resume replays) commit and are
   * announced in id order.
   */
  announce?: (message: DirectMessage, entry: WrittenOutboxEntry | null) => Promise<void>;
  outbox?: (message: DirectMessage) => readonly OutboxEvent[];
  groupDelivery?: GroupDelivery;
}

/**
 * What the domain decided to do to a message, given its stored state. An
 * edit replaces the body and the mentions (and sets editedAt); a deletion
 * empties the body and removes reactions and mentions (and sets deleted);
 * a reaction adds or removes one user's emoji. `none` changes nothing.
 */
export type MessageChange =
  | { readonly kind: 'none' }
  | { readonly kind: 'edit'; readonly body: string; readonly mentionIds: readonly string[] }
  | { readonly kind: 'delete' }
  | { readonly kind: 'react'; readonly emoji: string; readonly userId: string; readonly on: boolean };

export interface ChangeMessageInput {
  channelId: string;
  messageId: string;
  /** Runs inside the transaction, on the message as stored: the domain's rule. Throwing aborts the change. */
  decide: (current: Message) => MessageChange;
  now: Date;
  /** As for sends: publishes the changed message after the commit, before the channel's next send or change commits. */
  announce?: (message: Message, entry: WrittenOutboxEntry | null) => Promise<void>;
  outbox?: (message: Message) => readonly OutboxEvent[];
  groupDelivery?: GroupDelivery;
}

export interface ChangeDirectMessageInput {
  messageId: string;
  decide: (current: DirectMessage) => MessageChange;
  now: Date;
  announce?: (message: DirectMessage, entry: WrittenOutboxEntry | null) => Promise<void>;
  outbox?: (message: DirectMessage) => readonly OutboxEvent[];
  groupDelivery?: GroupDelivery;
}

/** A change's outcome: the message as it now stands, and whether anything was written (and announced). */
export interface ChangeOutcome<M> {
  readonly message: M;
  readonly changed: boolean;
}

/** One event to publish: a topic, its scope, and the JSON payload. */
export interface OutboxEvent {
  readonly topic: string;
  readonly scope?: string;
  readonly payload: unknown;
}

/** The events of one committed message, kept until they are published. */
export interface OutboxEntry {
  readonly id: string;
  readonly events: readonly OutboxEvent[];
}

/** The entry a send just wrote, and whether older entries still wait: they go out first. */
export interface WrittenOutboxEntry {
  readonly id: string;
  readonly olderPending: boolean;
}

/** The events of one committed write and its outbox entry: what a group of writes announces, one each. */
export interface Delivery {
  readonly entry: WrittenOutboxEntry;
  readonly events: readonly OutboxEvent[];
}

/**
 * How a store that commits several writes in one transaction (a group
 * commit) announces them: all at once, in commit order, in place of calling
 * each write's `announce` in turn, so that the group's events go out in one
 * go and its entries are removed together. Called under the writes' ordering
 * locks, after the commit; the writes are acknowledged once it resolves.
 *
 * Entries are in id order, and the first one's `olderPending` speaks for the
 * group: an entry older than the group's first waits. (Each later entry sees
 * its own group mates as older, which says nothing.)
 *
 * Resolves with the ids of the entries whose events are now published: the
 * store forgets them before it unlocks (so that the next write does not find
 * them waiting), in the round trip that unlocks. Entries left out were left
 * to the relay.
 */
export interface GroupDelivery {
  deliverAll(deliveries: readonly Delivery[]): Promise<readonly string[]>;
}
