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
 * The code of a fault of the server's own, whose message gives no detail (the
 * log has the cause). Not an ErrorCode: nothing the client did, so the web
 * app shows its own fallback for it rather than the server's sentence.
 */
export const INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR';

/**
 * What each code means and what the client can do, in the schema's
 * `ErrorCode` enum for clients that generate their types from it.
 */
export const ERROR_CODE_DESCRIPTIONS: Readonly<Record<ErrorCode | typeof INTERNAL_SERVER_ERROR, string>> = {
  [ErrorCode.Unauthenticated]:
    'No valid session: sign in (login) and send its token as "Authorization: Bearer <token>". Over HTTP, a token that is unknown or expired is answered 401.',
  [ErrorCode.UsernameTaken]: 'The name is held by another session, or looks like one that is (names are compared by their look).',
  [ErrorCode.ChannelExists]: 'A channel with that name, or one that looks like it, exists already: use it.',
  [ErrorCode.NotFound]: 'The channel, message or user does not exist (or no longer does).',
  [ErrorCode.BadUserInput]:
    'The request is wrong: a field, an argument, the query itself, or a limit such as its cost (extensions.cost, extensions.limit) or the size of its answer. The message says what.',
  [ErrorCode.RateLimited]:
    'Over a rate: retry after extensions.retryAfterMs. A limit on what is held at once (live subscriptions) carries extensions.limit instead: end some first.',
  [ErrorCode.Forbidden]: "Not the caller's to do, such as editing another author's message.",
  [ErrorCode.WrongPassword]: 'The name is protected and the password is missing or wrong; repeated wrong passwords wait longer and longer.',
  [ErrorCode.Unavailable]:
    'The server cannot store right now (disk full, database unreachable): retry after extensions.retryAfterMs. Nothing was stored, so a send retried with the same clientId stores once.',
  [INTERNAL_SERVER_ERROR]: 'A fault on the server; the message gives no detail. Try again in a moment.',
};

/**
 * Why the server closes a WebSocket, in the graphql-transport-ws protocol's
 * codes (4400, 4401 and 4403 are graphql-ws's own: a spec keeps them equal).
 * Reasons are fixed words, never internal text.
 */
export const CloseCode = {
  /** The session ended (logout, a login elsewhere in the same browser, or the name's password given elsewhere): sign in again. */
  SessionEnded: 4401,
  /**
   * The token in connection_init is unknown, expired or malformed; the reason
   * says which, never the token. The same code as SessionEnded, graphql-ws's
   * `Unauthorized`, which its clients treat as fatal: sign in again.
   */
  InvalidToken: 4401,
  /** A session cookie sent from a page of another site (no token). graphql-ws clients retry it. */
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
   * graphql-ws 6 clients give up on it: a fault of ours, not worth retrying.
   */
  InternalServerError: 4500,
  /**
   * The database could not be reached while handling the socket's messages
   * (while authenticating it, say): reconnect in a moment. graphql-ws clients
   * retry it by themselves.
   */
  TryAgainLater: 1013,
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
