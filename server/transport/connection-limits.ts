import type { Server } from 'node:http';
import type { Logger } from '../logger.js';
import { addressKeyOf } from './client-address.js';
import { BoundedCounter } from './socket-quotas.js';

/**
 * A client must send its request headers within this: slowloris connections
 * (headers a byte at a time, or never) are closed with 408 after it.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
/** A whole request, body included, within this (1 MiB at most, see MAX_HTTP_BODY_BYTES); 408 after. */
export const REQUEST_TIMEOUT_MS = 30_000;
/**
 * How often Node looks for connections over those timeouts. Its default of
 * 30 s would let a connection that never finishes its headers stay open for
 * up to 40 s; with 1 s it is closed within 11.
 */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;
/** A refused connection is logged once per this, with how many were refused: a flood must not flood the log. */
const REFUSAL_LOG_INTERVAL_MS = 10_000;

export interface ConnectionLimits {
  /** MAX_CONNECTIONS (0: none). */
  maxConnections: number;
  /** MAX_CONNECTIONS_PER_ADDRESS (0: none). */
  maxConnectionsPerAddress: number;
  /** Peers whose connections carry many clients (trusted proxies): not held to the per-address cap. */
  exempt: (address: string | undefined) => boolean;
  log: Logger;
}

/**
 * Caps the open connections of the server, in all and per peer address,
 * WebSockets included (an upgraded socket stays a connection until it
 * closes). Over a cap a new connection is destroyed as it opens: never
 * queued, and nothing is read from it.
 */
export function limitConnections(server: Server, limits: ConnectionLimits): void {
  const refusals = new RefusalLog(limits.log);
  if (limits.maxConnections > 0) {
    // net.Server closes connections over maxConnections before anyone sees them, and says so with 'drop'.
    server.maxConnections = limits.maxConnections;
    server.on('drop', (data?: { remoteAddress?: string }) => refusals.note('MAX_CONNECTIONS', limits.maxConnections, data?.remoteAddress));
  }
  if (limits.maxConnectionsPerAddress === 0) return;
  const perAddress = new BoundedCounter(limits.maxConnectionsPerAddress);
  server.on('connection', (socket) => {
    const peer = socket.remoteAddress;
    if (limits.exempt(peer)) return;
    const key = addressKeyOf(peer);
    if (!perAddress.tryAdd(key)) {
      socket.destroy();
      refusals.note('MAX_CONNECTIONS_PER_ADDRESS', limits.maxConnectionsPerAddress, key);
      return;
    }
    socket.once('close', () => perAddress.remove(key));
  });
}

/** Node's own timers for requests that are slow to arrive. */
export const requestTimeouts = {
  headersTimeout: HEADERS_TIMEOUT_MS,
  requestTimeout: REQUEST_TIMEOUT_MS,
  connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
} as const;

class RefusalLog {
  private refused = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly log: Logger) {}

  note(limit: string, max: number, address: string | undefined): void {
    this.refused += 1;
    if (this.timer) return;
    this.log.warn({ limit, max, address, refused: this.refused }, 'connection refused: too many open connections');
    this.refused = 0;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.refused > 0) this.log.warn({ limit, max, refused: this.refused }, 'connections refused: too many open connections');
      this.refused = 0;
    }, REFUSAL_LOG_INTERVAL_MS);
    this.timer.unref();
  }
}
