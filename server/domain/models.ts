/**
 * The shapes the domain hands around. Ids are decimal strings (what GraphQL's
 * ID carries and what PostgreSQL's bigint arrives as); instants are ISO-8601
 * strings in UTC, so every model survives a JSON round trip through an event
 * transport unchanged.
 */
export interface User {
  readonly id: string;
  readonly name: string;
  /** True when a password protects the name: the user then keeps it, and its history, for good. */
  readonly protected: boolean;
}

export interface Channel {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

/** One emoji on a message and who put it there, oldest first. */
export interface Reaction {
  readonly emoji: string;
  readonly users: readonly User[];
}

/**
 * What a message has beyond its text, the same for channels and direct
 * messages. A deleted message keeps its id and place with an empty body, no
 * reactions and no mentions. Every edit, deletion and change of reactions
 * adds one to `version`: of two copies of one message, the larger version is
 * the newer.
 */
export interface MessageState {
  /** When its author last edited the body; null if never. */
  readonly editedAt: string | null;
  readonly deleted: boolean;
  /** One entry per emoji, in the order each was first used. */
  readonly reactions: readonly Reaction[];
  readonly version: number;
}

/** The state of a message as sent: never edited, no reactions, version 1. */
export const FRESH_MESSAGE_STATE: MessageState = { editedAt: null, deleted: false, reactions: [], version: 1 };

export interface Message extends MessageState {
  readonly id: string;
  readonly channelId: string;
  readonly author: User;
  readonly body: string;
  readonly createdAt: string;
  readonly clientId: string | null;
  /** The users the body mentions, resolved when it was sent or last edited, in the order first mentioned. */
  readonly mentions: readonly User[];
}

export interface DirectMessage extends MessageState {
  readonly id: string;
  readonly from: User;
  readonly to: User;
  readonly body: string;
  readonly createdAt: string;
  readonly clientId: string | null;
}

/** Someone started or stopped typing: in a channel, or (channelId null) a direct message to the subscriber. */
export interface TypingEvent {
  readonly user: User;
  readonly channelId: string | null;
  readonly typing: boolean;
}

/** Who is asking, as far as the network tells: what limits per address count by. */
export interface ClientInfo {
  /** The client's IP address: the socket's, or the one a trusted proxy forwarded (TRUST_PROXY). */
  readonly address: string;
}

/** A signed-in session as the transports see it; never carries the token. */
export interface AuthSession {
  readonly sessionId: string;
  readonly user: User;
}

/**
 * Where a user's read marker stands in one channel or conversation, and what
 * is unread after it: retained messages that others wrote and that are not
 * deleted. `lastReadId` is null until the user reads or sends there.
 */
export interface ReadState {
  readonly lastReadId: string | null;
  readonly unreadCount: number;
  /** Of the unread, those that mention the user (always 0 in a direct conversation). */
  readonly mentionCount: number;
}

/** A read marker that just moved, as the user's other sessions learn of it: for a channel or for a conversation. */
export interface ReadMarker {
  readonly channelId: string | null;
  /** The other user of the conversation, for a direct conversation's marker. */
  readonly with: User | null;
  readonly lastReadId: string;
  readonly unreadCount: number;
  readonly mentionCount: number;
}

/** One of a user's direct conversations, as their list of conversations shows it. */
export interface DirectConversation {
  readonly with: User;
  /** The newest retained message, or null. */
  readonly lastMessage: DirectMessage | null;
  readonly lastReadId: string | null;
  readonly unreadCount: number;
}
