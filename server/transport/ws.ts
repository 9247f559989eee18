import { getOperationAST, GraphQLError, specifiedRules, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { handleProtocols, type Context } from 'graphql-ws';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { DomainError, ErrorCode } from '../domain/errors.js';
import type { AuthSession, ClientInfo } from '../domain/models.js';
import type { Services } from '../domain/services.js';
import type { Logger } from '../logger.js';
import type { GraphQLContext } from '../schema/context.js';
import { toClientError } from '../schema/error-mapping.js';
import { CloseCode } from './close-codes.js';
import { ConnectedSessions } from './connected-sessions.js';
import { DocumentCache } from './document-cache.js';
import {
  answerTooLarge,
  CONNECTION_INIT_TIMEOUT_MS,
  MAX_OPERATION_ID_LENGTH,
  MAX_OPERATIONS_PER_SOCKET,
  MAX_WS_MESSAGE_BYTES,
  validationLimits,
} from './limits.js';
import { OperationScreen } from './operation-screen.js';
import type { QueryCost } from './query-cost.js';
import { rawSecurityHeaders } from './security-headers.js';
import { SharedSubscriptions } from './shared-subscriptions.js';
import { guardedWebSocketClass } from './socket-output.js';
import { SocketQuotas } from './socket-quotas.js';
import { createGraphQLWsAdapter, HELD_FROM_CORE, type SocketExtra } from './ws-adapter.js';
import { authenticate, readHandshake, type Handshake } from './ws-authenticate.js';

/** The limits of the WebSocket path, from the configuration (each documented in server/config.ts). */
export interface WebSocketLimits {
  maxSocketsPerUser: number;
  maxSocketsPerAddress: number;
  maxSubscriptionsPerUser: number;
  operationRatePerSecond: number;
  operationBurst: number;
  maxResponseBytes: number;
  maxBufferedBytes: number;
}

export interface WebSocketDependencies {
  httpServer: Server;
  schema: GraphQLSchema;
  services: Services;
  log: Logger;
  allowedOrigins: readonly string[];
  /** Who opened a socket, from its upgrade request (TRUST_PROXY decides whether X-Forwarded-For counts). */
  clientOf: (request: IncomingMessage) => ClientInfo;
  queryCost: QueryCost;
  limits: WebSocketLimits;
}

/** What we keep for one connection, beside graphql-ws's socket. */
type ConnectionState = {
  session?: AuthSession;
  /** What connection_init may authenticate by, until it has: then dropped, as the socket no longer needs it. */
  handshake: Handshake | null;
  readonly client: ClientInfo;
  readonly screen: OperationScreen;
  /** This socket's live subscriptions that count against its user, by operation id. */
  readonly counted: Set<string>;
};

type SocketState = SocketExtra & ConnectionState;
type ConnectionContext = Context<Record<string, unknown> | undefined, SocketState>;

const rules = [...specifiedRules, ...validationLimits];

/**
 * GraphQL over WebSocket (graphql-transport-ws) at /graphql, on the HTTP
 * server's port. Authenticates once per connection, counts presence, closes
 * the sockets of a session that ends, on whichever instance it ends, and
 * holds every socket to its limits: sockets per address and per user,
 * subscriptions per user, operations per second, cost, answer size, and
 * unsent bytes.
 */
export async function attachWebSocket(deps: WebSocketDependencies) {
  const { services, log, limits } = deps;
  const connected = new ConnectedSessions(services.sessions, log);
  const quotas = new SocketQuotas(limits);
  // Who each socket serves, for the output guard's reports.
  const clientOf = new WeakMap<WebSocket, ClientInfo>();
  const addressOf = (socket: WebSocket) => clientOf.get(socket)?.address;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_WS_MESSAGE_BYTES,
    handleProtocols,
    WebSocket: guardedWebSocketClass({
      maxBufferedBytes: limits.maxBufferedBytes,
      maxAnswerBytes: limits.maxResponseBytes,
      tooLargePayload: JSON.stringify({ errors: [toClientError(answerTooLarge(limits.maxResponseBytes), log)] }),
      onSlowReader: (socket, bytes) => log.warn({ address: addressOf(socket), bytes }, 'WebSocket cut off: its reader stopped reading'),
      onTooLarge: (socket, bytes) => log.warn({ address: addressOf(socket), bytes }, 'answer over MAX_RESPONSE_BYTES refused'),
    }),
  });
  // Socket errors are the client's (a frame over maxPayload, bad framing)
  // or the network's, and ws has already closed the socket with the right code.
  const onSocketError = (error: Error & { code?: string }) =>
    log.debug({ code: error.code, message: error.message }, 'WebSocket closed on a protocol error');
  // One listener for every socket, called with the socket as `this`: no closure per connection.
  function releaseAddress(this: WebSocket) {
    const client = clientOf.get(this);
    if (client) quotas.socketsPerAddress.remove(client.address);
  }

  /**
   * Serves a socket that has just opened. Apart from onUpgrade, so that the
   * closures a socket keeps for its life do not keep its upgrade request.
   */
  const serve = (ws: WebSocket, client: ClientInfo, handshake: Handshake) => {
    ws.on('error', onSocketError);
    clientOf.set(ws, client);
    // Counted from the moment it opens, so that sockets that never send connection_init count too.
    if (!quotas.socketsPerAddress.tryAdd(client.address)) {
      log.warn({ address: client.address, limit: limits.maxSocketsPerAddress }, 'WebSocket refused: too many from one address');
      ws.close(CloseCode.TooManyConnections, 'Too many connections');
      return;
    }
    ws.once('close', releaseAddress);
    adapter.accept({
      socket: ws,
      handshake,
      client,
      screen: new OperationScreen({
        ratePerSecond: limits.operationRatePerSecond,
        burst: limits.operationBurst,
        maxIdLength: MAX_OPERATION_ID_LENGTH,
      }),
      counted: new Set(),
    });
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((request.url ?? '').split('?')[0] !== '/graphql') {
      socket.end(`HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n${rawSecurityHeaders()}\r\n`);
      return;
    }
    const client = deps.clientOf(request);
    const handshake = readHandshake(request, deps.allowedOrigins);
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws, client, handshake));
  };
  deps.httpServer.on('upgrade', onUpgrade);

  const revocations = await services.sessions.endedSessions();
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

  const release = (state: SocketState, id: string) => {
    if (state.counted.delete(id) && state.session) quotas.subscriptionsPerUser.remove(state.session.user.id);
  };

  // Clients send the same few queries: each is parsed and validated once, and held once.
  const documents = new DocumentCache(deps.schema, rules);
  // Executes and serialises each event once for all subscribers of the same operation.
  const shared = new SharedSubscriptions({ formatErrors: (errors) => errors.map((error) => toClientError(error, log)) });
  const adapter = createGraphQLWsAdapter<Record<string, unknown> | undefined, SocketState>(
    {
      schema: deps.schema,
      subscribe: shared.subscribe,
      connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,

      async onConnect(ctx) {
        const session = await authenticate(ctx, services);
        ctx.extra.handshake = null;
        const { socket } = ctx.extra;
        if (session && 'code' in session) {
          socket.close(session.code, session.reason);
          return false;
        }
        if (!session) return true;
        // With a store that answers over the network, the client may have gone
        // while we asked: onClose has run already, so counting it now would
        // leave the user online for good.
        if (socket.readyState !== socket.OPEN) return false;
        if (!quotas.socketsPerUser.tryAdd(session.user.id)) {
          log.warn({ userId: session.user.id, limit: limits.maxSocketsPerUser }, 'WebSocket refused: too many for one user');
          socket.close(CloseCode.TooManyConnections, 'Too many connections');
          return false;
        }
        ctx.extra.session = session;
        connected.add(session, socket);
        await services.presence.connect(session.user);
        return true;
      },

      async onClose(ctx) {
        const session = ctx.extra.session;
        if (!session) return;
        for (const id of [...ctx.extra.counted]) release(ctx.extra, id);
        ctx.extra.session = undefined;
        quotas.socketsPerUser.remove(session.user.id);
        connected.remove(session, ctx.extra.socket);
        await services.presence.disconnect(session.user);
      },

      onSubscribe(ctx, id, payload): ExecutionArgs | readonly GraphQLError[] {
        // graphql-ws has already counted the operation being started.
        if (Object.keys(ctx.subscriptions).length > MAX_OPERATIONS_PER_SOCKET)
          return [new GraphQLError(`A connection may run at most ${MAX_OPERATIONS_PER_SOCKET} operations at once.`)];
        const { document, errors } = documents.check(payload.query);
        if (errors) return errors;
        const tooCostly = deps.queryCost.check(document, payload.variables, payload.operationName);
        if (tooCostly) return [tooCostly];
        const refused = countSubscription(ctx, id, document, payload.operationName);
        if (refused) return [refused];
        const args: ExecutionArgs = {
          schema: deps.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables ?? undefined,
          contextValue: contextFor(ctx, services),
        };
        return shared.register(args, ctx.extra.socket, id, payload.query);
      },

      onComplete(ctx, id) {
        release(ctx.extra, id);
      },

      onError(_ctx, _id, _payload, errors) {
        return errors.map((error) => toClientError(error, log));
      },

      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors) return;
        return { ...result, errors: result.errors.map((error) => toClientError(error, log)) };
      },
    },
    {
      log,
      screen(text, state) {
        const verdict = state.screen.screen(text);
        switch (verdict.action) {
          case 'pass':
            return verdict.message ?? text;
          case 'drop':
            return HELD_FROM_CORE;
          case 'close':
            log.warn({ address: state.client.address, code: verdict.code, reason: verdict.reason }, 'WebSocket closed for its messages');
            state.socket.close(verdict.code, verdict.reason);
            return HELD_FROM_CORE;
          case 'refuse': {
            const error = toClientError(new GraphQLError(verdict.error.message, { originalError: verdict.error }), log);
            state.socket.send(JSON.stringify({ id: verdict.id, type: 'error', payload: [error] }));
            return HELD_FROM_CORE;
          }
        }
      },
    },
  );

  /** Counts a subscription against its user's MAX_SUBSCRIPTIONS_PER_USER; the refusal when over it. */
  function countSubscription(ctx: ConnectionContext, id: string, document: DocumentNode, operationName?: string | null) {
    const { session } = ctx.extra;
    if (!session || getOperationAST(document, operationName)?.operation !== 'subscription') return null;
    if (!quotas.subscriptionsPerUser.tryAdd(session.user.id)) {
      const refusal = new DomainError(
        ErrorCode.RateLimited,
        `You have ${limits.maxSubscriptionsPerUser} live subscriptions already, over all your connections: end some before starting more.`,
        { limit: limits.maxSubscriptionsPerUser },
      );
      return new GraphQLError(refusal.message, { originalError: refusal });
    }
    ctx.extra.counted.add(id);
    return null;
  }

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
    /** Records now that the sessions with an open socket here are in use, as the timer does every `connectedTouchIntervalMs`. */
    keepConnectedSessionsAlive(): Promise<void> {
      return connected.keepAllAlive();
    },
    /** Closes every socket (1001, going away) and stops accepting upgrades. */
    async close(): Promise<void> {
      deps.httpServer.off('upgrade', onUpgrade);
      await revocations.return?.();
      connected.close();
      for (const client of wss.clients) client.close(CloseCode.GoingAway, 'Server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Over a WebSocket there is no response to set a cookie on. */
const noCookies = () => {};

function contextFor(ctx: ConnectionContext, services: Services): GraphQLContext {
  return { services, session: ctx.extra.session ?? null, client: ctx.extra.client, setSessionCookie: noCookies };
}
