import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { canSendTextFrames, guardedWebSocketClass, nextFrameId, sendGuarded, textFrame, type OutputGuardOptions } from './socket-output.js';
import { countWrites } from './testing/count-writes.js';

/** Enough of a ws socket for the guard: what it sent, what it holds, whether it was cut off. */
function fakeSocket() {
  const socket = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    sent: [] as unknown[],
    terminated: false,
    send(data: unknown, _options: unknown, cb?: (error?: Error) => void) {
      socket.sent.push(data);
      cb?.();
    },
    /** The socket's send as the guard wraps it. */
    guarded(guard: OutputGuardOptions, data: unknown, optionsOrCallback?: object | (() => void)) {
      const raw = socket.send as unknown as Parameters<typeof sendGuarded>[1];
      sendGuarded(socket as unknown as WebSocket, raw, guard, data as string, optionsOrCallback);
    },
    terminate() {
      socket.terminated = true;
      socket.readyState = 3;
    },
  };
  return socket;
}

const options = { maxBufferedBytes: 1000, maxAnswerBytes: 100, tooLargePayload: '{"errors":[{"message":"too large"}]}' };

describe('sendGuarded', () => {
  it('should send frames as they are while the reader keeps up', () => {
    const socket = fakeSocket();
    socket.guarded(options, '{"type":"pong"}', {});
    expect(socket.sent).toEqual(['{"type":"pong"}']);
  });

  it('should terminate a socket holding more unsent bytes than the limit, and still call back', () => {
    const socket = fakeSocket();
    const slow: number[] = [];
    const guard: OutputGuardOptions = { ...options, onSlowReader: (_socket, bytes) => slow.push(bytes) };
    socket.bufferedAmount = 1001;
    let calledBack = false;
    socket.guarded(guard, '{"id":"1","type":"next","payload":{}}', () => (calledBack = true));
    expect(socket.terminated).toBe(true);
    expect(socket.sent).toEqual([]);
    expect(calledBack).toBe(true);
    expect(slow).toEqual([1001]);
  });

  it('should replace a next frame over the answer cap by an error for the same id, as text or bytes', () => {
    const socket = fakeSocket();
    const big = `{"id":"op \\"7\\"","type":"next","payload":{"data":{"x":"${'y'.repeat(200)}"}}}`;
    socket.guarded(options, big, {});
    socket.guarded(options, Buffer.from(big), { binary: false });
    const expected = '{"id":"op \\"7\\"","type":"next","payload":{"errors":[{"message":"too large"}]}}';
    expect(socket.sent).toEqual([expected, expected]);
    expect(JSON.parse(expected).id).toBe('op "7"');
  });

  it('should leave a large frame that is not an answer alone', () => {
    const socket = fakeSocket();
    const pong = `{"type":"pong","payload":{"p":"${'z'.repeat(200)}"}}`;
    socket.guarded(options, pong, {});
    expect(socket.sent).toEqual([pong]);
  });
});

describe('nextFrameId', () => {
  it('should find the id of next frames only', () => {
    expect(nextFrameId('{"id":"a1","type":"next","payload":{}}')).toBe('"a1"');
    expect(nextFrameId('{"id":"a1","type":"error","payload":[]}')).toBeNull();
    expect(nextFrameId('{"type":"ka"}')).toBeNull();
  });
});

/** `frame` built as the fan-out builds its frames: a head, a body and a last byte. */
const builtFrame = (frame: string) => {
  const bytes = Buffer.from(frame);
  return textFrame(bytes.subarray(0, 5), bytes.subarray(5, -1), bytes[bytes.length - 1]!);
};

describe('guardedWebSocketClass', () => {
  /**
   * A server whose sockets send `frames` on connection, in one run of
   * JavaScript unless `newRunAt` has an index: that frame starts a later
   * run. Counts the writes reaching its TCP socket.
   */
  async function sendOnConnection(
    frames: string[],
    guard: OutputGuardOptions = options,
    preframed = (_index: number) => false,
    newRunAt: ReadonlySet<number> = new Set(),
  ) {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1', WebSocket: guardedWebSocketClass(guard) });
    await new Promise((resolve) => server.once('listening', resolve));
    const writes: number[] = [];
    server.on('connection', async (socket) => {
      countWrites(socket, writes);
      for (const [index, frame] of frames.entries()) {
        if (newRunAt.has(index)) await new Promise((resolve) => setImmediate(resolve));
        if (!preframed(index)) socket.send(frame);
        else if (canSendTextFrames(socket)) socket.sendTextFrame(builtFrame(frame));
        else throw new Error('a guarded socket sends built text frames');
      }
    });
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const received: string[] = [];
    await new Promise<void>((resolve, reject) => {
      client.on('message', (data, isBinary) => received.push(isBinary ? 'binary!' : data.toString()) === frames.length && resolve());
      client.on('close', () => reject(new Error(`closed after ${received.length} frames`)));
    });
    client.close();
    server.close();
    return { received, writes };
  }

  it('should write the frames sent in one run of JavaScript in one write, each whole and in order', async () => {
    const frames = ['{"type":"pong"}', '{"id":"1","type":"next","payload":{"data":{}}}', '{"id":"1","type":"complete"}', '{"type":"ping"}'];
    const { received, writes } = await sendOnConnection(frames);
    expect(received).toEqual(frames);
    expect(writes.length).toBe(1);
  });

  it('should write the first subscription event of a run at once, and the rest of the run in one write', async () => {
    const frames = ['{"id":"1","type":"next","payload":{"n":1}}', '{"id":"1","type":"next","payload":{"n":2}}', '{"type":"pong"}'];
    const { received, writes } = await sendOnConnection(frames, options, (index) => index < 2);
    expect(received).toEqual(frames);
    // The first event alone, then the second and the pong together.
    expect(writes.length).toBe(2);
    expect(writes[0]).toBe(1);
  });

  it('should write the first subscription event of every run at once, however many runs came before', async () => {
    const frames = [1, 2, 3, 4, 5].map((n) => `{"id":"1","type":"next","payload":{"n":${n}}}`);
    const { received, writes } = await sendOnConnection(frames, options, () => true, new Set([2]));
    expect(received).toEqual(frames);
    // Run one: the first alone, then the second. Run two: the third alone, then the fourth and fifth in one write.
    expect(writes).toEqual([1, 1, 1, 2]);
  });

  it('should not count what it holds back against a reader that keeps up', async () => {
    const frames = Array.from({ length: 40 }, (_, i) => `{"type":"pong","payload":{"n":${i},"pad":"${'x'.repeat(90)}"}}`);
    // 40 frames of about 120 bytes, held together, are more than the 1,000 a socket may hold unsent.
    const { received } = await sendOnConnection(frames, { ...options, maxAnswerBytes: 1000 });
    expect(received).toEqual(frames);
  });

  it('should send built text frames whole at every header length, in order with the frames sent as usual', async () => {
    // Payloads of under 126 bytes, under 64 KiB and over: the three lengths of a WebSocket header.
    const frames = [30, 300, 70_000, 40].map((size, n) => `{"id":"${n}","type":"next","payload":"${'p'.repeat(size)}"}`);
    frames.splice(2, 0, '{"type":"pong"}');
    const { received } = await sendOnConnection(frames, { ...options, maxAnswerBytes: 100_000 }, (index) => index !== 2);
    expect(received).toEqual(frames);
  });

  it('should replace a built answer over the cap, as any other', async () => {
    const big = `{"id":"9","type":"next","payload":{"data":{"x":"${'y'.repeat(200)}"}}}`;
    const { received } = await sendOnConnection([big], options, () => true);
    expect(received).toEqual(['{"id":"9","type":"next","payload":{"errors":[{"message":"too large"}]}}']);
  });
});

describe('textFrame', () => {
  it('should send one frame, unchanged, to many sockets at once', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1', WebSocket: guardedWebSocketClass(options) });
    await new Promise((resolve) => server.once('listening', resolve));
    const frame = builtFrame('{"id":"1","type":"next","payload":{"data":{"n":1}}}');
    const copy = Buffer.from(frame.bytes);
    const clients = Array.from({ length: 5 }, () => new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`));
    const received = clients.map((client) => new Promise<string>((resolve) => client.once('message', (data) => resolve(String(data)))));
    let connected = 0;
    server.on('connection', () => {
      if (++connected < clients.length) return;
      for (const each of server.clients) if (canSendTextFrames(each)) each.sendTextFrame(frame);
    });
    expect(await Promise.all(received)).toEqual(Array(5).fill('{"id":"1","type":"next","payload":{"data":{"n":1}}}'));
    expect(frame.bytes.equals(copy)).toBe(true);
    for (const client of clients) client.close();
    server.close();
  });
});
