// Defined beside the error codes in server/api/codes.ts, which the web app imports too.
export { CloseCode } from '../api/codes.js';
