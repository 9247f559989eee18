import { CloseCode as ProtocolCloseCode, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { CloseCode } from '../api/codes.js';
import { DomainError, ErrorCode } from '../domain/errors.js';
import type { Logger } from '../logger.js';
import { Heartbeat } from './heartbeat.js';

/**
 * What graphql-ws's context carries of the socket. Unlike graphql-ws's own
 * `ws` adapter, not the upgrade request: held for the socket's life, it and
 * its headers cost about a kilobyte per idle connection, and what the
 * connection needs of it is read once at the upgrade (ws-authenticate.ts).
 */
export interface SocketExtra {
  readonly socket: WebSocket;
}

export interface AdapterOptions<E extends SocketExtra> {
  log: Logger;
  /** A ping this often; no pong by the next ping terminates the socket. Default 12 s, as graphql-ws's. */
  keepAliveMs?: number;
  /**
   * Sees every incoming message before the protocol core: returns what the
   * core is to handle (the text, or the message parsed from it, which the
   * core then need not parse again), or HELD_FROM_CORE to keep it from the
   * core (having answered or closed the socket itself).
   */
  screen?: (text: string, extra: E) => string | object;
}

/** What a screen returns for a message the protocol core must not see. */
export const HELD_FROM_CORE: object = Object.freeze({ heldFromCore: true });

/**
 * graphql-ws's protocol core on `ws` sockets: our own adapter in place of
 * graphql-ws's `use/ws`, for what that one cannot do: look at each message
 * before the core does (limits on ids and rates), report faults through our
 * logger rather than the console, and keep little per socket (one heartbeat
 * for all sockets instead of a timer each; no upgrade request). Keep-alive
 * and closing behave as in graphql-ws's adapter.
 */
export function createGraphQLWsAdapter<P extends Record<string, unknown> | undefined, E extends SocketExtra>(
  serverOptions: ServerOptions<P, E>,
  options: AdapterOptions<E>,
) {
  const core = makeServer<P, E>(serverOptions);
  const heartbeat = new Heartbeat(options.keepAliveMs ?? 12_000);
  const { log } = options;

  return {
    /** Serves graphql-transport-ws on a socket that has just opened. */
    accept(extra: E): void {
      const { socket } = extra;
      heartbeat.watch(socket);
      const closed = core.opened(new CorePeer(socket, extra, options), extra);
      socket.once('close', (code, reason) => {
        heartbeat.forget(socket);
        closed(code, String(reason)).catch((error: unknown) => log.error({ err: error }, 'a closed WebSocket could not be cleaned up'));
      });
    },
  };
}

/** A socket as graphql-ws's core speaks to it: methods on a prototype, so that a socket costs one small object here. */
class CorePeer<E extends SocketExtra> {
  constructor(
    private readonly socket: WebSocket,
    private readonly extra: E,
    private readonly options: AdapterOptions<E>,
  ) {}

  get protocol(): string {
    return this.socket.protocol;
  }

  /**
   * Sends without waiting for the write to finish, where graphql-ws's own
   * adapter returns a promise settled by ws's write callback: the core awaits
   * it, so a query's `complete` left only once its `next` had been written,
   * a turn of the event loop later and in a write of its own, and the
   * answers to a client's sends committed together left in two writes each
   * instead of one for all (socket-output.ts coalesces what is sent in one
   * run). Nothing waits on the write for a reason: order is the socket's, a
   * reader that stops reading is cut off by the output guard, and a socket
   * whose write fails is closed by ws, which ends its operations.
   */
  send(data: string): void {
    const { socket } = this;
    if (socket.readyState === socket.OPEN) socket.send(data);
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  onMessage(handle: (data: string) => Promise<void>): void {
    const { socket, extra, options } = this;
    socket.on('message', (raw) => {
      const text = String(raw);
      const message = options.screen ? options.screen(text, extra) : text;
      if (message === HELD_FROM_CORE) return;
      // graphql-ws's core parses text and takes a message already parsed as it is (its parseMessage
      // validates either): a message the screen parsed is not parsed twice. Typed as text only.
      handle(message as string).catch((error: unknown) => {
        options.log.error({ err: error }, 'a WebSocket message could not be handled');
        if (socket.readyState !== socket.OPEN) return;
        // The database away for a moment: a code graphql-ws clients retry, where they would give up on 4500.
        if (error instanceof DomainError && error.code === ErrorCode.Unavailable)
          return socket.close(CloseCode.TryAgainLater, 'The server cannot reach its database right now. Reconnect in a moment.');
        // As graphql-ws's own adapter does with isProd: the cause is logged above, never sent.
        socket.close(ProtocolCloseCode.InternalServerError, 'Internal server error');
      });
    });
  }
}
