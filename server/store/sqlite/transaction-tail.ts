import type { Flow, Step } from '../sql/sql-flow.js';
import { foldFollowUps, type FollowUps, type SendFollowUp } from '../sql/send-follow-ups.js';
import type { BeforeCommit } from './group-commit.js';

/** Where a settle happened: the follow-ups before it have run. */
const SETTLED = Symbol('settled');

/**
 * The sends' follow-ups of one group commit (the cap, the author's marker),
 * kept during the group and run once per channel and author before its
 * COMMIT: the statements of a prune cost about the same whatever it removes,
 * so a group of 32 sends into one channel pays for one prune and one marker
 * move instead of 32 of each (see send-follow-ups.ts for why the rows are
 * the same).
 *
 * A journal, so that a write rolled back alone (GroupCommit's savepoints)
 * takes back what it kept, and a settle it made, with its statements.
 */
export class TransactionTail implements FollowUps, BeforeCommit {
  private readonly journal: (SendFollowUp | typeof SETTLED)[] = [];
  private open = false;

  constructor(private readonly execute: (step: Step) => unknown) {}

  // eslint-disable-next-line require-yield -- kept for the end of the transaction: no statement now
  *after(followUp: SendFollowUp): Flow<void> {
    if (!this.open) throw new Error('A send ran outside a group commit: its prune and marker would never run. Run it through GroupCommit.');
    this.journal.push(followUp);
  }

  *settle(): Flow<boolean> {
    const steps = this.pending();
    if (steps.length === 0) return false;
    for (const step of steps) yield step;
    this.journal.push(SETTLED);
    return true;
  }

  begin(): void {
    this.journal.length = 0;
    this.open = true;
  }

  mark(): number {
    return this.journal.length;
  }

  undo(mark: number): void {
    this.journal.length = mark;
  }

  run(): void {
    this.open = false;
    const steps = this.pending();
    this.journal.length = 0;
    for (const step of steps) this.execute(step);
  }

  private pending(): Step[] {
    const since = this.journal.lastIndexOf(SETTLED) + 1;
    return foldFollowUps(this.journal.slice(since) as SendFollowUp[]);
  }
}
