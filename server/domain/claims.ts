/**
 * Who gets a name at login: the one rule both stores apply inside their
 * transaction, so that it holds under concurrency and is written once.
 *
 * A name's user lives while the name is held. A name without a password is
 * held by one live session; once that session ends (logout, idle expiry) the
 * user ends with it, and whoever claims the name next is a new user with a
 * new id, who cannot read the direct messages of the one before. A name with
 * a password keeps its user for good; the password takes it over from any
 * session that holds it.
 */

/** A live user whose name is the claimed one, or looks like it. */
export interface ClaimCandidate {
  readonly id: string;
  readonly name: string;
  /** The claimed name's key (NFKC case folded): equal means "the same name", not merely a look-alike. */
  readonly nameKey: string;
  readonly protected: boolean;
  /** Its sessions that have not ended (some may be idle). */
  readonly sessions: readonly { readonly id: string; readonly lastUsedAt: Date }[];
}

export interface ClaimRequest {
  readonly nameKey: string;
  /** The user whose password the caller gave correctly, if any. */
  readonly verifiedUserId: string | null;
  /** The caller's own session, which never holds a name against it. */
  readonly currentSessionId: string | null;
  readonly now: Date;
  /** A session unused for longer than this no longer holds its name (at exactly this long, it still does, as it still signs in). */
  readonly idleLimitMs: number;
}

/**
 * Whether a session last used at `lastUsedAt` has gone unused for longer than
 * the idle limit: it then signs in no more and holds its name no more. At
 * exactly the limit it still does both.
 */
export const isIdle = (lastUsedAt: Date, now: Date, idleLimitMs: number) => now.getTime() - lastUsedAt.getTime() > idleLimitMs;

export type ClaimDecision =
  /** The name is in use by another live session, or looks like a name that is. */
  | { readonly kind: 'taken'; readonly holder: string }
  /** The name is protected and the caller did not give its password. */
  | { readonly kind: 'wrong-password'; readonly holder: string }
  /** The caller continues as this user; its sessions listed end. */
  | { readonly kind: 'continue'; readonly userId: string; readonly endSessionIds: readonly string[] }
  /** A new user takes the name; the free users listed end, with their sessions. */
  | { readonly kind: 'new'; readonly endUserIds: readonly string[]; readonly endSessionIds: readonly string[] };

/**
 * Decides a claim. `candidates` are the live users whose name key is the
 * claimed one or whose skeleton is the same, oldest first. The target is the
 * one with the very same name, else the oldest look-alike; every other
 * look-alike must be free too, since a new claim may not sit beside a name in use.
 */
export function decideClaim(candidates: readonly ClaimCandidate[], request: ClaimRequest): ClaimDecision {
  const holdsName = (candidate: ClaimCandidate) =>
    candidate.sessions.some((s) => s.id !== request.currentSessionId && !isIdle(s.lastUsedAt, request.now, request.idleLimitMs));
  const isCallers = (candidate: ClaimCandidate) => candidate.sessions.some((s) => s.id === request.currentSessionId);
  const sessionIds = (candidate: ClaimCandidate) => candidate.sessions.map((s) => s.id);

  const target = candidates.find((c) => c.nameKey === request.nameKey) ?? candidates[0];
  if (!target) return { kind: 'new', endUserIds: [], endSessionIds: [] };

  if (target.protected) {
    if (request.verifiedUserId !== target.id) return { kind: 'wrong-password', holder: target.name };
    return { kind: 'continue', userId: target.id, endSessionIds: sessionIds(target) };
  }
  if (holdsName(target)) return { kind: 'taken', holder: target.name };
  // Signing in again under one's own name, from the browser that holds it: the name was never free.
  if (isCallers(target) && target.nameKey === request.nameKey)
    return { kind: 'continue', userId: target.id, endSessionIds: sessionIds(target) };

  const blocking = candidates.find((c) => c !== target && (c.protected || holdsName(c) || isCallers(c)));
  if (blocking) return { kind: 'taken', holder: blocking.name };
  const freed = candidates.filter((c) => !c.protected);
  return { kind: 'new', endUserIds: freed.map((c) => c.id), endSessionIds: freed.flatMap(sessionIds) };
}
