/**
 * Counts the work a shutdown must wait for: HTTP requests from their headers
 * to their last byte, and operations run over WebSocket. `settled` resolves
 * once nothing has been in flight for a quiet period, so that requests a
 * client sent just before the signal, still unread in the socket's buffer,
 * are read and counted before the server calls the work done.
 */
export class InFlight {
  private count = 0;
  private lastLeftAt = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.count;
  }

  /** Marks one piece of work started; call the returned function once when it ends (extra calls do nothing). */
  enter(): () => void {
    this.count++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.count--;
      this.lastLeftAt = this.now();
      if (this.count === 0) for (const wake of [...this.waiters]) wake();
    };
  }

  /**
   * Resolves `true` once nothing has been in flight for `quietMs`, or `false`
   * when `deadlineMs` passes first. Timers are unref'd: they never keep the
   * process alive on their own.
   */
  settled({ quietMs, deadlineMs }: { quietMs: number; deadlineMs: number }): Promise<boolean> {
    const deadline = this.now() + deadlineMs;
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (result: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(result);
      };
      const check = () => {
        clearTimeout(timer);
        const now = this.now();
        if (now >= deadline) return finish(this.count === 0 && now - this.lastLeftAt >= quietMs);
        if (this.count === 0) {
          const quietFor = now - this.lastLeftAt;
          if (quietFor >= quietMs) return finish(true);
          timer = setTimeout(check, Math.min(quietMs - quietFor, deadline - now));
        } else {
          // Woken by the last `leave`, or by the deadline.
          timer = setTimeout(check, deadline - now);
        }
        timer.unref();
      };
      this.waiters.add(check);
      check();
    });
  }
}
