import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { PubSub } from 'graphql-subscriptions';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { ChannelService } from './domain/channel.service.js';
import { DirectMessageService } from './domain/direct-message.service.js';
import { MessageService } from './domain/message.service.js';
import type { PresenceTracker } from './domain/presence.js';
import { RateLimiter } from './domain/rate-limiter.js';
import type { Services } from './domain/services.js';
import { SessionService } from './domain/session.service.js';
import { PubSubEventBus, type EventBus } from './events/event-bus.js';
import { LocalPresenceTracker } from './events/local-presence.js';
import { createLogger, type Logger } from './logger.js';
import { buildChatSchema } from './schema/build-schema.js';
import type { GraphQLContext } from './schema/context.js';
import { toClientError } from './schema/error-mapping.js';
import type { Store } from './store/store.js';
import { SqliteStore } from './store/sqlite/sqlite.store.js';
import { createHttpHandler } from './transport/http.js';
import { validationLimits } from './transport/limits.js';
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
  const store = await openStore(config);
  const bus = await openEventBus(config);
  const presence: PresenceTracker = new LocalPresenceTracker(bus);

  const idleLimitMs = config.sessionTtlDays * DAY_MS;
  const rateLimiter = new RateLimiter({ ratePerSecond: config.sendRatePerSecond, burst: config.sendBurst });
  const channels = new ChannelService(store, bus);
  const services: Services = {
    sessions: new SessionService(store, bus, { idleLimitMs }),
    channels,
    messages: new MessageService(store, bus, channels, rateLimiter, { messageLimit: config.messageLimit }),
    directMessages: new DirectMessageService(store, bus, rateLimiter, { messageLimit: config.messageLimit }),
    presence,
  };

  const schema = await buildChatSchema(bus);
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    validationRules: validationLimits,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: (_formatted, error) => toClientError(error, log),
    // The playground lives at /playground; Apollo's own landing page loads from a CDN.
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  const httpServer = createServer(
    createHttpHandler({
      apollo,
      services,
      log,
      healthCheck: () => store.ping(),
      sessionMaxAgeSeconds: idleLimitMs / 1000,
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
  });

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
        await presence.close();
        await bus.close();
        await store.close();
        log.info('Flask-Chat stopped');
      })();
      return closing;
    },
  };
}

async function openStore(config: Config): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(config.databaseUrl))
    throw new Error('PostgreSQL is not supported yet: set DATABASE_URL to a SQLite file path.');
  return new SqliteStore(config.databaseUrl);
}

async function openEventBus(_config: Config): Promise<EventBus> {
  return new PubSubEventBus(new PubSub());
}

function describeDatabase(config: Config): string {
  return /^postgres/i.test(config.databaseUrl) ? 'postgresql' : `sqlite:${config.databaseUrl}`;
}
