/**
 * Time for specs, moved by hand: a spec of idle expiry or of a wait advances
 * the clock instead of sleeping, so it runs in no time and never flakes.
 *
 * `now` and `nowMs` are bound, so they can be handed over as they are: the
 * services take a `() => Date`, RateLimiter and LoginAttempts a `() => number`.
 */
export class FakeClock {
  private ms: number;

  /** Starts at `start`: a fixed instant by default, so that specs print the same dates every run. */
  constructor(start: Date | string = '2025-03-01T12:00:00.000Z') {
    this.ms = new Date(start).getTime();
    if (Number.isNaN(this.ms)) throw new Error(`FakeClock cannot start at "${String(start)}": give a Date or an ISO-8601 string.`);
  }

  /** A new Date each call, so that nobody holding one can move the clock. */
  readonly now = (): Date => new Date(this.ms);

  readonly nowMs = (): number => this.ms;

  /** Moves time forward; never back, as the wall clock the services expect does not go back either. */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(`FakeClock.advance takes a duration of 0 ms or more, not ${ms}.`);
    this.ms += ms;
  }
}
