import { GraphQLError, specifiedRules, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { Context } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AuthSession } from '../domain/models.js';
import type { Services } from '../domain/services.js';
import type { EventBus } from '../events/event-bus.js';
import { Topic } from '../events/topics.js';
import type { Logger } from '../logger.js';
import type { GraphQLContext } from '../schema/context.js';
import { toClientError } from '../schema/error-mapping.js';
import { CloseCode } from './close-codes.js';
import { sessionTokenFromCookie } from './cookies.js';
import {
  CONNECTION_INIT_TIMEOUT_MS,
  MAX_OPERATIONS_PER_SOCKET,
  MAX_WS_MESSAGE_BYTES,
  validationLimits,
} from './limits.js';
import { DocumentCache } from './document-cache.js';
import { ConnectedSessions } from './connected-sessions.js';
import { isAllowedOrigin } from './origin.js';
import { SharedSubscriptions } from './shared-subscriptions.js';

export interface WebSocketDependencies {
  httpServer: Server;
  schema: GraphQLSchema;
  services: Services;
  bus: EventBus;
  log: Logger;
  allowedOrigins: readonly string[];
}

/** What we keep for one connection, beside graphql-ws's socket and request. */
type ConnectionState = {
  session?: AuthSession;
};

type ConnectionContext = Context<Record<string, unknown> | undefined, Extra & ConnectionState>;

const rules = [...specifiedRules, ...validationLimits];

/**
 * GraphQL over WebSocket (graphql-transport-ws) at /graphql, on the HTTP
 * server's port. Authenticates once per connection, counts presence, and
 * closes the sockets of a session that ends, on whichever instance it ends.
 */
export async function attachWebSocket(deps: WebSocketDependencies) {
  const { services, log } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  const connected = new ConnectedSessions(services.sessions, log);

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((request.url ?? '').split('?')[0] !== '/graphql') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      wss.emit('connection', ws, request);
      // graphql-ws prints any socket error to the console as a fault of ours.
      // They are the client's (a frame over maxPayload, bad framing) or the
      // network's, and ws has already closed the socket with the right code.
      ws.removeAllListeners('error');
      ws.on('error', (error: Error & { code?: string }) =>
        log.debug({ code: error.code, message: error.message }, 'WebSocket closed on a protocol error'),
      );
    });
  };
  deps.httpServer.on('upgrade', onUpgrade);

  const revocations = await deps.bus.subscribe(Topic.SessionRevoked);
  void (async () => {
    for await (const { sessionId } of revocations) {
      const sockets = connected.socketsOf(sessionId);
      if (sockets.length === 0) continue;
      // A `logout` sent over one of these sockets is still finishing: its
      // result goes out within this turn of the event loop, and a socket
      // already closing would drop it. Close on the next turn.
      setImmediate(() => {
        for (const socket of sockets) socket.close(CloseCode.SessionEnded, 'Session ended');
      });
    }
  })();

  // Clients send the same few queries: each is parsed and validated once, and held once.
  const documents = new DocumentCache(deps.schema, rules);
  // Executes and serialises each event once for all subscribers of the same operation.
  const shared = new SharedSubscriptions({ formatErrors: (errors) => errors.map((error) => toClientError(error, log)) });
  const server = useServer<Record<string, unknown> | undefined, ConnectionState>(
    {
      schema: deps.schema,
      subscribe: shared.subscribe,
      connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,

      async onConnect(ctx) {
        const session = await authenticate(ctx, services, deps.allowedOrigins);
        if (session === 'refused') return false;
        if (!session) return true;
        // With a store that answers over the network, the client may have gone
        // while we asked: onClose has run already, so counting it now would
        // leave the user online for good.
        if (ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) return false;
        ctx.extra.session = session;
        connected.add(session, ctx.extra.socket);
        await services.presence.connect(session.user);
        return true;
      },

      async onClose(ctx) {
        const session = ctx.extra.session;
        if (!session) return;
        ctx.extra.session = undefined;
        connected.remove(session, ctx.extra.socket);
        await services.presence.disconnect(session.user);
      },

      onSubscribe(ctx, id, payload): ExecutionArgs | readonly GraphQLError[] {
        // graphql-ws has already counted the operation being started.
        if (Object.keys(ctx.subscriptions).length > MAX_OPERATIONS_PER_SOCKET)
          return [new GraphQLError(`A connection may run at most ${MAX_OPERATIONS_PER_SOCKET} operations at once.`)];
        const { document, errors } = documents.check(payload.query);
        if (errors) return errors;
        const args: ExecutionArgs = {
          schema: deps.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables ?? undefined,
          contextValue: contextFor(ctx, services),
        };
        return shared.register(args, ctx.extra.socket, id, payload.query);
      },

      onError(_ctx, _id, _payload, errors) {
        return errors.map((error) => toClientError(error, log));
      },

      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors) return;
        return { ...result, errors: result.errors.map((error) => toClientError(error, log)) };
      },
    },
    wss,
  );

  return {
    /**
     * Closes every socket with 1012 (service restart): clients reconnect and
     * resume their subscriptions with `after`, catching up on whatever the
     * event transport lost.
     */
    restartAll(): void {
      log.warn({ sockets: wss.clients.size }, 'live events were interrupted: asking every client to reconnect and resume');
      for (const client of wss.clients) client.close(CloseCode.ServiceRestart, 'Reconnect and resume');
    },
    /** Closes every socket (1001, going away) and stops accepting upgrades. */
    async close(): Promise<void> {
      deps.httpServer.off('upgrade', onUpgrade);
      await revocations.return?.();
      connected.close();
      for (const client of wss.clients) client.close(CloseCode.GoingAway, 'Server shutting down');
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function contextFor(ctx: ConnectionContext, services: Services): GraphQLContext {
  return {
    services,
    session: ctx.extra.session ?? null,
    client: { address: ctx.extra.request.socket.remoteAddress ?? 'unknown' },
    setSessionCookie: () => {},
  };
}

/**
 * The connection's session: from `authToken` in connection_init, else from the
 * session cookie when the page's Origin may use it. An explicit token that is
 * not valid, or a cookie from a foreign page with no token, refuses the
 * connection (4403). No credentials at all make an anonymous connection, which
 * may only log in.
 */
async function authenticate(
  ctx: ConnectionContext,
  services: Services,
  allowedOrigins: readonly string[],
): Promise<AuthSession | null | 'refused'> {
  const token = ctx.connectionParams?.authToken;
  if (token !== undefined && token !== null) {
    if (typeof token !== 'string') return 'refused';
    return (await services.sessions.authenticate(token)) ?? 'refused';
  }
  const { request } = ctx.extra;
  const cookieToken = sessionTokenFromCookie(request);
  if (!cookieToken) return null;
  if (!isAllowedOrigin(request.headers.origin, request.headers.host, allowedOrigins)) return 'refused';
  return services.sessions.authenticate(cookieToken);
}
