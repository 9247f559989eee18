import WebSocket from 'ws';
import { connectFrame, eventFrame, parseSocketIoFrame, PONG } from './socketio-frames.js';

/**
 * Just enough of graphql-transport-ws (the chat server, the raw `ws`
 * baseline) and of Socket.IO (its baseline) for the load generator:
 * connect with a token, subscribe to a channel's messages, send a message,
 * and the raw frames that come back. With 10,000 sockets in one process, the
 * full clients (a promise chain, a JSON parse and an object per message)
 * would make the generator the bottleneck; this reads deliveries straight
 * out of the frame's bytes.
 */
export const PROTOCOL = 'graphql-transport-ws';

export type WireProtocol = 'graphql-transport-ws' | 'socket.io';

const SUBSCRIPTION =
  'subscription OnMessage($channelId: ID!) { messageAdded(channelId: $channelId) { id channelId body createdAt author { id name } } }';
const SEND = 'mutation Send($channelId: ID!, $body: String!) { sendMessage(channelId: $channelId, body: $body) { id } }';

/** What the server said about send number `seq`: acknowledged, failed, or done with (no more frames for it). */
export type ReplyOutcome = 'acked' | 'failed' | 'settled';

export interface LeanSocketOptions {
  protocol: WireProtocol;
  url: string;
  token: string;
  /** The local address to connect from (a loopback address of its own), or the system's choice. */
  localAddress?: string;
  /** Every frame that may be a delivery of `messageAdded`. */
  onDelivery?: (frame: Buffer) => void;
  /** The replies to `send`; a failure comes with the frame that says why. */
  onReply?: (seq: number, outcome: ReplyOutcome, frame?: Buffer) => void;
  timeoutMs?: number;
}

export interface LeanSocket {
  readonly ws: WebSocket;
  /** Subscribes to the channel's new messages. */
  subscribeMessages(channelId: string): void;
  /** Sends a message; its replies reach `onReply` with this `seq`. */
  send(seq: number, channelId: string, body: string): void;
  close(): void;
}

/** Opens a socket, authenticates with the token, resolves once the server has accepted it. */
export function openLeanSocket(options: LeanSocketOptions): Promise<LeanSocket> {
  return options.protocol === 'socket.io' ? openSocketIo(options) : openGraphqlWs(options);
}

function connect(
  options: LeanSocketOptions,
  protocol: string | undefined,
  onMessage: (ws: WebSocket, data: Buffer, accept: () => void) => void,
) {
  return new Promise<WebSocket>((resolve, reject) => {
    // The server's frames are trusted here: checking their UTF-8 would cost the generator a pass over every byte.
    const ws = new WebSocket(options.url, protocol ? [protocol] : [], {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      localAddress: options.localAddress,
    });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('the server did not accept the socket in time'));
    }, options.timeoutMs ?? 30_000);
    let accepted = false;
    const accept = () => {
      accepted = true;
      clearTimeout(timer);
      resolve(ws);
    };
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    ws.on('close', (code, reason) => {
      clearTimeout(timer);
      if (!accepted) reject(new Error(`closed before it was accepted: ${code} ${String(reason)}`));
    });
    ws.on('message', (data: Buffer) => onMessage(ws, data, accept));
    ws.on('open', () => {
      if (protocol) ws.send(JSON.stringify({ type: 'connection_init', payload: { authToken: options.token } }));
    });
  });
}

async function openGraphqlWs(options: LeanSocketOptions): Promise<LeanSocket> {
  let acknowledged = false;
  const ws = await connect(options, PROTOCOL, (_ws, data, accept) => {
    if (acknowledged) {
      options.onDelivery?.(data);
      if (options.onReply) graphqlWsReply(data, options.onReply);
      return;
    }
    if (!data.includes('"connection_ack"')) return;
    acknowledged = true;
    accept();
  });
  const subscribe = (id: string, query: string, variables: Record<string, unknown>) =>
    ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  return {
    ws,
    subscribeMessages: (channelId) => subscribe('1', SUBSCRIPTION, { channelId }),
    send: (seq, channelId, body) => subscribe(String(seq), SEND, { channelId, body }),
    close: () => ws.terminate(),
  };
}

function graphqlWsReply(frame: Buffer, onReply: NonNullable<LeanSocketOptions['onReply']>): void {
  const message = JSON.parse(String(frame)) as { id: string; type: string; payload?: { data?: unknown } };
  const seq = Number(message.id);
  if (message.type === 'next') onReply(seq, message.payload?.data ? 'acked' : 'failed', frame);
  else if (message.type === 'error') {
    onReply(seq, 'failed', frame);
    onReply(seq, 'settled');
  } else if (message.type === 'complete') onReply(seq, 'settled');
}

async function openSocketIo(options: LeanSocketOptions): Promise<LeanSocket> {
  let connected = false;
  const ws = await connect(options, undefined, (socket, data, accept) => {
    const frame = parseSocketIoFrame(data);
    // Engine.IO's heartbeat: a socket that does not answer its pings is closed.
    if (frame.type === 'ping') return socket.send(PONG);
    if (!connected) {
      if (frame.type === 'open') socket.send(connectFrame({ token: options.token }));
      else if (frame.type === 'connected') {
        connected = true;
        accept();
      } else if (frame.type === 'connect-error') socket.close(4000, frame.data.slice(0, 100));
      return;
    }
    if (frame.type === 'event') options.onDelivery?.(data);
    else if (frame.type === 'ack' && options.onReply) {
      options.onReply(frame.ackId, frame.data.includes('"id"') ? 'acked' : 'failed', data);
      options.onReply(frame.ackId, 'settled');
    }
  });
  return {
    ws,
    subscribeMessages: (channelId) => ws.send(eventFrame('subscribe', { channelId })),
    send: (seq, channelId, body) => ws.send(eventFrame('send', { channelId, body }, seq)),
    close: () => ws.terminate(),
  };
}

const BODY_KEY = Buffer.from('"body":"');
const ZERO = 48;

/**
 * The sequence number that the publisher wrote at the start of the message
 * body, read from the frame's bytes without decoding it; -1 when the frame
 * carries none.
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
