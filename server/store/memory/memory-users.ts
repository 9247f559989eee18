import { decideClaim } from '../../domain/claims.js';
import type { User } from '../../domain/models.js';
import type { ClaimNameInput, ClaimNameResult, StoredClaimCandidate, StoredSession } from '../../domain/ports/store.port.js';
import { Sequence, toUser, type SessionRow, type UserLookup, type UserRow } from './memory-tables.js';

/**
 * The users and sessions of the memory store, with the rules the SQL tables
 * hold by their constraints: a live user holds its skeleton alone (its claim
 * key, freed when it ends), and a token hash opens one session. Every method
 * runs to its end without awaiting, so each is one transaction.
 */
export class MemoryUsers implements UserLookup {
  private readonly users = new Map<string, UserRow>();
  private readonly sessions = new Map<string, SessionRow>();
  private readonly sessionsByToken = new Map<string, SessionRow>();
  /** Skeleton → the live user that holds it: the SQL stores' UNIQUE claim_key. */
  private readonly claimKeys = new Map<string, string>();
  private readonly userIds = new Sequence();
  private readonly sessionIds = new Sequence();

  user(id: string): UserRow {
    const row = this.users.get(id);
    if (!row) throw new Error(`The memory store has no user ${id}: a reference to a user that was never created.`);
    return row;
  }

  claimName(input: ClaimNameInput): ClaimNameResult {
    const decision = decideClaim(this.claimCandidates(input.nameKey, input.skeleton), input);
    if (decision.kind === 'taken' || decision.kind === 'wrong-password')
      return { ok: false, reason: decision.kind, holder: decision.holder };
    if (this.sessionsByToken.has(input.tokenHash))
      throw new Error('A session with this token hash exists already: token hashes are unique.');
    for (const id of decision.endSessionIds) this.endSession(id, input.now);
    let user: UserRow;
    if (decision.kind === 'continue') {
      user = this.user(decision.userId);
      // The same name restyled ("ada" → "Ada") by the browser holding it; a
      // look-alike spelling never renames, nor does signing in to a protected name.
      if (user.name !== input.name && user.nameKey === input.nameKey && user.passwordHash === null) user.name = input.name;
    } else {
      for (const id of decision.endUserIds) this.endUser(this.user(id), input.now);
      user = this.insertUser(input);
    }
    const session: SessionRow = {
      id: this.sessionIds.next(),
      userId: user.id,
      tokenHash: input.tokenHash,
      lastUsedAt: input.now,
      endedAt: null,
    };
    this.sessions.set(session.id, session);
    this.sessionsByToken.set(session.tokenHash, session);
    return { ok: true, user: toUser(user), endedSessionIds: [...decision.endSessionIds] };
  }

  /** Live users whose name key is this one or whose skeleton is, oldest first, each with its live sessions. */
  claimCandidates(nameKey: string, skeleton: string): StoredClaimCandidate[] {
    const candidates: StoredClaimCandidate[] = [];
    for (const user of this.users.values()) {
      if (user.endedAt !== null || (user.nameKey !== nameKey && user.skeleton !== skeleton)) continue;
      const sessions = [...this.sessions.values()]
        .filter((session) => session.userId === user.id && session.endedAt === null)
        .map((session) => ({ id: session.id, lastUsedAt: new Date(session.lastUsedAt) }));
      candidates.push({
        id: user.id,
        name: user.name,
        nameKey: user.nameKey,
        protected: user.passwordHash !== null,
        passwordHash: user.passwordHash,
        sessions,
      });
    }
    return candidates;
  }

  findSession(tokenHash: string): StoredSession | null {
    const session = this.sessionsByToken.get(tokenHash);
    if (!session || session.endedAt !== null) return null;
    return { sessionId: session.id, user: toUser(this.user(session.userId)), lastUsedAt: new Date(session.lastUsedAt) };
  }

  endSession(sessionId: string, now: Date): boolean {
    const session = this.sessions.get(sessionId);
    if (!session || session.endedAt !== null) return false;
    session.endedAt = now;
    return true;
  }

  releaseUser(userId: string, now: Date): void {
    const user = this.users.get(userId);
    if (user && user.passwordHash === null) this.endUser(user, now);
  }

  touchSession(sessionId: string, now: Date): void {
    const session = this.sessions.get(sessionId);
    if (session && session.endedAt === null) session.lastUsedAt = now;
  }

  setPasswordHash(userId: string, passwordHash: string): User {
    const user = this.user(userId);
    if (user.endedAt === null) user.passwordHash = passwordHash;
    return toUser(user);
  }

  passwordHashOf(userId: string): string | null {
    return this.users.get(userId)?.passwordHash ?? null;
  }

  /** The live user of this very name, else the oldest live look-alike, else the newest ended user of the name. */
  findUserByName(nameKey: string, skeleton: string): { user: User; ended: boolean } | null {
    let lookAlike: UserRow | null = null;
    let ended: UserRow | null = null;
    for (const user of this.users.values()) {
      if (user.endedAt === null) {
        if (user.nameKey === nameKey) return { user: toUser(user), ended: false };
        if (user.skeleton === skeleton) lookAlike ??= user;
      } else if (user.nameKey === nameKey) ended = user;
    }
    if (lookAlike) return { user: toUser(lookAlike), ended: false };
    return ended ? { user: toUser(ended), ended: true } : null;
  }

  private insertUser(input: ClaimNameInput): UserRow {
    const holder = this.claimKeys.get(input.skeleton);
    if (holder !== undefined) throw new Error(`User ${holder} holds this skeleton already: a claim must end it first (see decideClaim).`);
    const user: UserRow = {
      id: this.userIds.next(),
      name: input.name,
      nameKey: input.nameKey,
      skeleton: input.skeleton,
      passwordHash: null,
      endedAt: null,
    };
    this.users.set(user.id, user);
    this.claimKeys.set(user.skeleton, user.id);
    return user;
  }

  private endUser(user: UserRow, now: Date): void {
    if (user.endedAt !== null) return;
    user.endedAt = now;
    if (this.claimKeys.get(user.skeleton) === user.id) this.claimKeys.delete(user.skeleton);
  }
}
