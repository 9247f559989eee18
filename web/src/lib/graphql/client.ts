import { Client, fetchExchange, subscriptionExchange } from '@urql/svelte';
import { createClient as createWebSocketClient, type Client as WebSocketClient } from 'graphql-ws';
import { CloseCode } from './codes.js';

/**
 * The urql clients of the web app. Queries and mutations go over HTTP
 * (`/graphql`, same origin: the browser sends the HttpOnly session cookie);
 * subscriptions go over one graphql-ws WebSocket, which the server
 * authenticates from the same cookie on the upgrade request. The page never
 * handles the session token.
 */

const GRAPHQL_PATH = '/graphql';

/**
 * Close codes after which reconnecting cannot help: the session is over, or
 * its token refused (4401, SessionEnded and InvalidToken alike), or the
 * cookie refused (4403).
 */
export const SESSION_ENDED_CODES: readonly number[] = [CloseCode.SessionEnded, CloseCode.Forbidden];

/** For pages without a session (sign-in): HTTP only. */
export function createHttpClient(): Client {
  return new Client({
    url: GRAPHQL_PATH,
    exchanges: [fetchExchange],
    // POST always: GET queries would need Apollo's CSRF preflight header.
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: { credentials: 'same-origin' },
  });
}

export interface ConnectionEvents {
  /** The socket is open and acknowledged: (re)subscribe now. */
  onConnected(): void;
  /** The socket closed; it is reconnecting unless the session ended. */
  onClosed(code: number): void;
}

export interface ChatConnection {
  readonly client: Client;
  readonly socket: WebSocketClient;
  dispose(): void;
}

/**
 * The client for a signed-in page. The WebSocket opens at once (presence
 * counts open connections) and reconnects for ever with a capped backoff.
 * Subscriptions are not resumed by graphql-ws itself: the chat state drops
 * them when the socket closes and subscribes again, with `after` set to the
 * newest message it holds, once `onConnected` reports the new connection.
 */
export function createChatConnection(events: ConnectionEvents, location: Location = window.location): ChatConnection {
  const socket = createWebSocketClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_PATH}`,
    lazy: false,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: (event) => !SESSION_ENDED_CODES.includes((event as { code?: number })?.code ?? 0),
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, reconnectDelayMs(retries))),
    keepAlive: 15_000,
    onNonLazyError: () => {},
    on: {
      connected: () => events.onConnected(),
      closed: (event) => events.onClosed((event as { code?: number })?.code ?? 1006),
    },
  });
  const client = new Client({
    url: GRAPHQL_PATH,
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: { credentials: 'same-origin' },
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: socket.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
  return { client, socket, dispose: () => void socket.dispose() };
}

/** 0.5 s, 1 s, 2 s, then every 3 s, with a little jitter so that a restarted server is not hit by every tab at once. */
export function reconnectDelayMs(retries: number, random: () => number = Math.random): number {
  return Math.min(500 * 2 ** retries, 3000) + Math.floor(random() * 250);
}
