import type { Handle, HandleServerError } from '@sveltejs/kit';
import { withWebSocketOrigin } from '$lib/server/content-security-policy';

/**
 * Every page's CSP (from kit.csp in svelte.config.js) gets the page's own
 * WebSocket origin, for the chat's live updates and the playground's
 * subscriptions. The chat server has already replaced X-Forwarded-Proto with
 * its own verdict (server/transport/http.ts), so it can be believed here;
 * event.url cannot be, as adapter-node takes every request for HTTPS unless
 * told otherwise.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  const policy = response.headers.get('content-security-policy');
  if (policy) {
    const secure = event.request.headers.get('x-forwarded-proto') === 'https';
    response.headers.set('content-security-policy', withWebSocketOrigin(policy, event.url.host, secure));
  }
  return response;
};

/**
 * An unknown address is the visitor's mistake, not ours: it gets the 404
 * page and no log line; other refusals of a request (a malformed address)
 * are logged at debug, and failures of ours as errors. The chat server
 * routes the console through its JSON logger (server/console-to-log.ts).
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
  if (status >= 500) console.error(`page ${event.url.pathname} failed with ${status}`, error);
  else if (status !== 404) console.debug(`page ${event.url.pathname} refused with ${status}: ${message}`);
  return { message };
};
