import { FakeClock } from '../../server/domain/testing/fake-clock.js';

/**
 * The clock of a test server (`startTestServer(env, dir, { clock: clock.now })`):
 * it stands still until the test moves it, so a test of idle sessions or of
 * a wait that lifts advances it rather than sleeping. It starts at the real
 * time, so that the dates the server hands out look like today's; `now` and
 * `nowMs` are bound and can be handed over as they are.
 *
 * The server's timers still run on real time: a rule that a timer drives
 * (the keep-alive of connected sessions) is run by the test itself, through
 * `RunningServer.connectedSessions`.
 */
export class TestClock extends FakeClock {
  constructor(start: Date | string = new Date()) {
    super(start);
  }
}

/**
 * Now, or an hour before now when the next local midnight is less than an
 * hour away: the start for a test that moves the clock by minutes and looks
 * at what the web app groups by day (it starts a new day at local midnight),
 * so that the test means the same at 23:55 as at noon.
 */
export function clearOfMidnight(now = new Date(), marginMs = 60 * 60_000): Date {
  const midnight = new Date(now);
  midnight.setHours(24, 0, 0, 0);
  return midnight.getTime() - now.getTime() < marginMs ? new Date(now.getTime() - marginMs) : now;
}
