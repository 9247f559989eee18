import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';

export interface OutputGuardOptions {
  /**
   * WS_MAX_BUFFERED_BYTES: once the socket holds more unsent bytes than this
   * when something more is to be sent, its reader has stopped reading: the
   * socket is terminated, which releases everything it held.
   */
  maxBufferedBytes: number;
  /** MAX_RESPONSE_BYTES: a `next` frame larger than this goes out as `tooLargePayload` instead. */
  maxAnswerBytes: number;
  /** The `payload` (JSON) of a `next` frame that replaces an answer over the cap: an error, never a truncated answer. */
  tooLargePayload: string;
  /** Told when a socket is cut off for not reading, with the bytes it held. */
  onSlowReader?: (socket: WebSocket, bufferedBytes: number) => void;
  /** Told when an answer is replaced, with its size. */
  onTooLarge?: (socket: WebSocket, bytes: number) => void;
}

type Send = WebSocket['send'];
type Data = Parameters<Send>[0];
type SendCallback = (error?: Error) => void;

/** Enough of a frame's start to hold `{"id":` and the longest id, escaped, before `"type"`. */
const FRAME_HEAD_CHARS = 1024;
const NEXT_FRAME_HEAD = /^\{"id":("(?:[^"\\]|\\.)*"),"type":"next","payload":/;

/**
 * The WebSocket class for a server whose sockets' output is guarded (ws's
 * `WebSocketServer({ WebSocket })` option): one class per server, so that a
 * socket costs nothing more than ws's own. See sendGuarded.
 */
export function guardedWebSocketClass(options: OutputGuardOptions): typeof WebSocket {
  const send = WebSocket.prototype.send as (this: WebSocket, data: Data, options: object, cb?: SendCallback) => void;
  class GuardedWebSocket extends WebSocket implements RunStamped {
    // Set in the constructor, so that every socket has the same shape from the start.
    frameRun = 0;
  }
  GuardedWebSocket.prototype.send = function (
    this: WebSocket,
    data: Data,
    optionsOrCallback?: object | SendCallback,
    callback?: SendCallback,
  ) {
    sendGuarded(this, send, options, data, optionsOrCallback, callback);
  } as Send;
  (GuardedWebSocket.prototype as unknown as TextFrameSender).sendTextFrame = function (this: WebSocket, frame: TextFrame) {
    sendTextFrame(this, send, options, frame);
  };
  return GuardedWebSocket;
}

const TEXT_FINAL = 0x81;
const TEXT_FRAME = { binary: false } as const;

/**
 * An unmasked final text frame, header included, built once and written as
 * it is to any number of sockets: what the shared fan-out sends. Its bytes
 * are never changed once built, so one frame may wait in many sockets'
 * write queues at once.
 */
export class TextFrame {
  private payloadView: Buffer | null = null;

  constructor(
    /** The whole frame: the WebSocket header, then the payload. */
    readonly bytes: Buffer,
    private readonly headerLength: number,
  ) {}

  /** The payload alone (a view into `bytes`), for a socket that must send it through ws: made only then, once. */
  get payload(): Buffer {
    return (this.payloadView ??= this.bytes.subarray(this.headerLength));
  }

  get payloadLength(): number {
    return this.bytes.length - this.headerLength;
  }
}

/** Builds the text frame whose payload is `head`, then `body`, then the byte `last`: one allocation, two copies. */
export function textFrame(head: Buffer, body: Buffer, last: number): TextFrame {
  const length = head.length + body.length + 1;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const bytes = Buffer.allocUnsafe(headerLength + length);
  bytes[0] = TEXT_FINAL;
  if (headerLength === 2) bytes[1] = length;
  else if (headerLength === 4) {
    bytes[1] = 126;
    bytes.writeUInt16BE(length, 2);
  } else {
    bytes[1] = 127;
    bytes.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    bytes.writeUInt32BE(length % 2 ** 32, 6);
  }
  head.copy(bytes, headerLength);
  body.copy(bytes, headerLength + head.length);
  bytes[bytes.length - 1] = last;
  return new TextFrame(bytes, headerLength);
}

/** A socket of guardedWebSocketClass can send a TextFrame: written to its TCP socket as it is, under the same guard. */
export interface TextFrameSender {
  sendTextFrame(frame: TextFrame): void;
}

export const canSendTextFrames = (socket: WebSocket): socket is WebSocket & TextFrameSender =>
  typeof (socket as Partial<TextFrameSender>).sendTextFrame === 'function';

/** Sends a TextFrame on any ws socket: written as it is by a guarded one, its payload through ws by any other. */
export function sendFrame(socket: WebSocket, frame: TextFrame): void {
  if (canSendTextFrames(socket)) socket.sendTextFrame(frame);
  else socket.send(frame.payload, TEXT_FRAME);
}

/** ws's sender is idle (state 0) unless compressing or reading a Blob: only then may a frame bypass its queue. */
const senderIsIdle = (socket: WebSocket) => (socket as unknown as { _sender?: { _state?: number } })._sender?._state === 0;

/** The TCP socket under a ws WebSocket (ws keeps it in `_socket`), once the upgrade is done. */
const rawSocketOf = (socket: WebSocket) => (socket as unknown as { _socket?: Duplex | null })._socket ?? undefined;

/** False, with the socket cut off, once its reader has stopped reading: it holds more than maxBufferedBytes unsent. */
function keepsReading(socket: WebSocket, raw: Duplex | undefined, options: OutputGuardOptions): boolean {
  if (socket.bufferedAmount <= options.maxBufferedBytes) return true;
  // Bytes held back by the coalescer are not the reader's fault: written out first, they count only if the kernel refuses them.
  if (raw) frames.release(raw);
  if (socket.bufferedAmount <= options.maxBufferedBytes) return true;
  options.onSlowReader?.(socket, socket.bufferedAmount);
  socket.terminate();
  return false;
}

/**
 * Frames sent to one socket in one run of JavaScript leave together.
 *
 * ws writes each frame as it is sent: one `writev` system call per frame,
 * which was the largest single cost of fan-out in the profiles. A group of
 * sends committed together (see the SQLite store's group commit) sends each
 * subscriber several frames at once, and the sender its answers. A frame
 * held corks the TCP socket, and one `process.nextTick` uncorks every socket
 * corked meanwhile. That callback runs once the current callback and every
 * promise continuation it started have run: a held frame waits for no I/O
 * and no timer, only for the JavaScript already under way.
 *
 * Which frames are held:
 * - a subscription event (the fan-out's `hold`): from the second a socket
 *   sends in a run. The first goes straight out, so that one message fanned
 *   out to a thousand sockets reaches the first of them without waiting for
 *   the last; the rest follow in one write.
 * - graphql-ws's own frames (`holdFromFirst`): every one, so that a query's
 *   `next` and its `complete`, and the answers to sends committed together,
 *   leave in one write. An answer is the last thing its run does, so it
 *   waits for nothing that would not have run first anyway.
 */
class FrameCoalescer {
  /**
   * Which run this is. A socket remembers the run it last sent in (its
   * `frameRun`), where a set of the sockets that sent would cost a hash
   * insertion per subscriber of every message, and clearing it after.
   */
  private run = 1;
  /** The sockets corked in this run, holding the frames that followed their first. */
  private readonly held = new Set<Duplex>();
  private scheduled = false;

  /** Before a subscription event is written to the socket: held unless it is the socket's first frame in this run. */
  hold(socket: RunStamped, raw: Duplex): void {
    if (socket.frameRun !== this.run) {
      socket.frameRun = this.run;
      this.schedule();
      return;
    }
    if (!this.held.has(raw)) this.cork(raw);
  }

  /** Before any other frame is written to the socket: held until the end of the run. */
  holdFromFirst(socket: RunStamped, raw: Duplex): void {
    socket.frameRun = this.run;
    this.schedule();
    if (!this.held.has(raw)) this.cork(raw);
  }

  private cork(raw: Duplex): void {
    raw.cork();
    this.held.add(raw);
  }

  /** Writes out what this socket holds now: before judging how much it has not sent. */
  release(raw: Duplex): void {
    if (this.held.delete(raw)) raw.uncork();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    process.nextTick(this.releaseAll);
  }

  private readonly releaseAll = (): void => {
    this.scheduled = false;
    this.run++;
    for (const raw of this.held) raw.uncork();
    this.held.clear();
  };
}

/** A guarded socket: the run of the FrameCoalescer it last sent a frame in (0 before its first). */
interface RunStamped {
  frameRun?: number;
}

const frames = new FrameCoalescer();

/**
 * Puts two limits on everything a socket sends, whoever sends it: graphql-ws's
 * own frames (answers, errors, pongs, acks) and the shared fan-out's frames,
 * which are written to the socket directly. The socket's `send` is the one
 * place all of them pass.
 *
 * - Slow readers: the check runs before each send, so a socket holds at most
 *   maxBufferedBytes plus one frame. A terminated socket closes without a
 *   close frame: its client sees 1006 (abnormal closure), and graphql-ws
 *   clients reconnect and resume with `after` like after any network loss.
 * - Answer cap: a `next` frame over maxAnswerBytes keeps its id and becomes
 *   `{"errors":[…]}`: a query then completes as usual, a subscription goes on
 *   with its next event.
 *
 * And frames sent together leave together (FrameCoalescer).
 */
export function sendGuarded(
  socket: WebSocket,
  send: (this: WebSocket, data: Data, options: object, cb?: SendCallback) => void,
  options: OutputGuardOptions,
  data: Data,
  optionsOrCallback?: object | SendCallback,
  callback?: SendCallback,
): void {
  const cb = typeof optionsOrCallback === 'function' ? (optionsOrCallback as SendCallback) : callback;
  const sendOptions = typeof optionsOrCallback === 'function' ? {} : (optionsOrCallback ?? {});
  if (socket.readyState !== socket.OPEN) return send.call(socket, data, sendOptions, cb);
  const raw = rawSocketOf(socket);
  if (!keepsReading(socket, raw, options)) {
    // Dropped with everything else the socket held: nothing to report to the sender.
    cb?.();
    return;
  }
  if (raw) frames.holdFromFirst(socket as RunStamped, raw);
  send.call(socket, capAnswer(socket, data, options) as Data, sendOptions, cb);
}

/**
 * The fan-out's send: the frame, header included, goes to the TCP socket in
 * one write, under the same guard as every send. Past ws's sender, whose
 * work per frame (an options object, a header buffer, two writes through a
 * cork) was the fan-out's largest cost after the kernel's own write. Only
 * while the sender is idle, which it always is here (the server negotiates
 * no compression), so that no frame overtakes one it holds; a frame over the
 * answer cap goes through `send`, which replaces it.
 */
function sendTextFrame(
  socket: WebSocket,
  send: (this: WebSocket, data: Data, options: object, cb?: SendCallback) => void,
  options: OutputGuardOptions,
  frame: TextFrame,
): void {
  const raw = rawSocketOf(socket);
  if (!raw || socket.readyState !== socket.OPEN || !senderIsIdle(socket) || frame.payloadLength > options.maxAnswerBytes)
    return sendGuarded(socket, send, options, frame.payload, TEXT_FRAME);
  if (!keepsReading(socket, raw, options)) return;
  frames.hold(socket as RunStamped, raw);
  raw.write(frame.bytes);
}

function capAnswer(socket: WebSocket, data: unknown, options: OutputGuardOptions): unknown {
  const size = byteSize(data, options.maxAnswerBytes);
  if (size <= options.maxAnswerBytes) return data;
  const id = nextFrameId(data);
  if (id === null) return data;
  options.onTooLarge?.(socket, size);
  return `{"id":${id},"type":"next","payload":${options.tooLargePayload}}`;
}

/** The frame's size in bytes, or 0 when it is surely under `limit` without counting. */
function byteSize(data: unknown, limit: number): number {
  if (typeof data === 'string') return data.length * 3 <= limit ? 0 : Buffer.byteLength(data);
  if (Buffer.isBuffer(data) || data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/** The id of a graphql-transport-ws `next` frame, as its JSON literal; null for any other frame. */
export function nextFrameId(data: unknown): string | null {
  const head =
    typeof data === 'string' ? data.slice(0, FRAME_HEAD_CHARS) : Buffer.isBuffer(data) ? data.toString('utf8', 0, FRAME_HEAD_CHARS) : null;
  if (head === null) return null;
  return NEXT_FRAME_HEAD.exec(head)?.[1] ?? null;
}
