import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { createServer, type Server } from 'node:http';
import { Server as NetServer, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Config } from './config.js';
import { ChannelService } from './domain/channel.service.js';
import { DirectMessageService } from './domain/direct-message.service.js';
import { EventOutbox, ImmediateDelivery } from './domain/event-outbox.js';
import { LoginAttempts } from './domain/login-attempts.js';
import { MessageService } from './domain/message.service.js';
import { ReadMarkerService } from './domain/read-marker.service.js';
import { perHour, perMinute, RateLimiter, type DomainRateLimits, type RateLimitOptions } from './domain/rate-limiter.js';
import type { Services } from './domain/services.js';
import { SearchService } from './domain/search.service.js';
import { SessionService } from './domain/session.service.js';
import { TypingService } from './domain/typing.service.js';
import { openEvents } from './events/open-events.js';
import { createLogger, type Logger } from './logger.js';
import { buildChatSchema } from './schema/build-schema.js';
import { countRootFieldsInFlight } from './schema/in-flight-root-fields.js';
import type { GraphQLContext } from './schema/context.js';
import { toClientError } from './schema/error-mapping.js';
import { isPostgresUrl, openStore } from './store/open-store.js';
import type { EventBus } from './domain/ports/events.port.js';
import type { Store } from './domain/ports/store.port.js';
import { createHttpHandler } from './transport/http.js';
import { proxyTrust } from './transport/client-address.js';
import { limitConnections, requestTimeouts } from './transport/connection-limits.js';
import { CSRF_PREFLIGHT_HEADERS } from './transport/cors.js';
import { InFlight } from './transport/in-flight.js';
import { validationLimits } from './transport/limits.js';
import { QueryCost } from './transport/query-cost.js';
import { queryCostPlugin } from './transport/query-cost-plugin.js';
import { loadWebHandler } from './transport/web.js';
import { attachWebSocket } from './transport/ws.js';

export interface RunningServer {
  /** http://host:port of the running server. */
  readonly url: string;
  readonly port: number;
  readonly httpServer: Server;
  readonly log: Logger;
  /** The store the server composed, for tests and maintenance tools: the server owns it and closes it. */
  readonly store: Store;
  /** The event bus the server composed, for tests that must publish an event no client could cause. */
  readonly bus: EventBus;
  /**
   * The sessions with an open WebSocket here are recorded as in use every
   * `intervalMs`, by a timer. `keepAllAlive` does now what that timer does,
   * for tests that move the clock instead of waiting for it.
   */
  readonly connectedSessions: { readonly intervalMs: number; keepAllAlive(): Promise<void> };
  /**
   * Typing lapses by a real timer (TYPING_LAPSE_MS after the last call, by
   * the clock). `lapseDue` announces now the stops that are due by the
   * clock, for tests that move the clock instead of waiting for the timer.
   */
  readonly typing: { lapseDue(): Promise<void> };
  /**
   * Stops accepting connections, lets the requests and operations in flight
   * finish and answer (for up to SHUTDOWN_GRACE_MS), closes WebSockets with
   * 1001, then closes the event transport and the store.
   */
  close(): Promise<void>;
}

export interface ServerOptions {
  /**
   * The time every rule reads: when a session has gone idle, the date of a
   * message or a channel, when a rate limit or a password's wait lifts, when
   * an event left in the outbox is taken over. Default the wall clock; tests
   * pass one they move by hand. Timers (keep-alive pings, request timeouts,
   * polling, the shutdown's grace) still run on real time.
   */
  clock?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a shutdown waits for requests and operations in flight. */
export const SHUTDOWN_GRACE_MS = 10_000;
/**
 * Nothing in flight for this long counts as drained: requests that clients
 * sent just before the signal are read from the sockets' buffers meanwhile.
 */
const SHUTDOWN_QUIET_MS = 100;

/**
 * The composition root: config → store → events → services → schema →
 * transports. Everything the server is made of is chosen here, and only here.
 */
export async function startServer(
  config: Config,
  log: Logger = createLogger(config.logLevel),
  options: ServerOptions = {},
): Promise<RunningServer> {
  const clock = options.clock ?? (() => new Date());
  const nowMs = () => clock().getTime();
  // Shared by every instance: the store (PostgreSQL; SQLite serves one
  // instance only) and, with REDIS_URL, events and presence. Per instance:
  // open sockets, connection counts, the presence mirror, rate limits.
  const store = await openStore(config.databaseUrl, log, { pgPoolSize: config.pgPoolSize });
  let events;
  try {
    events = await openEvents(config, log);
  } catch (error) {
    await store.close();
    throw error;
  }
  const { bus, presence } = events;

  const idleLimitMs = config.sessionTtlDays * DAY_MS;
  const limits = rateLimits(config, nowMs);
  const channels = new ChannelService(store, bus, { perUser: limits.channelsPerUser, perAddress: limits.channelsPerAddress }, clock);
  const sends = { perUser: limits.sendsPerUser, perAddress: limits.sendsPerAddress };
  const attemptsAllowing = (freeAttempts: number) =>
    new LoginAttempts(
      {
        freeAttempts,
        baseDelayMs: 1000,
        maxDelayMs: config.passwordMaxDelaySeconds * 1000,
        forgetAfterMs: 60 * 60_000,
      },
      nowMs,
    );
  const passwordAttempts = {
    byName: attemptsAllowing(config.passwordFreeAttemptsPerName),
    byAddress: attemptsAllowing(config.passwordFreeAttemptsPerAddress),
  };
  // Through Redis, a publish can fail after the commit: the outbox keeps the events until one succeeds.
  const outbox = config.redisUrl
    ? new EventOutbox(store, bus, { onError: (error) => log.warn({ err: error }, 'events not published yet; retrying') }, clock)
    : null;
  outbox?.start();
  const delivery = outbox ?? new ImmediateDelivery(bus);
  const typing = new TypingService(
    store,
    bus,
    channels,
    {
      lapseMs: config.typingLapseMs,
      perUser: limits.typingPerUser,
      onError: (error) => log.warn({ err: error }, 'a typing stop was not published'),
    },
    clock,
  );
  await typing.followSends();
  const services: Services = {
    sessions: new SessionService(store, bus, passwordAttempts, { idleLimitMs, loginLimiter: limits.loginsPerAddress }, clock),
    channels,
    messages: new MessageService(
      store,
      bus,
      delivery,
      channels,
      sends,
      { messageLimit: config.messageLimit, maxReactions: config.maxReactionsPerMessage },
      clock,
      typing,
    ),
    directMessages: new DirectMessageService(
      store,
      bus,
      delivery,
      { ...sends, newConversations: limits.newConversationsPerUser },
      { messageLimit: config.messageLimit, maxReactions: config.maxReactionsPerMessage },
      clock,
      typing,
    ),
    readMarkers: new ReadMarkerService(store, bus, channels),
    presence,
    typing,
    search: new SearchService(store, channels),
  };

  const inFlight = new InFlight();
  let draining = false;
  const schema = await buildChatSchema();
  countRootFieldsInFlight(schema, () => inFlight.enter());
  const queryCost = new QueryCost({ schema, limit: config.queryCostLimit, maxListSize: config.messageLimit });
  const apollo = new ApolloServer<GraphQLContext>({
    // Apollo's own handler stops the server and re-raises the signal, which
    // ends the process before our shutdown has answered anything: main.ts
    // owns SIGTERM and SIGINT and calls close().
    stopOnTerminationSignals: false,
    schema,
    validationRules: validationLimits,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: (_formatted, error) => toClientError(error, log),
    // GET runs queries when the request proves a preflight (a Bearer token among them); never with the cookie alone.
    csrfPrevention: { requestHeaders: [...CSRF_PREFLIGHT_HEADERS] },
    // The playground lives at /playground; Apollo's own landing page loads from a CDN.
    plugins: [ApolloServerPluginLandingPageDisabled(), queryCostPlugin(queryCost)],
  });
  await apollo.start();

  const proxy = proxyTrust(config.trustProxy);
  const handleHttp = createHttpHandler({
    apollo,
    services,
    log,
    healthCheck: async () => {
      // A balancer that sees 503 stops sending new work here while the rest drains.
      if (draining) throw new Error('the server is shutting down');
      await store.ping();
      await events.check();
    },
    sessionMaxAgeSeconds: idleLimitMs / 1000,
    proxy,
    maxResponseBytes: config.maxResponseBytes,
    web: await loadWebHandler(config.webBuildDir, log),
    corsOrigins: config.corsOrigins,
  });
  const httpServer = createServer({ ...requestTimeouts }, (request, response) => {
    response.once('close', inFlight.enter());
    // Keep-alive connections end after their answer once the server drains.
    if (draining) response.setHeader('Connection', 'close');
    handleHttp(request, response);
  });
  limitConnections(httpServer, {
    maxConnections: config.maxConnections,
    maxConnectionsPerAddress: config.maxConnectionsPerAddress,
    exempt: proxy.trustsPeer,
    log,
  });
  // Upgraded sockets leave http.Server's bookkeeping: kept here, so that one
  // whose client never answers the close handshake cannot hold up the exit.
  const upgraded = new Set<Duplex>();
  // One listener for every socket (Node calls it with the socket as `this`): no closure per connection.
  function forgetUpgraded(this: Duplex) {
    upgraded.delete(this);
  }
  httpServer.on('upgrade', (_request, socket: Duplex) => {
    upgraded.add(socket);
    socket.once('close', forgetUpgraded);
  });
  const webSocket = await attachWebSocket({
    httpServer,
    schema,
    services,
    log,
    allowedOrigins: config.allowedOrigins,
    clientOf: proxy.clientOf,
    queryCost,
    limits: {
      maxSocketsPerUser: config.maxSocketsPerUser,
      maxSocketsPerAddress: config.maxSocketsPerAddress,
      maxSubscriptionsPerUser: config.maxSubscriptionsPerUser,
      operationRatePerSecond: config.wsOperationRatePerSecond,
      operationBurst: config.wsOperationBurst,
      maxResponseBytes: config.maxResponseBytes,
      maxBufferedBytes: config.wsMaxBufferedBytes,
    },
  });
  events.onInterrupted(() => webSocket.restartAll());

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  log.info({ url, database: describeDatabase(config), redis: Boolean(config.redisUrl) }, 'Flask-Chat is listening');

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    httpServer,
    log,
    store,
    bus,
    connectedSessions: {
      intervalMs: services.sessions.connectedTouchIntervalMs,
      keepAllAlive: () => webSocket.keepConnectedSessionsAlive(),
    },
    typing: { lapseDue: () => typing.lapseDue() },
    close() {
      closing ??= (async () => {
        draining = true;
        const startedAt = Date.now();
        // Stop listening, but not as http.Server#close() does, which also
        // drops idle keep-alive connections at once: a request already sent
        // on one, still unread in its buffer, would get a reset instead of an
        // answer. Idle connections close once the work has drained.
        const connectionsEnded = new Promise<void>((resolve) => NetServer.prototype.close.call(httpServer, () => resolve()));
        const drained = await inFlight.settled({ quietMs: SHUTDOWN_QUIET_MS, deadlineMs: SHUTDOWN_GRACE_MS });
        if (!drained) log.warn({ inFlight: inFlight.size }, 'shutdown: work still in flight after the grace period is cut off');
        await webSocket.close();
        httpServer.closeIdleConnections();
        const remainingMs = Math.max(0, SHUTDOWN_GRACE_MS - (Date.now() - startedAt));
        let cutOff: NodeJS.Timeout | undefined;
        await Promise.race([connectionsEnded, new Promise<void>((resolve) => (cutOff = setTimeout(resolve, remainingMs)))]);
        clearTimeout(cutOff);
        httpServer.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
        await connectionsEnded;
        await apollo.stop();
        await typing.close();
        await outbox?.close();
        await presence.close();
        await bus.close();
        await store.close();
        log.info('Flask-Chat stopped');
      })();
      return closing;
    },
  };
}

/** The domain's limiters, from the configuration; each with the sentence a refused client reads. */
function rateLimits(config: Config, now: () => number): DomainRateLimits {
  const limiter = (options: RateLimitOptions) => new RateLimiter(options, now);
  return {
    loginsPerAddress: limiter({
      ratePerSecond: perMinute(config.loginRatePerMinute),
      burst: config.loginBurst,
      message: 'Too many sign-ins from your network. Wait a moment and try again.',
    }),
    channelsPerUser: limiter({
      ratePerSecond: perHour(config.userChannelRatePerHour),
      burst: config.userChannelBurst,
      message: 'You are creating channels too fast. Wait a while, or use a channel that exists.',
    }),
    channelsPerAddress: limiter({
      ratePerSecond: perHour(config.addressChannelRatePerHour),
      burst: config.addressChannelBurst,
      message: 'Too many channels are being created from your network. Wait a while, or use a channel that exists.',
    }),
    sendsPerUser: limiter({ ratePerSecond: config.sendRatePerSecond, burst: config.sendBurst }),
    sendsPerAddress: limiter({
      ratePerSecond: config.addressSendRatePerSecond,
      burst: config.addressSendBurst,
      message: 'Too many messages are being sent from your network. Wait a moment and try again.',
    }),
    newConversationsPerUser: limiter({
      ratePerSecond: perHour(config.newConversationsPerHour),
      burst: Math.max(1, config.newConversationsPerHour),
      message: 'You have started too many new conversations lately. Wait a while, or write to someone you have written to before.',
    }),
    typingPerUser: limiter({
      ratePerSecond: config.typingRatePerSecond,
      burst: config.typingBurst,
      message: 'You are saying that you type too often. Wait a moment before saying it again.',
    }),
  };
}

function describeDatabase(config: Config): string {
  return isPostgresUrl(config.databaseUrl) ? 'postgresql' : `sqlite:${config.databaseUrl}`;
}
