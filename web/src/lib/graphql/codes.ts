// The server's own definitions, imported as they are: a code added or renamed there reaches the client with the next build.
export { BODY_MAX, CloseCode, DEFAULT_HISTORY_LENGTH, ErrorCode } from '../../../../server/api/codes.js';
