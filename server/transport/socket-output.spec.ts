import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { nextFrameId, sendGuarded, type OutputGuardOptions } from './socket-output.js';

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
