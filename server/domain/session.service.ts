import type { EventBus, EventStream } from './ports/events.port.js';
import { Topic } from './ports/events.port.js';
import type { Store } from './ports/store.port.js';
import { isIdle } from './claims.js';
import { DomainError, ErrorCode } from './errors.js';
import type { LoginAttempts } from './login-attempts.js';
import type { AuthSession, ClientInfo, User } from './models.js';
import { hashPassword, normalizePassword, verifyPassword } from './passwords.js';
import { addressKey, type RateLimiter } from './rate-limiter.js';
import { nameKey, nameSkeleton, normalizeUserName } from './text-rules.js';
import { hashToken, looksLikeToken, newToken } from './tokens.js';
import type { Clock } from './ports/clock.port.js';

/** Wrong passwords are limited per name and, separately, per address (more are allowed there: many people may share one). */
export interface PasswordAttempts {
  readonly byName: LoginAttempts;
  readonly byAddress: LoginAttempts;
}

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
 * Sign-in by name, with a password for names that have one. A name is held by
 * one live session at a time: from login until logout, or until the session
 * goes unused for the idle limit. See domain/claims.ts for who gets a name.
 */
export class SessionService {
  /** How long a use may go unrecorded: a minute, or less when the idle limit is short. */
  readonly touchIntervalMs: number;
  /** How often the sessions with an open connection record that they are in use: hourly, or less when the idle limit is short. */
  readonly connectedTouchIntervalMs: number;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly attempts: PasswordAttempts,
    private readonly options: SessionOptions,
    private readonly clock: Clock = () => new Date(),
  ) {
    this.touchIntervalMs = Math.min(TOUCH_INTERVAL_MS, options.idleLimitMs / TOUCHES_PER_IDLE_LIMIT);
    this.connectedTouchIntervalMs = Math.min(CONNECTED_TOUCH_INTERVAL_MS, options.idleLimitMs / TOUCHES_PER_IDLE_LIMIT);
  }

  /**
   * Claims the name for a new session. The caller's current session, if any,
   * ends: one browser holds one session. With the right password, a protected
   * name is taken over from whichever session held it. Sign-ins are limited
   * per address, refused ones too, so that nobody can claim every short name at once.
   */
  async login(
    rawName: unknown,
    rawPassword: unknown,
    current: AuthSession | null,
    client: ClientInfo,
  ): Promise<{ token: string; user: User }> {
    const name = normalizeUserName(rawName);
    this.options.loginLimiter?.take(addressKey(client));
    const key = nameKey(name);
    const skeleton = nameSkeleton(name);
    const verifiedUserId = await this.checkPassword(key, skeleton, rawPassword, client);
    const token = newToken();
    const now = this.clock();
    const result = await this.store.claimName({
      name,
      nameKey: key,
      skeleton,
      tokenHash: hashToken(token),
      now,
      idleLimitMs: this.options.idleLimitMs,
      currentSessionId: current?.sessionId ?? null,
      verifiedUserId,
    });
    if (!result.ok) {
      if (result.reason === 'wrong-password') throw passwordNeeded(result.holder);
      throw new DomainError(
        ErrorCode.UsernameTaken,
        nameKey(result.holder) === key
          ? `The name "${name}" is in use in another session. Choose another name, or log out there first.`
          : `The name "${name}" looks too much like "${result.holder}", which is in use. Choose another name.`,
        { field: 'name' },
      );
    }
    const ended = new Set(result.endedSessionIds);
    if (current && !ended.has(current.sessionId)) {
      if (await this.store.endSession(current.sessionId, now)) ended.add(current.sessionId);
      if (current.user.id !== result.user.id) await this.store.releaseUser(current.user.id, now);
    }
    await Promise.all([...ended].map((sessionId) => this.announceEnd(sessionId)));
    return { token, user: result.user };
  }

  /**
   * Protects the signed-in user's name with a password, or changes it (the
   * current one is then needed). From then on the user keeps the name, and
   * its history, for good.
   */
  async setPassword(session: AuthSession, rawPassword: unknown, rawCurrent: unknown, client: ClientInfo): Promise<User> {
    const password = normalizePassword(rawPassword);
    const stored = await this.store.passwordHashOf(session.user.id);
    if (stored !== null) {
      const attempt = this.attempt(nameSkeleton(session.user.name), client);
      if (typeof rawCurrent !== 'string' || !(await verifyPassword(rawCurrent, stored))) {
        attempt.failed();
        throw new DomainError(ErrorCode.WrongPassword, 'Enter your current password to change it.', {
          field: 'currentPassword',
        });
      }
      attempt.succeeded();
    }
    return this.store.setPasswordHash(session.user.id, await hashPassword(password));
  }

  /** The session a token belongs to, or null when it is unknown, ended or expired. */
  async authenticate(token: string | null | undefined): Promise<AuthSession | null> {
    if (!token || !looksLikeToken(token)) return null;
    const now = this.clock();
    const session = await this.store.findSession(hashToken(token));
    if (!session || isIdle(session.lastUsedAt, now, this.options.idleLimitMs)) return null;
    if (now.getTime() - session.lastUsedAt.getTime() > this.touchIntervalMs) await this.store.touchSession(session.sessionId, now);
    return { sessionId: session.sessionId, user: session.user };
  }

  /** Records that a long-lived connection still uses the session. */
  async keepAlive(session: AuthSession): Promise<void> {
    await this.store.touchSession(session.sessionId, this.clock());
  }

  /**
   * Ends the session at once, everywhere: its open WebSocket connections close
   * too. A name without a password is free from now on, and its user ends.
   */
  async logout(session: AuthSession): Promise<void> {
    const now = this.clock();
    await this.store.endSession(session.sessionId, now);
    await this.store.releaseUser(session.user.id, now);
    await this.announceEnd(session.sessionId);
  }

  /**
   * For a protected name: the id of its user when the password is right.
   * Checked before the claim, since hashing is slow and must not hold the
   * claim's transaction; the claim then only accepts that very user.
   */
  private async checkPassword(key: string, skeleton: string, rawPassword: unknown, client: ClientInfo): Promise<string | null> {
    const candidates = await this.store.findClaimCandidates(key, skeleton);
    const target = candidates.find((c) => c.nameKey === key) ?? candidates[0];
    if (!target?.passwordHash) return null;
    if (rawPassword === undefined || rawPassword === null || rawPassword === '') throw passwordNeeded(target.name);
    const attempt = this.attempt(skeleton, client);
    if (typeof rawPassword !== 'string' || !(await verifyPassword(rawPassword, target.passwordHash))) {
      attempt.failed();
      throw new DomainError(ErrorCode.WrongPassword, `That is not the password of "${target.name}". Try again.`, {
        field: 'password',
      });
    }
    attempt.succeeded();
    return target.id;
  }

  /** Starts a password attempt: RATE_LIMITED while the name or the address waits out earlier failures. */
  private attempt(skeleton: string, client: ClientInfo) {
    const { byName, byAddress } = this.attempts;
    byName.check([skeleton]);
    byAddress.check([client.address]);
    return {
      failed: () => {
        byName.fail([skeleton]);
        byAddress.fail([client.address]);
      },
      succeeded: () => byName.succeed([skeleton]),
    };
  }

  /**
   * Sessions that end from now on, on any instance (logout, a new sign-in in
   * the same browser, a password given elsewhere): their connections must close.
   */
  endedSessions(): Promise<EventStream<{ sessionId: string }>> {
    return this.bus.subscribe(Topic.SessionRevoked);
  }

  private announceEnd(sessionId: string): Promise<void> {
    return this.bus.publish(Topic.SessionRevoked, { sessionId });
  }
}

const passwordNeeded = (holder: string) =>
  new DomainError(ErrorCode.WrongPassword, `The name "${holder}" is protected by a password. Enter it to sign in.`, {
    field: 'password',
  });
