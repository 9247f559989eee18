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
  /** The server is shutting down; reconnect. */
  GoingAway: 1001,
  /** Live events may have been lost (Redis was away): reconnect and resume with `after`. */
  ServiceRestart: 1012,
} as const;
