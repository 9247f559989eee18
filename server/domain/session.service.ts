import type { EventBus } from '../events/event-bus.js';
import { Topic } from '../events/topics.js';
import type { Store } from '../store/store.js';
import { DomainError, ErrorCode } from './errors.js';
import type { AuthSession, ClientInfo, User } from './models.js';
import { addressKey, type RateLimiter } from './rate-limiter.js';
import { nameKey, normalizeUserName } from './text-rules.js';
import { hashToken, looksLikeToken, newToken } from './tokens.js';

export interface SessionOptions {
  /** A session unused this long ends and frees its name. */
  idleLimitMs: number;
  /** Sign-ins per address; without it, unlimited. */
  loginLimiter?: RateLimiter;
}

/** How often a session in use records that it was used: often enough for idle expiry, rarely enough to cost nothing. */
const TOUCH_INTERVAL_MS = 60_000;
/** A session's use is recorded at least this many times per idle limit, so that short limits still see it. */
const TOUCHES_PER_IDLE_LIMIT = 10;
/** How often an open connection records that its session is in use, at most. */
const CONNECTED_TOUCH_INTERVAL_MS = 60 * 60_000;

/**
 * Sign-in by name alone. A name is held by one live session at a time: from
 * login until logout, or until the session goes unused for the idle limit.
 */
export class SessionService {
  /** How long a use may go unrecorded: a minute, or less when the idle limit is short. */
  readonly touchIntervalMs: number;
  /** How often the sessions with an open connection record that they are in use: hourly, or less when the idle limit is short. */
  readonly connectedTouchIntervalMs: number;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly options: SessionOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.touchIntervalMs = Math.min(TOUCH_INTERVAL_MS, options.idleLimitMs / TOUCHES_PER_IDLE_LIMIT);
    this.connectedTouchIntervalMs = Math.min(CONNECTED_TOUCH_INTERVAL_MS, options.idleLimitMs / TOUCHES_PER_IDLE_LIMIT);
  }

  /**
   * Claims the name for a new session. The caller's current session, if any,
   * ends: one browser holds one session. Sign-ins are limited per address,
   * refused ones too, so that nobody can claim every short name at once.
   */
  async login(rawName: unknown, current: AuthSession | null, client: ClientInfo): Promise<{ token: string; user: User }> {
    const name = normalizeUserName(rawName);
    this.options.loginLimiter?.take(addressKey(client));
    const token = newToken();
    const result = await this.store.claimName({
      name,
      nameKey: nameKey(name),
      tokenHash: hashToken(token),
      now: this.clock(),
      idleLimitMs: this.options.idleLimitMs,
      currentSessionId: current?.sessionId ?? null,
    });
    if (!result.ok)
      throw new DomainError(
        ErrorCode.UsernameTaken,
        `The name "${name}" is in use in another session. Choose another name, or log out there first.`,
      );
    const ended = new Set(result.endedSessionIds);
    if (current && !ended.has(current.sessionId) && (await this.store.endSession(current.sessionId)))
      ended.add(current.sessionId);
    await Promise.all([...ended].map((sessionId) => this.announceEnd(sessionId)));
    return { token, user: result.user };
  }

  /** The session a token belongs to, or null when it is unknown, ended or expired. */
  async authenticate(token: string | null | undefined): Promise<AuthSession | null> {
    if (!token || !looksLikeToken(token)) return null;
    const now = this.clock();
    const session = await this.store.findSession(hashToken(token), now, this.options.idleLimitMs);
    if (!session) return null;
    if (now.getTime() - session.lastUsedAt.getTime() > this.touchIntervalMs)
      await this.store.touchSession(session.sessionId, now);
    return { sessionId: session.sessionId, user: session.user };
  }

  /** Records that a long-lived connection still uses the session. */
  async keepAlive(session: AuthSession): Promise<void> {
    await this.store.touchSession(session.sessionId, this.clock());
  }

  /** Ends the session at once, everywhere: its open WebSocket connections close too. */
  async logout(session: AuthSession): Promise<void> {
    await this.store.endSession(session.sessionId);
    await this.announceEnd(session.sessionId);
  }

  private announceEnd(sessionId: string): Promise<void> {
    return this.bus.publish(Topic.SessionRevoked, { sessionId });
  }
}
