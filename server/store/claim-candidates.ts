import type { StoredClaimCandidate } from './store.js';

/** Rows of users joined with their live sessions (one row each, or one with a null session), into candidates. */
export function groupCandidates(
  rows: readonly Record<string, any>[],
  toDate: (value: any) => Date,
): StoredClaimCandidate[] {
  const byId = new Map<string, StoredClaimCandidate & { sessions: { id: string; lastUsedAt: Date }[] }>();
  for (const row of rows) {
    const id = String(row.id);
    let candidate = byId.get(id);
    if (!candidate) {
      candidate = {
        id,
        name: row.name,
        nameKey: row.name_key,
        protected: row.password_hash !== null,
        passwordHash: row.password_hash,
        sessions: [],
      };
      byId.set(id, candidate);
    }
    if (row.session_id !== null) candidate.sessions.push({ id: String(row.session_id), lastUsedAt: toDate(row.last_used_at) });
  }
  return [...byId.values()];
}
