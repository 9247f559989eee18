/**
 * Whether a request's Origin may use the session cookie. Browsers send Origin
 * with every WebSocket upgrade; a page of another site must not ride on the
 * user's cookie (cross-site WebSocket hijacking). Clients that are not browsers
 * send no Origin and authenticate with a token.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowedOrigins.includes(origin)) return true;
  return isSameOrigin(origin, host);
}

/** Whether `origin` is the server's own: the host the request was sent to, whatever the scheme. */
export function isSameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
