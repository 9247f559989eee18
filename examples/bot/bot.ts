import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ApiError, request, withRetryAfter } from './api.js';
import {
  BotChannelsDocument,
  BotCreateChannelDocument,
  BotLoginDocument,
  BotMessageAddedDocument,
  BotSendMessageDocument,
  type BotMessageAddedSubscription,
} from './generated/graphql.js';

export type ChatMessage = BotMessageAddedSubscription['messageAdded'];

export interface BotOptions {
  /** The server, e.g. http://localhost:4000: the API is at /graphql, over HTTP and WebSocket alike. */
  url: string;
  /** The name to sign in with. */
  name: string;
  /** The password of a protected name, if it has one. */
  password?: string;
  /** The channel to join by name; created when there is none. */
  channel: string;
  /** How long to wait before reconnect attempt `retries` (0, 1, 2…). Default: 0.5 s doubling to 5 s, with jitter. */
  retryWait?: (retries: number) => Promise<void>;
  /** Told of everything the bot sees and does, for logs and tests. */
  onEvent?: (event: BotEvent) => void;
}

export type BotEvent =
  | { type: 'joined'; channelId: string }
  | { type: 'connected'; after: string | null }
  | { type: 'closed'; code: number | undefined }
  | { type: 'message'; message: ChatMessage }
  | { type: 'replied'; to: ChatMessage; id: string }
  | { type: 'error'; error: unknown };

export interface Bot {
  readonly channelId: string;
  /** The id of the newest message seen: a reconnect resumes after it. */
  readonly lastSeenId: string | null;
  stop(): Promise<void>;
}

const defaultRetryWait = (retries: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.min(500 * 2 ** retries, 5000) + Math.random() * 500));

/**
 * Signs in, joins the channel, and answers every "!ping" there with "pong".
 *
 * The recipe for a client that must neither miss nor repeat a message:
 * graphql-ws re-sends a subscription with its first variables after a
 * reconnect, so the bot does not let it. It drops its subscription when the
 * socket closes and subscribes again on every `connected`, with `after` set
 * to the last message id it saw: the server replays what came after it, then
 * goes live. `shouldRetry` keeps trying while the server is down (a refused
 * connection is fatal to graphql-ws otherwise); graphql-ws itself gives up
 * on codes no retry can help with, such as 4401 (the token is refused).
 */
export async function startBot(options: BotOptions): Promise<Bot> {
  const emit = options.onEvent ?? (() => {});
  const httpUrl = `${options.url}/graphql`;
  const { login } = await withRetryAfter(() => request(httpUrl, BotLoginDocument, { name: options.name, password: options.password }));
  const { token, user } = login;
  const channel = await join(httpUrl, token, options.channel);
  emit({ type: 'joined', channelId: channel.id });

  // Start from the channel's newest message: whatever is posted from here on is answered, even before the socket is up.
  let lastSeenId: string | null = channel.newestId;
  let unsubscribe: (() => void) | null = null;

  const reply = async (to: ChatMessage) => {
    try {
      // The clientId makes the reply idempotent: a retried send is stored once.
      const sent = await withRetryAfter(() =>
        request(httpUrl, BotSendMessageDocument, { channelId: channel.id, body: 'pong', clientId: `pong-${to.id}` }, token),
      );
      emit({ type: 'replied', to, id: sent.sendMessage.id });
    } catch (error) {
      emit({ type: 'error', error });
    }
  };

  const onMessage = (message: ChatMessage) => {
    lastSeenId = message.id;
    emit({ type: 'message', message });
    if (message.author.id !== user.id && message.body.trim() === '!ping') void reply(message);
  };

  const subscribe = (socket: Client) =>
    socket.subscribe(
      { query: BotMessageAddedDocument.toString(), variables: { channelId: channel.id, after: lastSeenId } },
      {
        next: (result) => {
          const message = (result.data as BotMessageAddedSubscription | undefined)?.messageAdded;
          if (message) onMessage(message);
          else emit({ type: 'error', error: result.errors });
        },
        error: (error) => emit({ type: 'error', error }),
        complete: () => {},
      },
    );

  const socket: Client = createClient({
    url: `${options.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authToken: token },
    // Connected at once and for good: reconnect however long the server is away.
    lazy: false,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: options.retryWait ?? defaultRetryWait,
    keepAlive: 15_000,
    onNonLazyError: (error) => emit({ type: 'error', error }),
    on: {
      connected: () => {
        emit({ type: 'connected', after: lastSeenId });
        unsubscribe = subscribe(socket);
      },
      closed: (event) => {
        // Dropped here, so that graphql-ws does not re-send it with the `after` of its first subscribe.
        unsubscribe?.();
        unsubscribe = null;
        emit({ type: 'closed', code: (event as { code?: number } | undefined)?.code });
      },
    },
  });

  return {
    channelId: channel.id,
    get lastSeenId() {
      return lastSeenId;
    },
    async stop() {
      unsubscribe?.();
      await socket.dispose();
    },
  };
}

/** The channel by name, created when there is none (or found after all when another client created it meanwhile). */
async function join(httpUrl: string, token: string, name: string): Promise<{ id: string; newestId: string | null }> {
  const find = async () => {
    const { channels } = await request(httpUrl, BotChannelsDocument, {}, token);
    const found = channels.find((channel) => channel.name === name);
    return found ? { id: found.id, newestId: found.messages.at(-1)?.id ?? null } : null;
  };
  const existing = await find();
  if (existing) return existing;
  try {
    const { createChannel } = await request(httpUrl, BotCreateChannelDocument, { name }, token);
    return { id: createChannel.id, newestId: null };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'CHANNEL_EXISTS') {
      const found = await find();
      if (found) return found;
    }
    throw error;
  }
}
