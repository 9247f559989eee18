import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { ChannelService } from './domain/channel.service.js';
import { DirectMessageService } from './domain/direct-message.service.js';
import { EventOutbox, ImmediateDelivery } from './domain/event-outbox.js';
import { LoginAttempts } from './domain/login-attempts.js';
import { MessageService } from './domain/message.service.js';
import { perHour, perMinute, RateLimiter, type DomainRateLimits } from './domain/rate-limiter.js';
import type { Services } from './domain/services.js';
import { SessionService } from './domain/session.service.js';
import { openEvents } from './events/open-events.js';
import { createLogger, type Logger } from './logger.js';
import { buildChatSchema } from './schema/build-schema.js';
import type { GraphQLContext } from './schema/context.js';
import { toClientError } from './schema/error-mapping.js';
import { isPostgresUrl, openStore } from './store/open-store.js';
import { createHttpHandler } from './transport/http.js';
import { clientResolver } from './transport/client-address.js';
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
  /** Closes connections cleanly, then the store and the event transport. */
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The composition root: config → store → events → services → schema →
 * transports. Everything the server is made of is chosen here, and only here.
 */
export async function startServer(config: Config, log: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  // Shared by every instance: the store (PostgreSQL; SQLite serves one
  // instance only) and, with REDIS_URL, events and presence. Per instance:
  // open sockets, connection counts, the presence mirror, rate limits.
  const store = await openStore(config.databaseUrl, log);
  let events;
  try {
    events = await openEvents(config, log);
  } catch (error) {
    await store.close();
    throw error;
  }
  const { bus, presence } = events;

  const idleLimitMs = config.sessionTtlDays * DAY_MS;
  const limits = rateLimits(config);
  const channels = new ChannelService(store, bus, { perUser: limits.channelsPerUser, perAddress: limits.channelsPerAddress });
  const sends = { perUser: limits.sendsPerUser, perAddress: limits.sendsPerAddress };
  const attemptsAllowing = (freeAttempts: number) =>
    new LoginAttempts({
      freeAttempts,
      baseDelayMs: 1000,
      maxDelayMs: config.passwordMaxDelaySeconds * 1000,
      forgetAfterMs: 60 * 60_000,
    });
  const passwordAttempts = {
    byName: attemptsAllowing(config.passwordFreeAttemptsPerName),
    byAddress: attemptsAllowing(config.passwordFreeAttemptsPerAddress),
  };
  // Through Redis, a publish can fail after the commit: the outbox keeps the events until one succeeds.
  const outbox = config.redisUrl
    ? new EventOutbox(store, bus, { onError: (error) => log.warn({ err: error }, 'events not published yet; retrying') })
    : null;
  outbox?.start();
  const delivery = outbox ?? new ImmediateDelivery(bus);
  const services: Services = {
    sessions: new SessionService(store, bus, passwordAttempts, { idleLimitMs, loginLimiter: limits.loginsPerAddress }),
    channels,
    messages: new MessageService(store, bus, delivery, channels, sends, { messageLimit: config.messageLimit }),
    directMessages: new DirectMessageService(
      store,
      bus,
      delivery,
      { ...sends, newConversations: limits.newConversationsPerUser },
      { messageLimit: config.messageLimit },
    ),
    presence,
  };

  const schema = await buildChatSchema(bus);
  const queryCost = new QueryCost({ schema, limit: config.queryCostLimit, maxListSize: config.messageLimit });
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    validationRules: validationLimits,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: (_formatted, error) => toClientError(error, log),
    // The playground lives at /playground; Apollo's own landing page loads from a CDN.
    plugins: [ApolloServerPluginLandingPageDisabled(), queryCostPlugin(queryCost)],
  });
  await apollo.start();

  const clientOf = clientResolver(config.trustProxy);
  const httpServer = createServer(
    createHttpHandler({
      apollo,
      services,
      log,
      healthCheck: async () => {
        await store.ping();
        await events.check();
      },
      sessionMaxAgeSeconds: idleLimitMs / 1000,
      clientOf,
      maxResponseBytes: config.maxResponseBytes,
      web: await loadWebHandler(config.webBuildDir, log),
    }),
  );
  const webSocket = await attachWebSocket({
    httpServer,
    schema,
    services,
    bus,
    log,
    allowedOrigins: config.allowedOrigins,
    clientOf,
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
    close() {
      closing ??= (async () => {
        await webSocket.close();
        httpServer.closeIdleConnections();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        await apollo.stop();
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
function rateLimits(config: Config): DomainRateLimits {
  return {
    loginsPerAddress: new RateLimiter({
      ratePerSecond: perMinute(config.loginRatePerMinute),
      burst: config.loginBurst,
      message: 'Too many sign-ins from your network. Wait a moment and try again.',
    }),
    channelsPerUser: new RateLimiter({
      ratePerSecond: perHour(config.userChannelRatePerHour),
      burst: config.userChannelBurst,
      message: 'You are creating channels too fast. Wait a while, or use a channel that exists.',
    }),
    channelsPerAddress: new RateLimiter({
      ratePerSecond: perHour(config.addressChannelRatePerHour),
      burst: config.addressChannelBurst,
      message: 'Too many channels are being created from your network. Wait a while, or use a channel that exists.',
    }),
    sendsPerUser: new RateLimiter({ ratePerSecond: config.sendRatePerSecond, burst: config.sendBurst }),
    sendsPerAddress: new RateLimiter({
      ratePerSecond: config.addressSendRatePerSecond,
      burst: config.addressSendBurst,
      message: 'Too many messages are being sent from your network. Wait a moment and try again.',
    }),
    newConversationsPerUser: new RateLimiter({
      ratePerSecond: perHour(config.newConversationsPerHour),
      burst: Math.max(1, config.newConversationsPerHour),
      message: 'You have started too many new conversations lately. Wait a while, or write to someone you have written to before.',
    }),
  };
}

function describeDatabase(config: Config): string {
  return isPostgresUrl(config.databaseUrl) ? 'postgresql' : `sqlite:${config.databaseUrl}`;
}
