import { connect, type Socket } from 'node:net';

/** A plain TCP connection to the server, to speak HTTP byte by byte, or not at all. */
export interface RawConnection {
  readonly socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves once the server's side is gone (closed or reset), with the milliseconds since the connection opened. */
  readonly closed: Promise<number>;
  /** Resolves once the connection is established; rejects if it could not be. */
  readonly connected: Promise<void>;
  /** Writes, unless the connection has gone. */
  write(text: string): void;
  destroy(): void;
}

/** Opens a connection from `localAddress` (any of 127.0.0.0/8 on Linux), so one test can be several clients. */
export function openRawConnection(port: number, localAddress = '127.0.0.1'): RawConnection {
  const startedAt = Date.now();
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - startedAt)));
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  connected.catch(() => {});
  return {
    socket,
    received: () => received,
    closed,
    connected,
    write: (text) => {
      if (!socket.destroyed && socket.writable) socket.write(text);
    },
    destroy: () => socket.destroy(),
  };
}

/**
 * Whether the server serves this connection: it sends a request and waits for
 * an answer or for the server to drop it, whichever comes first.
 */
export async function isServed(connection: RawConnection, timeoutMs = 5000): Promise<boolean> {
  connection.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (connection.received().startsWith('HTTP/1.1')) return true;
    if (connection.socket.destroyed || connection.socket.readableEnded) return connection.received().startsWith('HTTP/1.1');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the server neither answered nor closed the connection');
}
