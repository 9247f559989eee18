import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { ChannelService } from './domain/channel.service.js';
import { DirectMessageService } from './domain/direct-message.service.js';
import { LoginAttempts } from './domain/login-attempts.js';
import { MessageService } from './domain/message.service.js';
import { RateLimiter } from './domain/rate-limiter.js';
import type { Services } from './domain/services.js';
import { SessionService } from './domain/session.service.js';
import { openEvents } from './events/open-events.js';
import { createLogger, type Logger } from './logger.js';
import { buildChatSchema } from './schema/build-schema.js';
import type { GraphQLContext } from './schema/context.js';
import { toClientError } from './schema/error-mapping.js';
import { isPostgresUrl, openStore } from './store/open-store.js';
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
  const rateLimiter = new RateLimiter({ ratePerSecond: config.sendRatePerSecond, burst: config.sendBurst });
  const channels = new ChannelService(store, bus);
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
  const services: Services = {
    sessions: new SessionService(store, bus, passwordAttempts, { idleLimitMs }),
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
      healthCheck: async () => {
        await store.ping();
        await events.check();
      },
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
        await presence.close();
        await bus.close();
        await store.close();
        log.info('Flask-Chat stopped');
      })();
      return closing;
    },
  };
}

function describeDatabase(config: Config): string {
  return isPostgresUrl(config.databaseUrl) ? 'postgresql' : `sqlite:${config.databaseUrl}`;
}
