/**
 * The codes a client acts on, defined once for the server and the web app,
 * which imports this file as it is. It imports nothing, so that the browser
 * bundle gets these values and nothing of the server.
 */

/** `extensions.code` of an error meant for the client; its message is a sentence a person understands. */
export enum ErrorCode {
  Unauthenticated = 'UNAUTHENTICATED',
  UsernameTaken = 'USERNAME_TAKEN',
  ChannelExists = 'CHANNEL_EXISTS',
  NotFound = 'NOT_FOUND',
  BadUserInput = 'BAD_USER_INPUT',
  RateLimited = 'RATE_LIMITED',
  /** The operation is not the caller's to do, such as editing another author's message. */
  Forbidden = 'FORBIDDEN',
  /** The name is protected and the password is missing or wrong. */
  WrongPassword = 'WRONG_PASSWORD',
  /** The server cannot store or read right now (disk full, database unreachable): retry after `retryAfterMs`. */
  Unavailable = 'UNAVAILABLE',
}

/**
 * Why the server closes a WebSocket, in the graphql-transport-ws protocol's
 * codes (4400, 4401 and 4403 are graphql-ws's own: a spec keeps them equal).
 * Reasons are fixed words, never internal text.
 */
export const CloseCode = {
  /** The session ended (logout, a login elsewhere in the same browser, or the name's password given elsewhere): sign in again. */
  SessionEnded: 4401,
  /** A token that is unknown or expired, or a cookie sent from a page of another site. */
  Forbidden: 4403,
  /** A message the protocol does not allow, such as an operation id over 128 characters. */
  BadRequest: 4400,
  /**
   * Over a limit that waiting does not lift at once: too many sockets for the
   * user (MAX_SOCKETS_PER_USER) or the address (MAX_SOCKETS_PER_ADDRESS), or
   * a socket that kept sending operations long after being told it was over
   * the rate. graphql-ws clients treat 4429 as fatal and do not retry, so a
   * refusal never turns into a storm of reconnects. Reason: "Too many
   * connections" or "Too many operations".
   */
  TooManyConnections: 4429,
  /**
   * Something failed inside the server while handling the socket's messages
   * (the database unreachable during authentication, say). The reason is
   * always "Internal server error"; the cause goes to the server's log only.
   * graphql-ws clients retry.
   */
  InternalServerError: 4500,
  /** The server is shutting down; reconnect. */
  GoingAway: 1001,
  /** Live events may have been lost (Redis was away): reconnect and resume with `after`. */
  ServiceRestart: 1012,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * How many of the newest messages a history query returns when it names no
 * `last`: the schema's default, a promise of the API contract (`last: Int =
 * 100`). The server never returns more than it keeps (MESSAGE_LIMIT).
 */
export const DEFAULT_HISTORY_LENGTH = 100;

/**
 * The longest message body, in characters as a person counts them (code
 * points): the server refuses a longer one with BAD_USER_INPUT, and the web
 * app counts down to it and refuses to send past it.
 */
export const BODY_MAX = 4000;

/**
 * How long one `typing` call holds, in milliseconds: the server announces the
 * stop this long after the last call (TYPING_LAPSE_MS may shorten it on a
 * server, for tests). A client repeats `typing` a little more often than this
 * while its user types.
 */
export const TYPING_LAPSE_MS = 5000;
