import type { ClaimCandidate, ClaimDecision } from '../claims.js';
import type { Channel, DirectMessage, Message, User } from '../models.js';

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
