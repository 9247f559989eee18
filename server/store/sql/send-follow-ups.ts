import { changes, type Flow, type Step } from './sql-flow.js';
import type { SqlParams, Statement } from './sql-statement.js';

/**
 * What follows a send's insert, written so that an engine may run it at once
 * or once for many sends at the end of their shared transaction:
 *
 * - the cap: the oldest messages of the channel or conversation beyond
 *   `keep` are removed;
 * - the author's read marker moves to the new message (their own messages
 *   are never unread to them).
 *
 * Both are the same rows whether run after each send or once per group: a
 * prune with the right `keep` after several inserts removes exactly what a
 * prune after each would have (see foldFollowUps), and a marker only ever
 * moves forward, so the newest id of the group is where the moves of each
 * send would have left it.
 */
export interface SendFollowUp {
  readonly prune: Keyed<{ readonly keep: number }>;
  readonly mark: Keyed<{ readonly id: string }>;
}

/** A statement for one channel or conversation (or one author in it), and that key. */
export interface Keyed<P extends SqlParams> {
  /** Equal for the statements that act on the same rows: one channel's prune, one author's marker there. */
  readonly key: string;
  readonly statement: Statement<SqlParams, never>;
  readonly params: SqlParams & P;
}

/** How an engine runs a send's follow-up (see SendEngine). */
export interface FollowUps {
  /** Runs it now, or keeps it for the end of the transaction. */
  after(followUp: SendFollowUp): Flow<void>;
  /**
   * Runs now what was kept for the end of the transaction, and answers
   * whether there was any: a write that reads messages or markers (a change,
   * a clientId found again) must see them as the sends before it left them.
   */
  settle(): Flow<boolean>;
}

/** An engine that runs each send's follow-up at once, in the send's own place in the transaction. */
export const followUpsAtOnce: FollowUps = {
  *after({ prune, mark }) {
    yield* changes(prune.statement, prune.params);
    yield* changes(mark.statement, mark.params);
  },
  // eslint-disable-next-line require-yield -- nothing is ever kept, so there is never a statement to run
  *settle() {
    return false;
  },
};

/**
 * The statements that leave the rows as the follow-ups, run one after each
 * send in order, would have: one prune per channel or conversation, one
 * marker move per author there.
 *
 * Each send's prune keeps the newest `keep` messages, and the messages form a
 * suffix of ids throughout, so after the sends of one channel its retained
 * length is min(before + 1, keep) send by send; a single prune at the end
 * with the folded `keep` (each later send adds one, each send's own cap
 * bounds it) keeps that same suffix. Markers take the largest id: a marker
 * keeps the larger of its id and the new one.
 */
export function foldFollowUps(followUps: Iterable<SendFollowUp>): Step[] {
  const prunes = new Map<string, { readonly first: Keyed<{ readonly keep: number }>; keep: number }>();
  const marks = new Map<string, Keyed<{ readonly id: string }>>();
  for (const { prune, mark } of followUps) {
    const folded = prunes.get(prune.key);
    if (folded) folded.keep = Math.min(folded.keep + 1, prune.params.keep);
    else prunes.set(prune.key, { first: prune, keep: prune.params.keep });
    const newest = marks.get(mark.key);
    // Ids are integers well below 2^53 (SQLite's rowid in practice, a bigserial here).
    if (!newest || Number(mark.params.id) > Number(newest.params.id)) marks.set(mark.key, mark);
  }
  const steps: Step[] = [];
  for (const { first, keep } of prunes.values())
    steps.push({ statement: first.statement, params: { ...first.params, keep }, mode: 'changes' });
  for (const mark of marks.values()) steps.push({ statement: mark.statement, params: mark.params, mode: 'changes' });
  return steps;
}
