/**
 * What the playground's WebSocket sends as connection_init: the headers of
 * GraphiQL's Headers tab, as they are. The server reads a token from
 * `Authorization` (any case, with or without `Bearer `) or `authToken`, so a
 * developer with only a token can run subscriptions too. Without headers the
 * socket goes on the browser's session cookie. Values that are not strings
 * are dropped: headers are strings.
 */
export function connectionParamsOf(headers: unknown): Record<string, string> | undefined {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return undefined;
  const params = Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  return Object.keys(params).length > 0 ? params : undefined;
}

/** The same connection serves every subscription with the same headers; other headers need a socket of their own. */
export const connectionKey = (params: Record<string, string> | undefined): string =>
  JSON.stringify(Object.entries(params ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
