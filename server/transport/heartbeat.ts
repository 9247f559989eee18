import type { WebSocket } from 'ws';

/**
 * Sockets are pinged in this many groups, one group at a time, spread over
 * the interval: pinging 15,000 sockets at once holds the event loop for
 * about a hundred milliseconds, and every message fanned out meanwhile waits.
 */
const GROUPS = 12;

/**
 * Every open socket is pinged once each interval; a socket that has not
 * answered the previous ping by then is terminated. One timer ticks
 * GROUPS times an interval, each tick pinging one group. The timer runs
 * only while some socket is open, and never keeps the process alive.
 */
export class Heartbeat {
  private readonly groups: Set<WebSocket>[] = Array.from({ length: GROUPS }, () => new Set());
  private readonly unanswered = new Set<WebSocket>();
  /** Where the next socket goes: round robin, so that groups stay even. */
  private nextGroup = 0;
  private tick = 0;
  private timer: NodeJS.Timeout | null = null;
  /** One listener for every socket: ws calls it with the socket as `this`. */
  private readonly onPong: (this: WebSocket) => void;

  constructor(private readonly intervalMs: number) {
    const { unanswered } = this;
    this.onPong = function (this: WebSocket) {
      unanswered.delete(this);
    };
  }

  watch(socket: WebSocket): void {
    this.groups[this.nextGroup]!.add(socket);
    this.nextGroup = (this.nextGroup + 1) % GROUPS;
    socket.on('pong', this.onPong);
    this.timer ??= setInterval(() => this.beat(), Math.max(1, Math.floor(this.intervalMs / GROUPS))).unref();
  }

  forget(socket: WebSocket): void {
    for (const group of this.groups) group.delete(socket);
    this.unanswered.delete(socket);
    if (this.timer && this.groups.every((group) => group.size === 0)) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private beat(): void {
    const group = this.groups[this.tick]!;
    this.tick = (this.tick + 1) % GROUPS;
    for (const socket of group) {
      if (socket.readyState !== socket.OPEN) continue;
      if (this.unanswered.has(socket)) {
        socket.terminate();
        continue;
      }
      this.unanswered.add(socket);
      socket.ping();
    }
  }
}
