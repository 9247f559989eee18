import { CloseCode as ProtocolCloseCode, makeServer, type ServerOptions } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Logger } from '../logger.js';

/** What graphql-ws's context carries of the socket, as in graphql-ws's own `ws` adapter. */
export interface SocketExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

export interface AdapterOptions<E extends SocketExtra> {
  log: Logger;
  /** A ping this often; no pong within as long again terminates the socket. Default 12 s, as graphql-ws's. */
  keepAliveMs?: number;
  /**
   * Sees every incoming message before the protocol core: returns false to
   * keep it from the core (having answered or closed the socket itself).
   */
  screen?: (text: string, extra: E) => boolean;
}

/**
 * graphql-ws's protocol core on `ws` sockets: our own adapter in place of
 * graphql-ws's `use/ws`, for the two things that one cannot do: look at each
 * message before the core does (limits on ids and rates) and report faults
 * through our logger rather than the console. Keep-alive and closing behave
 * as in graphql-ws's adapter.
 */
export function createGraphQLWsAdapter<P extends Record<string, unknown> | undefined, E extends SocketExtra>(
  serverOptions: ServerOptions<P, E>,
  options: AdapterOptions<E>,
) {
  const core = makeServer<P, E>(serverOptions);
  const keepAliveMs = options.keepAliveMs ?? 12_000;
  const { log } = options;

  return {
    /** Serves graphql-transport-ws on a socket that has just opened. */
    accept(extra: E): void {
      const { socket } = extra;
      let pongWait: NodeJS.Timeout | null = null;
      const pings = setInterval(() => {
        if (socket.readyState !== socket.OPEN) return;
        pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
        socket.once('pong', () => {
          if (pongWait) clearTimeout(pongWait);
          pongWait = null;
        });
        socket.ping();
      }, keepAliveMs);

      const closed = core.opened(
        {
          protocol: socket.protocol,
          send: (data) =>
            new Promise<void>((resolve, reject) => {
              if (socket.readyState !== socket.OPEN) return resolve();
              // A socket cut off meanwhile drops what it held: not a fault of the operation.
              socket.send(data, (error) => (error && socket.readyState === socket.OPEN ? reject(error) : resolve()));
            }),
          close: (code, reason) => socket.close(code, reason),
          onMessage: (handle) =>
            socket.on('message', (raw) => {
              const text = String(raw);
              if (options.screen && !options.screen(text, extra)) return;
              handle(text).catch((error: unknown) => {
                log.error({ err: error }, 'a WebSocket message could not be handled');
                // As graphql-ws's own adapter does with isProd: the cause is logged above, never sent.
                if (socket.readyState === socket.OPEN) socket.close(ProtocolCloseCode.InternalServerError, 'Internal server error');
              });
            }),
        },
        extra,
      );

      socket.once('close', (code, reason) => {
        if (pongWait) clearTimeout(pongWait);
        clearInterval(pings);
        closed(code, String(reason)).catch((error: unknown) => log.error({ err: error }, 'a closed WebSocket could not be cleaned up'));
      });
    },
  };
}
