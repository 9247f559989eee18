import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

type Writes = Duplex & { _write: (...args: unknown[]) => void; _writev: (chunks: unknown[], ...rest: unknown[]) => void };

/**
 * Records each write that reaches a ws socket's TCP socket: 1 for a single
 * chunk, the number of chunks for a `writev`. What the coalescer's specs
 * count, below every layer that could batch frames on the way.
 */
export function countWrites(socket: WebSocket, writes: number[]): void {
  const raw = (socket as unknown as { _socket: Writes })._socket;
  const [write, writev] = [raw._write, raw._writev];
  raw._write = (...args) => (writes.push(1), write.apply(raw, args));
  raw._writev = (chunks, ...rest) => (writes.push(chunks.length), writev.apply(raw, [chunks, ...rest]));
}
