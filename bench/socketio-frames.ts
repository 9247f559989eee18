/**
 * The few Engine.IO 4 / Socket.IO 5 frames the load generator needs, over
 * the WebSocket transport (one packet per WebSocket message, no binary):
 *   `0{…}` open (server), `2` ping (server) → `3` pong (client),
 *   `40` connect to `/` (client) → `40{"sid":…}` (server), `44{…}` refused,
 *   `42["event",…]` an event, `42<ack>["event",…]` one that wants an answer,
 *   `43<ack>[…]` that answer.
 */
export type SocketIoFrame =
  | { type: 'open' }
  | { type: 'ping' }
  | { type: 'connected' }
  | { type: 'connect-error'; data: string }
  | { type: 'event'; ackId: number | null }
  | { type: 'ack'; ackId: number; data: string }
  | { type: 'close' }
  | { type: 'other' };

const CHAR_0 = 48;

/** Reads the digits at `from`: the ack id, or null when there are none. */
function ackIdAt(frame: Buffer, from: number): { ackId: number | null; end: number } {
  let value = 0;
  let end = from;
  while (end < frame.length && frame[end]! >= CHAR_0 && frame[end]! <= CHAR_0 + 9) value = value * 10 + (frame[end++]! - CHAR_0);
  return { ackId: end > from ? value : null, end };
}

/** What one WebSocket message from a Socket.IO server is, from its first bytes (the JSON is not parsed). */
export function parseSocketIoFrame(frame: Buffer): SocketIoFrame {
  switch (frame[0]) {
    case CHAR_0 + 0:
      return { type: 'open' };
    case CHAR_0 + 1:
      return { type: 'close' };
    case CHAR_0 + 2:
      return { type: 'ping' };
    case CHAR_0 + 4:
      break;
    default:
      return { type: 'other' };
  }
  // A message: its Socket.IO packet type, then (the namespace `/` being implicit) an optional ack id.
  switch (frame[1]) {
    case CHAR_0 + 0:
      return { type: 'connected' };
    case CHAR_0 + 2:
      return { type: 'event', ackId: ackIdAt(frame, 2).ackId };
    case CHAR_0 + 3: {
      const { ackId, end } = ackIdAt(frame, 2);
      return ackId === null ? { type: 'other' } : { type: 'ack', ackId, data: frame.toString('utf8', end) };
    }
    case CHAR_0 + 4:
      return { type: 'connect-error', data: frame.toString('utf8', 2) };
    default:
      return { type: 'other' };
  }
}

export const PONG = '3';

/** `40`, or `40{auth}`: connect to the main namespace. */
export const connectFrame = (auth?: Record<string, unknown>) => (auth ? `40${JSON.stringify(auth)}` : '40');

/** `42["name",data]`, or `42<ackId>["name",data]` when an answer is wanted. */
export const eventFrame = (name: string, data: unknown, ackId?: number) => `42${ackId ?? ''}${JSON.stringify([name, data])}`;
