import { CloseCode as ProtocolCloseCode } from 'graphql-ws';

/**
 * Why the server closes a WebSocket, in the graphql-transport-ws protocol's
 * codes. Reasons are fixed words, never internal text.
 */
export const CloseCode = {
  /** The session ended (logout, or a login elsewhere in the same browser): sign in again. */
  SessionEnded: ProtocolCloseCode.Unauthorized,
  /** A token that is unknown or expired, or a cookie sent from a page of another site. */
  Forbidden: ProtocolCloseCode.Forbidden,
  /** A message the protocol does not allow, such as an operation id over 128 characters. */
  BadRequest: ProtocolCloseCode.BadRequest,
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
  InternalServerError: ProtocolCloseCode.InternalServerError,
  /** The server is shutting down; reconnect. */
  GoingAway: 1001,
  /** Live events may have been lost (Redis was away): reconnect and resume with `after`. */
  ServiceRestart: 1012,
} as const;
