import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { guardOutput, nextFrameId } from './socket-output.js';

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
    terminate() {
      socket.terminated = true;
      socket.readyState = 3;
    },
  };
  return socket;
}

const options = { maxBufferedBytes: 1000, maxAnswerBytes: 100, tooLargePayload: '{"errors":[{"message":"too large"}]}' };

describe('guardOutput', () => {
  it('should send frames as they are while the reader keeps up', () => {
    const socket = fakeSocket();
    guardOutput(socket as unknown as WebSocket, options);
    socket.send('{"type":"pong"}', {});
    expect(socket.sent).toEqual(['{"type":"pong"}']);
  });

  it('should terminate a socket holding more unsent bytes than the limit, and still call back', () => {
    const socket = fakeSocket();
    const slow: number[] = [];
    guardOutput(socket as unknown as WebSocket, { ...options, onSlowReader: (bytes) => slow.push(bytes) });
    socket.bufferedAmount = 1001;
    let calledBack = false;
    socket.send('{"id":"1","type":"next","payload":{}}', () => (calledBack = true));
    expect(socket.terminated).toBe(true);
    expect(socket.sent).toEqual([]);
    expect(calledBack).toBe(true);
    expect(slow).toEqual([1001]);
  });

  it('should replace a next frame over the answer cap by an error for the same id, as text or bytes', () => {
    const socket = fakeSocket();
    guardOutput(socket as unknown as WebSocket, options);
    const big = `{"id":"op \\"7\\"","type":"next","payload":{"data":{"x":"${'y'.repeat(200)}"}}}`;
    socket.send(big, {});
    socket.send(Buffer.from(big), { binary: false });
    const expected = '{"id":"op \\"7\\"","type":"next","payload":{"errors":[{"message":"too large"}]}}';
    expect(socket.sent).toEqual([expected, expected]);
    expect(JSON.parse(expected).id).toBe('op "7"');
  });

  it('should leave a large frame that is not an answer alone', () => {
    const socket = fakeSocket();
    guardOutput(socket as unknown as WebSocket, options);
    const pong = `{"type":"pong","payload":{"p":"${'z'.repeat(200)}"}}`;
    socket.send(pong, {});
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
