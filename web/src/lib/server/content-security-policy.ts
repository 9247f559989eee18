/**
 * The page's Content-Security-Policy with its own WebSocket origin in
 * connect-src. CSP Level 3 lets 'self' cover ws:/wss: to the same host, but
 * older engines (Safari before 15.4 among them) do not, and the origin
 * depends on the host the page was asked for, so it cannot be written in
 * svelte.config.js.
 *
 * `secure` is the server's verdict on the request (TLS, or a proxy that
 * TRUST_PROXY trusts), never the client's own claim. A host that is not a
 * plain host[:port] adds nothing: the header must not carry whatever a client
 * sent as Host.
 */
export function withWebSocketOrigin(policy: string, host: string, secure: boolean): string {
  if (!/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(host)) return policy;
  const origin = `${secure ? 'wss' : 'ws'}://${host.toLowerCase()}`;
  const directives = policy
    .split(';')
    .map((directive) => directive.trim())
    .filter(Boolean);
  const index = directives.findIndex((directive) => /^connect-src(\s|$)/i.test(directive));
  if (index === -1) return policy;
  if (!directives[index]!.split(/\s+/).includes(origin)) directives[index] = `${directives[index]} ${origin}`;
  return directives.join('; ');
}
