import WebSocket from 'ws';

/**
 * Just enough of graphql-transport-ws for the load generator: connection_init,
 * subscribe, and the raw frames that come back. With 10,000 sockets in one
 * process, the full graphql-ws client (a promise chain, a JSON parse and an
 * object per message) would make the generator the bottleneck; this reads
 * deliveries straight out of the frame's bytes.
 */
export const PROTOCOL = 'graphql-transport-ws';

export interface LeanSocket {
  readonly ws: WebSocket;
  /** Sends a `subscribe` message with the given id. */
  subscribe(id: string, query: string, variables?: Record<string, unknown>): void;
  close(): void;
}

/** Opens a socket, sends connection_init with the token, resolves once acknowledged. */
export function openLeanSocket(wsUrl: string, authToken: string, onFrame: (data: Buffer) => void, timeoutMs = 30_000): Promise<LeanSocket> {
  return new Promise((resolve, reject) => {
    // The server's frames are trusted here: checking their UTF-8 would cost the generator a pass over every byte.
    const ws = new WebSocket(wsUrl, PROTOCOL, { perMessageDeflate: false, skipUTF8Validation: true });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('connection_ack did not arrive in time'));
    }, timeoutMs);
    let acknowledged = false;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authToken } })));
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    ws.on('close', (code, reason) => {
      clearTimeout(timer);
      if (!acknowledged) reject(new Error(`closed before connection_ack: ${code} ${String(reason)}`));
    });
    ws.on('message', (data: Buffer) => {
      if (acknowledged) return onFrame(data);
      if (!data.includes('"connection_ack"')) return;
      acknowledged = true;
      clearTimeout(timer);
      resolve({
        ws,
        subscribe(id, query, variables) {
          ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
        },
        close() {
          ws.terminate();
        },
      });
    });
  });
}

const BODY_KEY = Buffer.from('"body":"');
const ZERO = 48;

/**
 * The sequence number that the publisher wrote as the message body, read
 * from the frame's bytes without decoding it; -1 when the frame carries none.
 */
export function sequenceOf(frame: Buffer): number {
  const at = frame.indexOf(BODY_KEY);
  if (at < 0) return -1;
  let value = 0;
  let digits = 0;
  for (let i = at + BODY_KEY.length; i < frame.length; i++) {
    const digit = frame[i]! - ZERO;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
    digits++;
  }
  return digits > 0 ? value : -1;
}
