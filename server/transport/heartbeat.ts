import type { WebSocket } from 'ws';

/**
 * One timer pings every open socket each interval; a socket that has not
 * answered the previous ping by then is terminated. The timer runs only
 * while some socket is open, and never keeps the process alive.
 */
export class Heartbeat {
  private readonly sockets = new Set<WebSocket>();
  private readonly unanswered = new Set<WebSocket>();
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
    this.sockets.add(socket);
    socket.on('pong', this.onPong);
    this.timer ??= setInterval(() => this.beat(), this.intervalMs).unref();
  }

  forget(socket: WebSocket): void {
    this.sockets.delete(socket);
    this.unanswered.delete(socket);
    if (this.sockets.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private beat(): void {
    for (const socket of this.sockets) {
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
