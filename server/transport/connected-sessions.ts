import type { WebSocket } from 'ws';
import type { AuthSession } from '../domain/models.js';
import type { SessionService } from '../domain/session.service.js';
import type { Logger } from '../logger.js';

/**
 * The sessions with an open WebSocket on this instance, and their sockets:
 * so that a session that ends anywhere closes its sockets here, and so that a
 * session stays alive while its tab is open, even when the reader only reads.
 */
export class ConnectedSessions {
  private readonly bySession = new Map<string, { session: AuthSession; sockets: Set<WebSocket> }>();
  private readonly keeper: NodeJS.Timeout;

  constructor(
    private readonly sessions: SessionService,
    private readonly log: Logger,
  ) {
    // An open connection is a use of its session: recorded for all of them at
    // once, a few times per idle limit (hourly by default), not per operation.
    this.keeper = setInterval(() => void this.keepAllAlive(), sessions.connectedTouchIntervalMs);
    this.keeper.unref();
  }

  add(session: AuthSession, socket: WebSocket): void {
    let entry = this.bySession.get(session.sessionId);
    if (!entry) this.bySession.set(session.sessionId, (entry = { session, sockets: new Set() }));
    entry.sockets.add(socket);
  }

  remove(session: AuthSession, socket: WebSocket): void {
    const entry = this.bySession.get(session.sessionId);
    if (!entry) return;
    entry.sockets.delete(socket);
    if (entry.sockets.size === 0) this.bySession.delete(session.sessionId);
  }

  socketsOf(sessionId: string): WebSocket[] {
    return [...(this.bySession.get(sessionId)?.sockets ?? [])];
  }

  close(): void {
    clearInterval(this.keeper);
  }

  /** Records that every connected session is in use; settles once all are recorded (a failure is logged, not thrown). */
  async keepAllAlive(): Promise<void> {
    await Promise.all(
      [...this.bySession.values()].map(({ session }) =>
        this.sessions
          .keepAlive(session)
          .catch((error: unknown) => this.log.warn({ err: error }, 'could not record the use of a connected session')),
      ),
    );
  }
}
