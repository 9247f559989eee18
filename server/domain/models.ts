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

export interface Message {
  readonly id: string;
  readonly channelId: string;
  readonly author: User;
  readonly body: string;
  readonly createdAt: string;
  readonly clientId: string | null;
}

export interface DirectMessage {
  readonly id: string;
  readonly from: User;
  readonly to: User;
  readonly body: string;
  readonly createdAt: string;
  readonly clientId: string | null;
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
