import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { Heartbeat } from './heartbeat.js';

/** Enough of a ws socket for the heartbeat: pings it got, whether it was cut off, and a way to answer. */
function fakeSocket() {
  let onPong: (() => void) | undefined;
  const socket = {
    OPEN: 1,
    readyState: 1,
    pings: 0,
    terminated: false,
    on(event: string, listener: () => void) {
      if (event === 'pong') onPong = listener;
    },
    ping() {
      socket.pings++;
    },
    terminate() {
      socket.terminated = true;
      socket.readyState = 3;
    },
    answer() {
      onPong?.call(socket);
    },
  };
  return socket;
}

const asSocket = (socket: ReturnType<typeof fakeSocket>) => socket as unknown as WebSocket;

describe('Heartbeat', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('should ping every socket each interval and keep those that answer', () => {
    const heartbeat = new Heartbeat(1000);
    const answering = fakeSocket();
    heartbeat.watch(asSocket(answering));
    for (let beat = 1; beat <= 3; beat++) {
      vi.advanceTimersByTime(1000);
      answering.answer();
    }
    expect(answering.pings).toBe(3);
    expect(answering.terminated).toBe(false);
  });

  it('should terminate a socket that has not answered by the next beat, and only that one', () => {
    const heartbeat = new Heartbeat(1000);
    const silent = fakeSocket();
    const answering = fakeSocket();
    heartbeat.watch(asSocket(silent));
    heartbeat.watch(asSocket(answering));
    vi.advanceTimersByTime(1000);
    answering.answer();
    expect(silent.terminated).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(silent.terminated).toBe(true);
    expect(answering.terminated).toBe(false);
  });

  it('should run its timer only while some socket is watched', () => {
    const heartbeat = new Heartbeat(1000);
    const socket = fakeSocket();
    heartbeat.watch(asSocket(socket));
    expect(vi.getTimerCount()).toBe(1);
    heartbeat.forget(asSocket(socket));
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(socket.pings).toBe(0);
  });

  it('should spread the pings over the interval, each socket pinged once in it', () => {
    const heartbeat = new Heartbeat(1200);
    const sockets = Array.from({ length: 24 }, () => fakeSocket());
    for (const socket of sockets) heartbeat.watch(asSocket(socket));
    const pinged = () => sockets.reduce((sum, socket) => sum + socket.pings, 0);
    vi.advanceTimersByTime(100);
    expect(pinged()).toBe(2);
    vi.advanceTimersByTime(1100);
    expect(sockets.map((socket) => socket.pings)).toEqual(sockets.map(() => 1));
  });
});
